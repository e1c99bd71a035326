using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lapicque.Cli.Commands.Training;
using Lapicque.Cli.Parsing;
using Lapicque.Cli.Rendering;
using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.IO;
using Lapicque.Learning.Conversion;
using Lapicque.Learning.Training;
using Lapicque.Numerics;
using Lapicque.Plotting;
using Spectre.Console;

namespace Lapicque.Cli.Commands;

/// <summary>
/// <c>lapicque convert ANN_RUN_OR_CHECKPOINT</c>: converts a ReLU network trained with the "ann" trainer into an SNN of
/// IF neurons (docs/conversion.md) and evaluates it on the test set at every T of a sweep from one simulation per
/// batch; writes accuracy and synaptic operations against T (CSV and SVG) beside the ANN's accuracy and MACs.
/// </summary>
internal static class ConvertCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static CommandSpec Spec { get; } = new()
    {
        Name = "convert",
        Summary = "Convert a trained ReLU network (ANN) to a spiking network and evaluate it against time steps",
        Description = "Loads ANN_RUN_OR_CHECKPOINT (a run folder of an experiment with trainer \"ann\", whose best checkpoint is used,\n"
            + "or else its last one; or a .safetensors checkpoint), folds batch normalisation, replaces every ReLU by IF neurons\n"
            + "with reset by subtraction, normalises weights and biases by the --percentile of each layer's activations on\n"
            + "--calibration training samples, and evaluates the SNN on the test set. Every T of --steps is read from one\n"
            + "simulation of max(T) steps. Writes conversion.csv, accuracy_vs_steps.svg and synops_vs_steps.svg to --out\n"
            + "(default: the run folder) and prints a summary table.",
        Arguments = [new ArgumentSpec("ANN_RUN_OR_CHECKPOINT", "Run folder or checkpoint file of a trained ANN")],
        Options =
        [
            new OptionSpec
            {
                Name = "steps",
                ValueName = "T,T,...",
                Description = "Time steps at which the SNN is scored",
                DefaultText = "10,25,50,100,200",
                Expectation = "a comma-separated list of integers in [1, 100000]",
                Convert = ParseSteps,
            },
            OptionSpec.Number("percentile", "P", "Percentile of each layer's positive activations that becomes its scale (100 = maximum)", new NumberRange(0, 100, MinInclusive: false), defaultText: "99.9"),
            new OptionSpec
            {
                Name = "input",
                ValueName = "KIND",
                Description = "Input to the SNN: current (the analog pixel every step) or rate (Bernoulli spikes)",
                DefaultText = "current",
                Expectation = "current or rate",
                Convert = s => s is "current" or "rate" ? s : null,
            },
            new OptionSpec
            {
                Name = "readout",
                ValueName = "KIND",
                Description = "Output read as accumulated membrane (membrane) or as spike counts of IF output neurons (count)",
                DefaultText = "membrane",
                Expectation = "membrane or count",
                Convert = s => s is "membrane" or "count" ? s : null,
            },
            OptionSpec.Number("calibration", "N", "Training samples whose activations set the scales", NumberRange.Integers(1, 1_000_000), defaultText: "1000"),
            OptionSpec.Number("test", "N", "Evaluate the first N test samples only", NumberRange.Integers(1, 100_000_000), defaultText: "all"),
            OptionSpec.Number("batch", "B", "Samples simulated together", NumberRange.Integers(1, 100_000), defaultText: "50"),
            OptionSpec.Number("seed", "S", "Seed of the rate-coded input's spikes", NumberRange.Integers(0, int.MaxValue), defaultText: "5"),
            OptionSpec.Text("data", "DIR", "Folder that holds the data sets", "a folder path", defaultText: "$LAPICQUE_DATA"),
            OptionSpec.Text("out", "DIR", "Output folder for the CSV and figures", "a folder path", shortName: 'o', defaultText: "the run folder"),
        ],
        Examples =
        [
            "convert runs/mnist-ann-cnn --steps 10,25,50,100,200",
            "convert runs/mnist-ann-cnn/checkpoints/best.safetensors --input rate --percentile 100 --test 1000 --out runs/rate",
        ],
        Run = Execute,
    };

    private static object? ParseSteps(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var steps = new List<int>();
        foreach (string p in parts)
        {
            if (!int.TryParse(p, NumberStyles.None, Inv, out int t) || t < 1 || t > 100_000)
            {
                return null;
            }

            steps.Add(t);
        }

        return steps.Count == 0 ? null : steps.Distinct().Order().ToArray();
    }

    private static int Execute(ParsedCommand p, CliContext context)
    {
        string target = p.Argument(0)!;
        if (!TrainCommand.TryOpenCheckpoint(target, p.Get<string>("out"), "ANN_RUN_OR_CHECKPOINT", context, out var checkpoint, out string outDir))
        {
            return 1;
        }

        if (!TryRestoreAnn(checkpoint, context, out var experiment, out var ann))
        {
            return 2;
        }

        LabeledDataset train, test;
        try
        {
            (train, test) = experiment.Dataset.Load(p.Get<string>("data"));
        }
        catch (DatasetException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        int[] steps = p.Get<int[]>("steps") ?? [10, 25, 50, 100, 200];
        var options = new ConversionOptions
        {
            Percentile = p.GetDouble("percentile") ?? 99.9,
            Readout = (p.Get<string>("readout") ?? "membrane") == "count" ? SnnReadout.SpikeCount : SnnReadout.Membrane,
        };
        string inputKind = p.Get<string>("input") ?? "current";
        ISpikeEncoder encoder = inputKind == "rate" ? new RateEncoder() : new ConstantCurrentEncoder();
        int calibrationCount = (int)Math.Min(p.GetLong("calibration") ?? 1000, train.Count);
        int testCount = (int)Math.Min(p.GetLong("test") ?? test.Count, test.Count);
        int batch = (int)(p.GetLong("batch") ?? 50);
        ulong seed = (ulong)(p.GetLong("seed") ?? 5);
        if (testCount < test.Count)
        {
            test = test.Subset([.. Enumerable.Range(0, testCount)], test.Name);
        }

        var clock = Stopwatch.StartNew();
        var loader = new DataLoader(test, batch, seed: 0, shuffle: false);
        double annAccuracy = SnnEvaluator.AnnAccuracy(ann, loader);
        long macs = SnnEvaluator.AnnMacs(ann);
        int f = train.SampleLength;
        var calibration = new Tensor(1, calibrationCount, f);
        train.Features.Span[..(calibrationCount * f)].CopyTo(calibration.Span);
        var (snn, scales) = AnnToSnnConverter.Convert(ann, calibration, options);
        context.Out.WriteLine(string.Create(Inv,
            $"{experiment.Name}: ANN accuracy {annAccuracy:P2} on {test.Count} samples of {test.Name}, {macs} MACs per sample; {snn.Layers.Count} SNN layers, scales lambda {string.Join(", ", scales.Select(s => s.ToString("G4", Inv)))} (p = {options.Percentile.ToString(Inv)})"));

        // The largest layer output of one window bounds memory: keep it near 64 MB.
        int widest = snn.Layers.Max(l => Math.Max(l.InputSize, l.OutputSize));
        int window = (int)Math.Clamp((16L << 20) / ((long)batch * widest), 1, 25);
        SnnEvaluation result = null!;
        ProgressRunner.Run(context, $"SNN, T up to {steps[^1]}", loader.BatchCount, report =>
            result = SnnEvaluator.Evaluate(snn, loader, encoder, steps, seed, window, progress: b => report(b)));
        double seconds = clock.Elapsed.TotalSeconds;

        Directory.CreateDirectory(outDir);
        WriteCsv(Path.Combine(outDir, "conversion.csv"), result, annAccuracy, macs, inputKind);
        string title = $"{experiment.Name}, {inputKind} input, p = {options.Percentile.ToString(Inv)}";
        AccuracyFigure(result, annAccuracy, title).Save(Path.Combine(outDir, "accuracy_vs_steps.svg"));
        SynopsFigure(result, macs, title).Save(Path.Combine(outDir, "synops_vs_steps.svg"));
        Print(context, result, annAccuracy, macs);
        context.Out.WriteLine(string.Create(Inv, $"{result.Samples} samples in {seconds:F1} s; wrote {outDir}: conversion.csv, accuracy_vs_steps.svg, synops_vs_steps.svg"));
        return 0;
    }

    /// <summary>
    /// Rebuilds the ANN stored in a checkpoint of an "ann" experiment (weights restored); false, with the reason on
    /// stderr, when the checkpoint holds no such experiment.
    /// </summary>
    private static bool TryRestoreAnn(Checkpoint checkpoint, CliContext context, out Experiment experiment, out SequentialModel ann)
    {
        experiment = null!;
        ann = null!;
        if (!TrainCommand.TryRestore(checkpoint, context, out var session))
        {
            return false;
        }

        if (session is not SurrogateSession { Trainer: "ann" } a)
        {
            context.Error.WriteLine($"error: {checkpoint.FileName}: the run was trained with trainer '{session.Trainer}'; convert needs a ReLU network trained with trainer 'ann' (docs/conversion.md).");
            return false;
        }

        (experiment, ann) = (a.Experiment, a.Model);
        return true;
    }

    private static void WriteCsv(string path, SnnEvaluation r, double annAccuracy, long macs, string input)
    {
        var sb = new StringBuilder("input,steps,snn_accuracy,ann_accuracy,synops_per_sample,ann_macs_per_sample,synops_over_macs,samples\n");
        for (int i = 0; i < r.Steps.Length; i++)
        {
            sb.Append(Inv, $"{input},{r.Steps[i]},{r.Accuracy[i].ToString("R", Inv)},{annAccuracy.ToString("R", Inv)},{r.SynapticOperationsPerSample[i].ToString("F0", Inv)},{macs},{(r.SynapticOperationsPerSample[i] / macs).ToString("F4", Inv)},{r.Samples}\n");
        }

        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
    }

    private static LineChart AccuracyFigure(SnnEvaluation r, double annAccuracy, string title)
    {
        var x = r.Steps.Select(t => (double)t).ToArray();
        var chart = new LineChart
        {
            Title = $"{title}: SNN accuracy against time steps",
            XAxis = new Axis { Label = "time steps T", Log = true, Min = x[0], Max = x[^1] },
            YAxis = new Axis { Label = "test accuracy", Unit = "%" },
        };
        chart.Add("SNN", x, r.Accuracy.Select(a => 100 * a).ToArray(), SeriesStyle.Line);
        chart.Add("ANN", x, x.Select(_ => 100 * annAccuracy).ToArray(), SeriesStyle.Line);
        return chart;
    }

    private static LineChart SynopsFigure(SnnEvaluation r, long macs, string title)
    {
        var x = r.Steps.Select(t => (double)t).ToArray();
        var chart = new LineChart
        {
            Title = $"{title}: operations per sample",
            XAxis = new Axis { Label = "time steps T", Log = true, Min = x[0], Max = x[^1] },
            YAxis = new Axis { Label = "operations per sample", Log = true },
        };
        chart.Add("SNN synaptic operations", x, r.SynapticOperationsPerSample, SeriesStyle.Line);
        chart.Add("ANN multiply-accumulates", x, x.Select(_ => (double)macs).ToArray(), SeriesStyle.Line);
        return chart;
    }

    private static void Print(CliContext context, SnnEvaluation r, double annAccuracy, long macs)
    {
        var table = new Table().Border(TableBorder.Simple).Title("[bold]converted SNN[/]");
        table.AddColumn(new TableColumn("T").RightAligned());
        table.AddColumn(new TableColumn("SNN accuracy").RightAligned());
        table.AddColumn(new TableColumn("ANN - SNN (points)").RightAligned());
        table.AddColumn(new TableColumn("synops / sample").RightAligned());
        table.AddColumn(new TableColumn("synops / ANN MACs").RightAligned());
        for (int i = 0; i < r.Steps.Length; i++)
        {
            table.AddRow(
                r.Steps[i].ToString(Inv),
                r.Accuracy[i].ToString("P2", Inv),
                (100 * (annAccuracy - r.Accuracy[i])).ToString("F2", Inv),
                r.SynapticOperationsPerSample[i].ToString("E3", Inv),
                (r.SynapticOperationsPerSample[i] / macs).ToString("F2", Inv));
        }

        context.Console.Write(table);
        context.Out.WriteLine(string.Create(Inv, $"ANN: accuracy {annAccuracy:P2}, {macs} MACs per sample"));
    }
}
