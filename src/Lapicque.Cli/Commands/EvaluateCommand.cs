using System.Globalization;
using System.Text;
using Lapicque.Cli.Commands.Training;
using Lapicque.Cli.Parsing;
using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.IO;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Metrics;
using Lapicque.Learning.Training;
using Lapicque.Numerics;
using Lapicque.Plotting;
using Lapicque.Reporting;
using Spectre.Console;

namespace Lapicque.Cli.Commands;

/// <summary>
/// <c>lapicque evaluate RUN_OR_CHECKPOINT</c>: rebuilds the model of a training run from the experiment stored in its
/// checkpoint and measures it on the test set: accuracy, per-class accuracy, confusion matrix (table and SVG) and
/// spikes per neuron per sample of each spiking layer.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static CommandSpec Spec { get; } = new()
    {
        Name = "evaluate",
        Summary = "Measure a trained model on the test set",
        Description = "Loads RUN_OR_CHECKPOINT (a run folder written by 'lapicque train', whose best checkpoint is used, or else\n"
            + "its last one; or a .safetensors checkpoint) and evaluates it on the test split of the experiment's data set.\n"
            + "Prints the accuracy, per-class accuracy, the confusion matrix and spikes per neuron per sample of each spiking\n"
            + "layer, and writes confusion.svg, raster.svg (the first test sample through every layer), rates-LAYER.svg\n"
            + "(per-neuron firing rates) and evaluation.csv to --out (default: the run folder).",
        Arguments = [new ArgumentSpec("RUN_OR_CHECKPOINT", "Run folder or checkpoint file")],
        Options =
        [
            OptionSpec.Text("data", "DIR", "Folder that holds the data sets", "a folder path", defaultText: "$LAPICQUE_DATA"),
            OptionSpec.Text("out", "DIR", "Output folder for the figures and evaluation.csv", "a folder path", shortName: 'o', defaultText: "the run folder"),
        ],
        Examples = ["evaluate runs/mnist-fc-20260101-120000", "evaluate runs/mnist-fc/checkpoints/last.safetensors --data ~/data"],
        Run = Execute,
    };

    private static int Execute(ParsedCommand p, CliContext context)
    {
        string target = p.Argument(0)!;
        if (!TrainCommand.TryOpenCheckpoint(target, p.Get<string>("out"), "RUN_OR_CHECKPOINT", context, out var checkpoint, out string outDir))
        {
            return 1;
        }

        if (!TrainCommand.TryRestore(checkpoint, context, out var session))
        {
            return 2;
        }

        LabeledDataset test;
        try
        {
            test = session.LoadTestData(p.Get<string>("data"));
        }
        catch (DatasetException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (FileFormatException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return 2;
        }

        var result = session.Measure(test);
        Directory.CreateDirectory(outDir);
        var names = test.ClassNames.Count == test.ClassCount ? test.ClassNames : Enumerable.Range(0, test.ClassCount).Select(i => i.ToString(Inv)).ToArray();
        var charts = AddFigures(new ReportBuilder($"{session.Name} on {test.Name}"), result, test).SaveFigures(outDir);
        WriteCsv(Path.Combine(outDir, "evaluation.csv"), result, names);
        Print(context, session, test, result, names);
        var figures = session.WriteFigures(outDir);
        context.Out.WriteLine($"wrote {outDir}: {string.Join(", ", [.. charts, "evaluation.csv", .. figures])}");
        return 0;
    }

    /// <summary>
    /// Adds what a measurement on <paramref name="data"/> shows to a report: the confusion matrix, the raster of the first
    /// sample through every layer and each layer's firing-rate histogram. The run report and <c>evaluate</c>'s figures
    /// (confusion.svg, raster.svg, rates-LAYER.svg) both come from here.
    /// </summary>
    internal static ReportBuilder AddFigures(ReportBuilder report, Measurement m, LabeledDataset data)
    {
        report.WithConfusionMatrix(m.Confusion, data.ClassNames.Count == data.ClassCount ? data.ClassNames : null);
        foreach (var a in m.Activity ?? [])
        {
            if (a.SpikeTimesMs is not null && a.SpikeNeurons is not null)
            {
                report.AddRasterLayer(a.Layer, a.SpikeTimesMs, a.SpikeNeurons, a.Neurons, a.DurationMs);
            }

            if (a.RatesHz.Length > 0)
            {
                report.AddFiringRates(a.Layer, a.RatesHz);
            }
        }

        return report;
    }

    /// <summary>
    /// What one pass over a data set measured; <paramref name="Extra"/> holds a trainer's own figures (for example the
    /// accuracy from ordinary spikes only, or the fraction of silent neurons of a layer).
    /// </summary>
    internal sealed record Measurement(
        ConfusionMatrix Confusion,
        double Loss,
        IReadOnlyList<(string Layer, double SpikesPerNeuron)> Layers,
        double Seconds,
        IReadOnlyList<(string Name, double Value)>? Extra = null,
        IReadOnlyList<LayerActivity>? Activity = null);

    /// <summary>
    /// The spiking activity of one layer: each neuron's firing rate over the whole data set, and the spikes of the first
    /// sample (the raster of the run report; null where a trainer does not record spike times). Neurons are numbered in
    /// the layer's flattened order ([C, H, W] for maps).
    /// </summary>
    /// <param name="Layer">Layer name ("input" for spike-encoded input).</param>
    /// <param name="Neurons">Neurons in the layer.</param>
    /// <param name="DurationMs">Length of one sample's trial in ms.</param>
    /// <param name="RatesHz">Per neuron: spikes per sample / trial length, in Hz (empty for spike-encoded input).</param>
    /// <param name="SpikeTimesMs">Spike times of the first sample, in ms.</param>
    /// <param name="SpikeNeurons">The neuron of each spike time.</param>
    internal sealed record LayerActivity(string Layer, int Neurons, double DurationMs, double[] RatesHz, double[]? SpikeTimesMs, int[]? SpikeNeurons)
    {
        /// <summary>Per-neuron rates in Hz from spike counts summed over <paramref name="samples"/> trials of <paramref name="durationMs"/>.</summary>
        public static double[] Rates(IEnumerable<long> counts, long samples, double durationMs) =>
            counts.Select(c => samples > 0 ? c * 1000.0 / (samples * durationMs) : 0).ToArray();
    }

    /// <summary>
    /// Runs <paramref name="model"/> over <paramref name="data"/> (no training) with the encoder seeds of
    /// <see cref="SurrogateTrainer.Evaluate"/>, so the accuracy equals the trainer's evaluation of the same data.
    /// </summary>
    internal static Measurement Measure(SequentialModel model, Experiment experiment, LabeledDataset data)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loader = new DataLoader(data, Math.Min(1000, Math.Max(1, experiment.BatchSize)), seed: 0, shuffle: false);
        var confusion = new ConfusionMatrix(data.ClassCount);
        var counts = new long[model.Layers.Count][];
        var batchCounts = new float[model.Layers.Count][];
        var rasters = new (List<double> Times, List<int> Neurons)?[model.Layers.Count];
        (List<double> Times, List<int> Neurons)? inputRaster = null;
        long samples = 0;
        double loss = 0;
        int batches = 0;
        Tensor? input = null, gradient = null;
        foreach (var batch in loader.Epoch(0))
        {
            int b = batch.Count, f = batch.FlatFeatures.RowLength;
            int outF = experiment.Encoder.OutputFeatures(f);
            if (input is null || input.Shape[1] != b)
            {
                input = new Tensor(experiment.Steps, b, outF);
            }

            var seed = EncoderSeed.ForEpoch(experiment.Seed ^ 0x5EED_E7A1UL, 0, (long)batch.Index * loader.BatchSize);
            experiment.Encoder.Encode(batch.FlatFeatures.Span, b, experiment.Steps, seed, input.Span);
            model.ResetState();
            var output = model.Forward(input, training: false);
            if (gradient is null || !gradient.Shape.SequenceEqual(output.Shape))
            {
                gradient = new Tensor([.. output.Shape]);
            }

            var predictions = new int[b];
            loss += experiment.Loss.Evaluate(output, batch.Labels, gradient, predictions);
            confusion.Add(batch.Labels, predictions);
            if (batches == 0)
            {
                // The raster sample is the first one; its input is shown when the encoding gives spikes (0 or 1).
                inputRaster = FirstSampleSpikes(input, experiment.DtMs, binaryOnly: true);
            }

            for (int i = 0; i < model.Layers.Count; i++)
            {
                if (model.Layers[i].EmitsSpikes)
                {
                    var layerOutput = model.LayerOutput(i);
                    AddCounts(layerOutput, batchCounts[i] ??= new float[model.Layers[i].OutputSize], counts[i] ??= new long[model.Layers[i].OutputSize]);
                    if (batches == 0)
                    {
                        rasters[i] = FirstSampleSpikes(layerOutput, experiment.DtMs, binaryOnly: false);
                    }
                }
            }

            samples += b;
            batches++;
        }

        var layers = new List<(string, double)>();
        var activity = new List<LayerActivity>();
        double durationMs = experiment.Steps * experiment.DtMs;
        if (inputRaster is { } ir && input is not null)
        {
            activity.Add(new LayerActivity("input", input.Shape[2], durationMs, [], [.. ir.Times], [.. ir.Neurons]));
        }

        for (int i = 0; i < model.Layers.Count; i++)
        {
            if (model.Layers[i].EmitsSpikes && samples > 0)
            {
                layers.Add((model.Layers[i].Name, counts[i]!.Sum() / ((double)model.Layers[i].OutputSize * samples)));
                var rates = LayerActivity.Rates(counts[i]!, samples, durationMs);
                var r = rasters[i]!.Value;
                activity.Add(new LayerActivity(model.Layers[i].Name, model.Layers[i].OutputSize, durationMs, rates, [.. r.Times], [.. r.Neurons]));
            }
        }

        return new Measurement(confusion, batches > 0 ? loss / batches : double.NaN, layers, clock.Elapsed.TotalSeconds, Activity: activity);
    }

    /// <summary>
    /// Adds each neuron's spikes (0/1) in <paramref name="output"/> [T, B, N...] to <paramref name="totals"/> [N]: summed
    /// over the T * B rows in floats (<paramref name="scratch"/>, exact below 2^24 per batch), then added as whole numbers,
    /// so totals over a data set of any size stay exact.
    /// </summary>
    private static void AddCounts(Tensor output, float[] scratch, long[] totals)
    {
        int n = scratch.Length, rows = output.Length / n;
        var data = output.Span;
        Array.Clear(scratch);
        for (int r = 0; r < rows; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(scratch, data.Slice(r * n, n), scratch);
        }

        for (int j = 0; j < n; j++)
        {
            totals[j] += (long)scratch[j];
        }
    }

    /// <summary>
    /// The nonzero entries of sample 0 of <paramref name="values"/> [T, B, N...] as (time t * dt, neuron); null when
    /// <paramref name="binaryOnly"/> and some entry of the sample is neither 0 nor 1 (analog input is not a spike train).
    /// </summary>
    private static (List<double> Times, List<int> Neurons)? FirstSampleSpikes(Tensor values, double dtMs, bool binaryOnly)
    {
        int steps = values.Dim(0), batch = values.Dim(1), n = values.Length / (steps * batch);
        var times = new List<double>();
        var neurons = new List<int>();
        var data = values.Span;
        for (int t = 0; t < steps; t++)
        {
            var row = data.Slice(t * batch * n, n);
            for (int j = 0; j < n; j++)
            {
                float v = row[j];
                if (v == 0f)
                {
                    continue;
                }

                if (binaryOnly && v != 1f)
                {
                    return null;
                }

                times.Add(t * dtMs);
                neurons.Add(j);
            }
        }

        return (times, neurons);
    }

    private static void Print(CliContext context, TrainingSession session, LabeledDataset test, Measurement m, IReadOnlyList<string> names)
    {
        var c = m.Confusion;
        context.Out.WriteLine(string.Create(Inv, $"{session.Name} on {test.Name}: accuracy {c.Accuracy:P2} ({c.Correct}/{c.Total}){(double.IsNaN(m.Loss) ? string.Empty : string.Create(Inv, $", loss {m.Loss:F4}"))}, {m.Seconds:F1} s"));
        var perClass = c.PerClassAccuracy();
        var support = c.Support();
        var table = new Table().Border(TableBorder.Simple).Title("[bold]confusion matrix[/] (rows: true class, columns: predicted)");
        table.AddColumn(new TableColumn("true \\ pred"));
        foreach (string n in names)
        {
            table.AddColumn(new TableColumn(Markup.Escape(n)).RightAligned());
        }

        table.AddColumn(new TableColumn("samples").RightAligned());
        table.AddColumn(new TableColumn("accuracy").RightAligned());
        for (int i = 0; i < c.Classes; i++)
        {
            var row = new List<string> { Markup.Escape(names[i]) };
            for (int j = 0; j < c.Classes; j++)
            {
                row.Add(c[i, j].ToString(Inv));
            }

            row.Add(support[i].ToString(Inv));
            row.Add(double.IsNaN(perClass[i]) ? "-" : perClass[i].ToString("P1", Inv));
            table.AddRow(row.ToArray());
        }

        context.Console.Write(table);
        foreach (var (layer, rate) in m.Layers)
        {
            context.Out.WriteLine(string.Create(Inv, $"  {layer}: {rate:F3} spikes per neuron per sample ({session.TrialDescription})"));
        }

        foreach (var (name, value) in m.Extra ?? [])
        {
            context.Out.WriteLine($"  {name}: {TrainCommand.FormatFigure(value)}");
        }
    }

    private static void WriteCsv(string path, Measurement m, IReadOnlyList<string> names)
    {
        var c = m.Confusion;
        var perClass = c.PerClassAccuracy();
        var support = c.Support();
        var sb = new StringBuilder();
        sb.Append("class,name,samples,accuracy");
        for (int j = 0; j < c.Classes; j++)
        {
            sb.Append(Inv, $",pred_{j}");
        }

        sb.Append('\n');
        for (int i = 0; i < c.Classes; i++)
        {
            sb.Append(Inv, $"{i},{names[i].Replace(',', ' ')},{support[i]},{(double.IsNaN(perClass[i]) ? string.Empty : perClass[i].ToString("R", Inv))}");
            for (int j = 0; j < c.Classes; j++)
            {
                sb.Append(Inv, $",{c[i, j]}");
            }

            sb.Append('\n');
        }

        sb.Append(Inv, $"all,all,{c.Total},{c.Accuracy.ToString("R", Inv)}\n");
        foreach (var (layer, rate) in m.Layers)
        {
            sb.Append(Inv, $"spikes_per_neuron,{layer},{c.Total},{rate.ToString("R", Inv)}\n");
        }

        foreach (var (name, value) in m.Extra ?? [])
        {
            sb.Append(Inv, $"extra,{name.Replace(',', ' ')},{c.Total},{value.ToString("R", Inv)}\n");
        }

        File.WriteAllText(path, sb.ToString());
    }
}
