using System.Globalization;
using System.Text;
using System.Text.Json;
using Lapicque.Analysis;
using Lapicque.Cli.Parsing;
using Lapicque.Cli.Rendering;
using Lapicque.IO;
using Lapicque.Plotting;
using Lapicque.Simulation;
using Spectre.Console;

namespace Lapicque.Cli.Commands;

/// <summary>
/// <c>lapicque simulate NETWORK.json</c>: runs a network file with the clock-driven simulator and writes spikes.csv,
/// stats.json, raster.svg (and traces.svg, rates.csv when the file asks for state and rate monitors).
/// </summary>
internal static class SimulateCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static CommandSpec Spec { get; } = new()
    {
        Name = "simulate",
        Summary = "Run a network file with the clock-driven simulator",
        Description = "Runs the network described by NETWORK.json (schema: docs/simulation.md) for --duration with step --dt\n"
            + "(defaults from the file). Writes spikes.csv (population,neuron,step,t_ms), stats.json (rates, CV of ISIs, Fano\n"
            + "factor, synchrony, timings), raster.svg (spikes and population rate), traces.svg and isi.svg, and prints a summary.\n"
            + "Every population's spikes are recorded unless the file lists spike monitors.",
        Arguments = [new ArgumentSpec("NETWORK", "Network file (JSON)")],
        Options =
        [
            OptionSpec.Number("duration", "MS", "Simulated time", NumberRange.Positive("ms", 1e9), defaultText: "duration_ms of the file"),
            OptionSpec.Number("dt", "MS", "Time step", NumberRange.Positive("ms", 1000), defaultText: "dt_ms of the file"),
            OptionSpec.Number("seed", "N", "Seed of weights, initial states and Poisson inputs", NumberRange.Integers(0, 1L << 53), defaultText: "seed of the file"),
            OptionSpec.Number("threads", "N", "Threads", NumberRange.Integers(1, 1024), defaultText: "all cores"),
            OptionSpec.Text("out", "DIR", "Output folder (created if missing)", "a folder path", required: true, shortName: 'o'),
        ],
        Examples = ["simulate examples/cuba.json --out runs/cuba", "simulate examples/coba.json --duration 200 --seed 3 --threads 1 --out runs/coba"],
        Run = Execute,
    };

    private static int Execute(ParsedCommand p, CliContext context)
    {
        string file = p.Argument(0)!;
        NetworkDocument doc;
        try
        {
            doc = NetworkFile.Read(file);
        }
        catch (FileFormatException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        var s = doc.Settings;
        double dt = p.GetDouble("dt") ?? s.DtMs;
        double duration = p.GetDouble("duration") ?? s.DurationMs;
        ulong seed = p.GetLong("seed") is { } sd ? (ulong)sd : s.Seed;
        int threads = (int)(p.GetLong("threads") ?? s.Threads);
        string outDir = p.Get<string>("out")!;
        Directory.CreateDirectory(outDir);

        ClockDrivenSimulator sim;
        try
        {
            sim = new ClockDrivenSimulator(doc.Network, new SimulationOptions { DtMs = dt, Seed = seed, Threads = threads });
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            context.Error.WriteLine($"error: {file}: {e.Message}");
            return 2;
        }

        var spikeMonitors = new List<SpikeMonitor>();
        var stateMonitors = new List<StateMonitor>();
        var rateMonitors = new List<RateMonitor>();
        try
        {
            foreach (var m in doc.Monitors)
            {
                switch (m)
                {
                    case MonitorSpec.Spikes sp:
                        spikeMonitors.Add(sim.MonitorSpikes(sp.Population, sp.Neurons));
                        break;
                    case MonitorSpec.State st:
                        stateMonitors.Add(sim.MonitorState(st.Population, st.Variable, st.Neurons, st.EverySteps));
                        break;
                    case MonitorSpec.Rate r:
                        rateMonitors.Add(sim.MonitorRate(r.Population));
                        break;
                }
            }
        }
        catch (ArgumentException e)
        {
            context.Error.WriteLine($"error: {file}: $.monitors: {e.Message}");
            return 2;
        }

        if (!doc.Monitors.OfType<MonitorSpec.Spikes>().Any())
        {
            foreach (var pop in doc.Network.Populations)
            {
                spikeMonitors.Add(sim.MonitorSpikes(pop.Name));
            }
        }

        long steps = (long)Math.Round(duration / dt);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ProgressRunner.Run(context, $"simulate {doc.Network.Name}", steps, report =>
        {
            for (long k = 0; k < steps; k++)
            {
                sim.Advance();
                if ((k & 1023) == 0)
                {
                    report(k);
                }
            }

            report(steps);
        });
        double runSeconds = clock.Elapsed.TotalSeconds;
        double simulatedMs = steps * dt;

        var stats = spikeMonitors.Select(m => PopulationStats.Of(m, simulatedMs)).ToList();
        WriteSpikes(Path.Combine(outDir, "spikes.csv"), spikeMonitors);
        WriteStats(Path.Combine(outDir, "stats.json"), doc, file, dt, simulatedMs, seed, threads, sim.SetupTime.TotalSeconds, runSeconds, stats);
        RasterFigure(doc.Network.Name, spikeMonitors, simulatedMs).Save(Path.Combine(outDir, "raster.svg"));
        var isis = SpikeStatistics.Isis(spikeMonitors.SelectMany(m => m.TrainsMs()).ToList());
        if (isis.Count > 1)
        {
            new Histogram(isis.ToArray())
            {
                Title = $"{doc.Network.Name}: inter-spike intervals",
                XAxis = new Axis { Label = "inter-spike interval", Unit = "ms" },
                YAxis = new Axis { Label = "count" },
            }.Save(Path.Combine(outDir, "isi.svg"));
        }

        if (stateMonitors.Count > 0)
        {
            TraceFigure(doc.Network.Name, stateMonitors).Save(Path.Combine(outDir, "traces.svg"));
        }

        if (rateMonitors.Count > 0)
        {
            WriteRates(Path.Combine(outDir, "rates.csv"), rateMonitors);
        }

        var table = new Table().Border(TableBorder.Simple).Title($"[bold]{Markup.Escape(doc.Network.Name)}[/]: {F(simulatedMs)} ms, dt {F(dt)} ms, seed {seed}");
        foreach (string col in new[] { "population", "neurons", "spikes", "rate (Hz)", "CV ISI", "Fano", "synchrony" })
        {
            table.AddColumn(new TableColumn(col).RightAligned());
        }

        foreach (var st in stats)
        {
            table.AddRow(st.Population, st.Neurons.ToString(Inv), st.Spikes.ToString(Inv), F3(st.RateHz), F3(st.IsiCv), F3(st.Fano), F3(st.Synchrony));
        }

        context.Console.Write(table);
        context.Out.WriteLine(string.Create(Inv, $"set-up {sim.SetupTime.TotalSeconds:F3} s, simulation {runSeconds:F3} s ({simulatedMs / 1000 / runSeconds:F2}x real time)"));
        context.Out.WriteLine($"wrote {outDir}: spikes.csv, stats.json, raster.svg{(isis.Count > 1 ? ", isi.svg" : "")}{(stateMonitors.Count > 0 ? ", traces.svg" : "")}{(rateMonitors.Count > 0 ? ", rates.csv" : "")}");
        return 0;
    }

    /// <summary>The raster of all recorded populations stacked, with the overall population rate below.</summary>
    internal static RasterPlot RasterFigure(string name, IReadOnlyList<SpikeMonitor> monitors, double durationMs)
    {
        var times = new List<double>();
        var neurons = new List<int>();
        int offset = 0;
        foreach (var m in monitors)
        {
            for (int k = 0; k < m.Count; k++)
            {
                times.Add(m.TimeMs(k));
                neurons.Add(offset + m.Neurons[k]);
            }

            offset += m.Size;
        }

        string label = monitors.Count == 1 ? $"{monitors[0].Population} neuron" : "neuron (" + string.Join(", ", monitors.Select(m => m.Population)) + ")";
        return new RasterPlot(times.ToArray(), neurons.ToArray(), Math.Max(1, offset), durationMs)
        {
            Title = $"{name}: spikes and population rate",
            NeuronLabel = label,
            Width = 900,
            Height = 560,
        };
    }

    private static PanelStack TraceFigure(string name, IReadOnlyList<StateMonitor> monitors)
    {
        var stack = new PanelStack { Title = $"{name}: recorded state", Width = 900, Height = 220 + (160 * monitors.Count) };
        foreach (var m in monitors)
        {
            var chart = new LineChart
            {
                XAxis = new Axis { Label = "time", Unit = "ms" },
                YAxis = new Axis { Label = $"{m.Population}.{m.Variable}", Unit = m.Unit },
            };
            var t = Enumerable.Range(0, m.SampleCount).Select(m.TimeMs).ToArray();
            for (int j = 0; j < m.NeuronIndices.Length; j++)
            {
                chart.Add($"neuron {m.NeuronIndices[j]}", t, m.Trace(j));
            }

            stack.Add(chart);
        }

        return stack;
    }

    private static void WriteSpikes(string path, IReadOnlyList<SpikeMonitor> monitors)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.Write("population,neuron,step,t_ms\n");
        foreach (var m in monitors)
        {
            for (int k = 0; k < m.Count; k++)
            {
                w.Write(string.Create(Inv, $"{m.Population},{m.Neurons[k]},{m.Steps[k]},{m.TimeMs(k):0.######}\n"));
            }
        }
    }

    private static void WriteRates(string path, IReadOnlyList<RateMonitor> monitors)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.Write("t_ms," + string.Join(",", monitors.Select(m => m.Population + "_hz")) + "\n");
        var rates = monitors.Select(m => m.RatesHz()).ToArray();
        int n = rates.Min(r => r.Length);
        for (int k = 0; k < n; k++)
        {
            var sb = new StringBuilder();
            sb.Append(((k + 1) * monitors[0].DtMs).ToString("0.######", Inv));
            foreach (var r in rates)
            {
                sb.Append(',').Append(r[k].ToString("0.###", Inv));
            }

            w.Write(sb.Append('\n').ToString());
        }
    }

    private static void WriteStats(string path, NetworkDocument doc, string file, double dt, double durationMs, ulong seed, int threads, double setup, double run, List<PopulationStats> stats)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("network", doc.Network.Name);
        w.WriteString("file", file);
        w.WriteNumber("dt_ms", dt);
        w.WriteNumber("duration_ms", durationMs);
        w.WriteNumber("seed", seed);
        w.WriteNumber("threads", threads == 0 ? Numerics.Parallelism.MaxThreads : threads);
        w.WriteNumber("setup_s", setup);
        w.WriteNumber("simulation_s", run);
        w.WriteStartArray("populations");
        foreach (var s in stats)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Population);
            w.WriteNumber("neurons", s.Neurons);
            w.WriteNumber("spikes", s.Spikes);
            WriteNumberOrNull(w, "rate_hz", s.RateHz);
            WriteNumberOrNull(w, "isi_cv", s.IsiCv);
            WriteNumberOrNull(w, "fano_factor", s.Fano);
            WriteNumberOrNull(w, "synchrony", s.Synchrony);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string F(double x) => x.ToString("0.###", Inv);

    private static string F3(double x) => double.IsFinite(x) ? x.ToString("0.###", Inv) : "-";

    /// <summary>Firing statistics of one monitored population.</summary>
    internal sealed record PopulationStats(string Population, int Neurons, int Spikes, double RateHz, double IsiCv, double Fano, double Synchrony)
    {
        public static PopulationStats Of(SpikeMonitor m, double durationMs)
        {
            var trains = m.TrainsMs();
            double window = Math.Min(100, durationMs / 2);
            return new PopulationStats(
                m.Population,
                m.Size,
                m.Count,
                SpikeStatistics.MeanRateHz(trains, durationMs),
                SpikeStatistics.MeanIsiCv(trains),
                window > 0 && durationMs / window >= 2 ? SpikeStatistics.MeanFanoFactor(trains, durationMs, window) : double.NaN,
                SpikeStatistics.Synchrony(trains, durationMs, Math.Max(m.DtMs, 1)));
        }
    }
}
