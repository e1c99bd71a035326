using System.Globalization;
using System.Text.Json;
using Lapicque.Analysis;
using Lapicque.Plotting;

namespace Lapicque.Cli.Commands;

/// <summary>
/// The <c>--energy</c> part of <c>lapicque analyze</c>: an <see cref="ActivityReport"/> from the run's per-neuron counts
/// (exact synaptic operations), its <see cref="EnergyReport"/> printed as text, energy.json and energy.svg.
/// </summary>
internal static class AnalyzeEnergy
{
    /// <summary>Runs the analysis; returns the names of the files written.</summary>
    public static IEnumerable<string> Run(AnalyzeRun run, ChipProfile? chip, string outDir, CliContext context)
    {
        var activity = ActivityReport.FromNeuronCounts(run.Network, run.NeuronCounts, run.Steps, run.Samples, run.DtMs);
        var report = EnergyReport.Create(activity, chips: chip is null ? null : [chip]);
        context.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Energy of {run.Folder} ({run.Kind}, seed {run.Seed}, dt {run.DtMs:0.####} ms); one inference = the whole run"));
        context.Out.Write(report.ToText());
        WriteJson(Path.Combine(outDir, "energy.json"), run, report);
        Figure(report).Save(Path.Combine(outDir, "energy.svg"));
        return ["energy.json", "energy.svg"];
    }

    /// <summary>Every platform with an energy estimate, in the order of the table: 45 nm SNN, 45 nm ANN, GPU ANN, GPU dense SNN, chips.</summary>
    internal static IEnumerable<(string Label, EnergyEstimate Energy)> Platforms(EnergyReport r)
    {
        yield return ("45 nm SNN", r.Snn);
        yield return ("45 nm ANN", r.Ann);
        yield return (Short(r.Gpu.Platform), r.Gpu);
        yield return (Short(r.GpuDenseSnn.Platform), r.GpuDenseSnn);
        foreach (var f in r.Chips)
        {
            if (f.Energy is { } e)
            {
                yield return (f.Chip.Name + (f.Fits ? string.Empty : " (no fit)"), e);
            }
        }
    }

    // "NVIDIA A100 (fp32), dense ANN" -> "A100, dense ANN": the legend is one row.
    private static string Short(string platform) =>
        platform.Replace("NVIDIA ", string.Empty, StringComparison.Ordinal).Replace(" (fp32)", string.Empty, StringComparison.Ordinal);

    /// <summary>
    /// Bars of energy per inference per platform on a log axis, numbered 1, 2, ... on the x axis as in the legend; chips
    /// without published energies are left out.
    /// </summary>
    internal static LineChart Figure(EnergyReport r)
    {
        int n = Platforms(r).Count();
        var chart = new LineChart
        {
            Title = $"{r.Activity.Network.Name}: energy per inference ({r.Activity.Steps} steps)",
            XAxis = new Axis { Label = "platform (numbered as in the legend)", Min = 0.4, Max = n + 0.6 },
            YAxis = new Axis { Label = "energy per inference", Unit = "uJ", Log = true },
            Width = 960,
            Height = 480,
        };
        int k = 1;
        foreach (var (label, e) in Platforms(r))
        {
            // One series per platform so the legend names it: a bar from k - 0.4 to k + 0.4 (the NaN ends it).
            chart.Add(string.Create(CultureInfo.InvariantCulture, $"{k} {label}"), [k - 0.4, k + 0.4], [e.TotalMicrojoules, double.NaN], SeriesStyle.Bars);
            k++;
        }

        return chart;
    }

    private static void WriteJson(string path, AnalyzeRun run, EnergyReport r)
    {
        var a = r.Activity;
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("run", run.Folder);
        w.WriteString("source", run.Kind);
        w.WriteString("network", a.Network.Name);
        w.WriteNumber("seed", run.Seed);
        w.WriteNumber("dt_ms", run.DtMs);
        w.WriteNumber("steps", a.Steps);
        w.WriteNumber("samples", a.Samples);
        w.WriteStartObject("activity");
        w.WriteNumber("spikes", a.Spikes);
        w.WriteNumber("synaptic_operations", a.SynapticOperations);
        w.WriteNumber("ann_macs", a.AnnMacs);
        w.WriteNumber("ann_adds", a.AnnAdds);
        w.WriteNumber("dense_synaptic_operations", a.DenseSynapticOperations);
        w.WriteNumber("neuron_updates", a.NeuronUpdates);
        w.WriteNumber("weight_bytes", a.WeightBytes);
        w.WriteNumber("state_bytes", a.StateBytes);
        w.WriteNumber("connections", a.Connections);
        w.WriteNumber("max_fan_in", a.MaxFanIn());
        w.WriteNumber("max_fan_out", a.MaxFanOut);
        w.WriteStartArray("populations");
        foreach (var p in a.Populations)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteNumber("neurons", p.Neurons);
            w.WriteBoolean("input", p.IsSource);
            w.WriteNumber("spikes", p.Spikes);
            w.WriteNumber("neuron_updates", p.NeuronUpdates);
            w.WriteNumber("state_bytes", p.StateBytes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("projections");
        foreach (var p in a.Projections)
        {
            w.WriteStartObject();
            w.WriteString("name", p.Name);
            w.WriteString("source", p.Source);
            w.WriteString("target", p.Target);
            w.WriteNumber("connections", p.Connections);
            w.WriteNumber("max_fan_out", p.MaxFanOut);
            w.WriteNumber("synaptic_operations", p.SynapticOperations);
            w.WriteNumber("ann_operations", p.AnnOperations);
            w.WriteNumber("weight_bytes", p.WeightBytes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("platforms");
        WriteEstimate(w, "snn_45nm", r.Snn);
        WriteEstimate(w, "ann_45nm", r.Ann);
        WriteEstimate(w, "ann_gpu", r.Gpu);
        WriteEstimate(w, "dense_snn_gpu", r.GpuDenseSnn);
        w.WriteEndArray();
        w.WriteStartArray("chips");
        foreach (var f in r.Chips)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Chip.Name);
            w.WriteBoolean("fits", f.Fits);
            w.WriteNumber("cores_needed", f.CoresNeeded);
            w.WriteNumber("cores", f.Chip.Cores);
            w.WriteNumber("neurons", f.Neurons);
            w.WriteNumber("synapses", f.Synapses);
            w.WriteStartArray("problems");
            foreach (string problem in f.Problems)
            {
                w.WriteStringValue(problem);
            }

            w.WriteEndArray();
            if (f.Energy is { } e)
            {
                w.WritePropertyName("energy");
                WriteEstimate(w, null, e);
            }
            else
            {
                w.WriteNull("energy");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteEstimate(Utf8JsonWriter w, string? kind, EnergyEstimate e)
    {
        w.WriteStartObject();
        if (kind is not null)
        {
            w.WriteString("kind", kind);
        }

        w.WriteString("platform", e.Platform);
        w.WriteNumber("synaptic_pj", e.SynapticPj);
        w.WriteNumber("neuron_pj", e.NeuronPj);
        w.WriteNumber("memory_pj", e.MemoryPj);
        w.WriteNumber("total_pj", e.TotalPj);
        w.WriteNumber("total_uj", e.TotalMicrojoules);
        w.WriteStartArray("caveats");
        foreach (string c in e.Caveats)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
