using System.Globalization;
using Lapicque.Cli.Parsing;
using Lapicque.Cli.Commands.Training;
using Lapicque.Data;
using Lapicque.IO;
using Lapicque.Learning.Metrics;
using Lapicque.Numerics;
using Lapicque.Reporting;
using MetricsRow = Lapicque.Learning.Metrics.EpochMetrics;

namespace Lapicque.Cli.Commands;

/// <summary>
/// <c>lapicque train EXPERIMENT.json</c>: trains the experiment's network, validating each epoch, and writes a run folder
/// (config.json, metrics.csv, checkpoints/last and best.safetensors, report.html). <c>--resume RUN_DIR</c> continues
/// from the last checkpoint bit for bit: the data order and encoder spikes are functions of (seed, epoch, batch), so
/// the weights, optimizer state and epoch counter are the whole state.
/// </summary>
internal static class TrainCommand
{
    private const string ExperimentDirKey = "experiment_dir";
    private const string BestKey = "best_accuracy";
    private const string BaselinePrefix = "before training: ";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static CommandSpec Spec { get; } = new()
    {
        Name = "train",
        Summary = "Train a spiking network described by an experiment file",
        Description = "Trains the network of EXPERIMENT.json (schema: docs/training.md) and writes a run folder: config.json (the\n"
            + "experiment), metrics.csv (one row per epoch), checkpoints/last.safetensors and best.safetensors (by validation\n"
            + "accuracy, or training accuracy without a validation split) and report.html. A non-finite loss, gradient or weight\n"
            + "stops training with exit code 1 and keeps the last good checkpoint (the reason is in diverged.txt).\n"
            + "--resume RUN_DIR continues that run from its last checkpoint; the result equals an uninterrupted run bit for bit.",
        Arguments = [new ArgumentSpec("EXPERIMENT", "Experiment file (JSON)")],
        Options =
        [
            OptionSpec.Text("data", "DIR", "Folder that holds the data sets", "a folder path", defaultText: "$LAPICQUE_DATA"),
            OptionSpec.Text("out", "DIR", "Run folder (created if missing)", "a folder path", shortName: 'o', defaultText: "runs/NAME-YYYYMMDD-HHMMSS"),
            OptionSpec.Number("epochs", "N", "Total number of epochs", NumberRange.Integers(0, 1_000_000), defaultText: "epochs of the file"),
            OptionSpec.Text("resume", "RUN_DIR", "Continue the run in RUN_DIR from its last checkpoint", "a run folder"),
        ],
        Examples = ["train examples/mnist-fc.json --data ~/data", "train examples/mnist-fc.json --resume runs/mnist-fc-20260101-120000 --epochs 4"],
        Run = Execute,
    };

    private static int Execute(ParsedCommand p, CliContext context)
    {
        string file = p.Argument(0)!;
        string text;
        TrainingSession session;
        try
        {
            text = File.ReadAllText(file);
            session = TrainingSessions.Open(text, file, Path.GetDirectoryName(Path.GetFullPath(file)));
        }
        catch (FileFormatException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (IOException e)
        {
            context.Error.WriteLine($"error: EXPERIMENT: cannot read '{file}': {e.Message}");
            return 2;
        }

        string? resume = p.Get<string>("resume");
        if (resume is not null && p.Get<string>("out") is { } o && Path.GetFullPath(o) != Path.GetFullPath(resume))
        {
            throw new CliUsageException("--out and --resume name different folders; a resumed run is written where it was.");
        }

        int epochs = (int)(p.GetLong("epochs") ?? session.Epochs);
        int savedThreads = Parallelism.MaxThreads;
        if (session.Threads > 0)
        {
            Parallelism.MaxThreads = session.Threads;
        }

        try
        {
            return Train(p, context, file, text, session, epochs, resume);
        }
        finally
        {
            Parallelism.MaxThreads = savedThreads;
        }
    }

    private static int Train(ParsedCommand p, CliContext context, string file, string text, TrainingSession session, int epochs, string? resume)
    {
        LabeledDataset test;
        try
        {
            session.LoadTrainingData(p.Get<string>("data"));
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

        RunFolder run;
        var baseline = new List<(string Name, double Value)>();
        int start = 0;
        long step = 0;
        double best = double.NegativeInfinity;
        if (resume is not null)
        {
            run = RunFolder.Open(resume);
            var last = run.LoadLastCheckpoint();
            if (last is null)
            {
                context.Error.WriteLine($"error: --resume: '{resume}' holds no checkpoint ({run.LastCheckpointPath}).");
                return 1;
            }

            if (last.Metadata.ConfigJson is { } saved && !SameJson(saved, text))
            {
                context.Error.WriteLine($"error: --resume: the run in '{resume}' was trained with a different experiment than {file}.");
                return 2;
            }

            session.Restore(last, optimizer: true);
            start = last.Metadata.Epoch;
            step = last.Metadata.Step;
            best = last.Metadata.Metrics.TryGetValue(BestKey, out double b) ? b : double.NegativeInfinity;
            baseline.AddRange(last.Metadata.Metrics.Where(m => m.Key.StartsWith(BaselinePrefix, StringComparison.Ordinal)).Select(m => (m.Key, m.Value)));
            run.TruncateMetrics(start);
            context.Out.WriteLine($"resuming {run.FolderPath} after epoch {start}");
        }
        else
        {
            run = RunFolder.Create(session.Name, p.Get<string>("out"));
            run.WriteConfig(text);
        }

        context.Out.WriteLine(session.Describe(epochs));
        if (resume is null)
        {
            foreach (var (name, value) in session.Baseline(test))
            {
                baseline.Add((BaselinePrefix + name, value));
                context.Out.WriteLine($"{BaselinePrefix}{name} {FormatFigure(value)}");
            }
        }
        for (int e = start; e < epochs; e++)
        {
            MetricsRow row;
            try
            {
                row = session.RunEpoch(context, e, epochs, ref step);
            }
            catch (Learning.Metrics.TrainingDivergedException error)
            {
                // One exception for every trainer (Learning/Metrics): it names the epoch, step, quantity and value.
                run.RecordDivergence(error);
                context.Error.WriteLine($"error: {error.Message} The last good checkpoint is kept in {run.CheckpointsPath}.");
                WriteReport(run, session, text, null, null, baseline);
                return 1;
            }

            run.AppendMetrics(row);
            double score = double.IsNaN(row.ValidationAccuracy) ? row.TrainAccuracy : row.ValidationAccuracy;
            bool isBest = score > best;
            best = Math.Max(best, score);
            run.SaveCheckpoint(MakeCheckpoint(session, text, file, e + 1, step, best, baseline), isBest);
            context.Out.WriteLine(EpochLine(row, epochs, isBest));
        }

        var testResult = session.Measure(test);
        context.Out.WriteLine(string.Create(Inv, $"test accuracy {testResult.Confusion.Accuracy:P2} on {test.Count} samples of {test.Name} (final weights)"));
        WriteReport(run, session, text, testResult, test, baseline);
        context.Out.WriteLine($"wrote {run.FolderPath}: config.json, metrics.csv, checkpoints/, report.html, figures/");
        return 0;
    }

    /// <summary>
    /// One epoch's summary line; quantities a trainer does not have (NaN: a loss for STDP, a validation set, a learning
    /// rate, spikes in a ReLU network) are left out rather than printed as NaN.
    /// </summary>
    internal static string EpochLine(MetricsRow row, int epochs, bool isBest)
    {
        var parts = new List<string>();
        string train = (double.IsNaN(row.TrainLoss) ? string.Empty : string.Create(Inv, $"loss {row.TrainLoss:F4} ")) + string.Create(Inv, $"acc {row.TrainAccuracy:P2}");
        parts.Add(train);
        if (!double.IsNaN(row.ValidationAccuracy))
        {
            parts.Add((double.IsNaN(row.ValidationLoss) ? "val " : string.Create(Inv, $"val loss {row.ValidationLoss:F4} ")) + string.Create(Inv, $"acc {row.ValidationAccuracy:P2}"));
        }

        string rates = string.Create(Inv, $"{row.SamplesPerSecond:F0} samples/s")
            + (double.IsNaN(row.SpikesPerNeuron) ? string.Empty : string.Create(Inv, $", {row.SpikesPerNeuron:F3} spikes/neuron"))
            + (double.IsNaN(row.LearningRate) ? string.Empty : string.Create(Inv, $", lr {row.LearningRate:G3}"))
            + string.Create(Inv, $", {row.Seconds:F1} s");
        parts.Add(rates);
        return string.Create(Inv, $"epoch {row.Epoch}/{epochs}: {string.Join(" | ", parts)}{(isBest ? " *" : string.Empty)}");
    }

    /// <summary>A figure for humans: whole numbers in full ("60000", not "6E+04"), others to four significant digits.</summary>
    internal static string FormatFigure(double value) =>
        double.IsFinite(value) && value == Math.Round(value) && Math.Abs(value) < 1e15
            ? value.ToString("F0", Inv)
            : value.ToString("G4", Inv);

    private static Checkpoint MakeCheckpoint(TrainingSession session, string text, string file, int epoch, long step, double best, List<(string Name, double Value)> baseline)
    {
        var c = new Checkpoint();
        c.Metadata.ConfigJson = text;
        c.Metadata.Epoch = epoch;
        c.Metadata.Step = step;
        c.Metadata.Metrics[BestKey] = best;
        foreach (var (name, value) in baseline)
        {
            c.Metadata.Metrics[name] = value;
        }

        c.Metadata.Extra[ExperimentDirKey] = Path.GetDirectoryName(Path.GetFullPath(file))!;
        session.Save(c);
        return c;
    }

    /// <summary>
    /// Opens RUN_OR_CHECKPOINT for commands that read a trained model: a run folder gives its best checkpoint, or else its
    /// last; a file is read as a checkpoint. The output folder defaults to the run folder or the checkpoint's folder.
    /// False, with the reason on stderr, when there is no checkpoint; <paramref name="argument"/> names the argument.
    /// </summary>
    internal static bool TryOpenCheckpoint(string target, string? outOption, string argument, CliContext context, out Checkpoint checkpoint, out string outDir)
    {
        checkpoint = null!;
        outDir = null!;
        if (Directory.Exists(target))
        {
            var run = RunFolder.Open(target);
            var found = run.LoadBestCheckpoint() ?? run.LoadLastCheckpoint();
            if (found is null)
            {
                context.Error.WriteLine($"error: run folder '{target}' holds no checkpoint (expected {run.BestCheckpointPath} or {run.LastCheckpointPath}).");
                return false;
            }

            (checkpoint, outDir) = (found, outOption ?? target);
            return true;
        }

        if (File.Exists(target))
        {
            (checkpoint, outDir) = (Checkpoint.Load(target), outOption ?? Path.GetDirectoryName(Path.GetFullPath(target))!);
            return true;
        }

        context.Error.WriteLine($"error: {argument} '{target}' is neither a folder nor a file.");
        return false;
    }

    /// <summary>
    /// Rebuilds the session of the experiment stored in a checkpoint written by this command, with the checkpoint's model
    /// state restored; false, with the reason on stderr, when the checkpoint holds no usable experiment.
    /// </summary>
    internal static bool TryRestore(Checkpoint checkpoint, CliContext context, out TrainingSession session)
    {
        session = null!;
        if (checkpoint.Metadata.ConfigJson is not { } json)
        {
            context.Error.WriteLine($"error: {checkpoint.FileName}: the checkpoint holds no experiment (config); it was not written by 'lapicque train'.");
            return false;
        }

        try
        {
            string? dir = checkpoint.Metadata.Extra.TryGetValue(ExperimentDirKey, out var d) ? d : null;
            session = TrainingSessions.Open(json, $"{checkpoint.FileName} (config)", dir);
            session.Restore(checkpoint, optimizer: false);
            return true;
        }
        catch (Exception e) when (e is FileFormatException or NotSupportedException or ArgumentException)
        {
            context.Error.WriteLine($"error: {(e is ArgumentException a ? Check.MessageOf(a) : e.Message)}");
            return false;
        }
    }

    private static void WriteReport(
        RunFolder run, TrainingSession session, string text, EvaluateCommand.Measurement? test, LabeledDataset? testSet, List<(string Name, double Value)> baseline)
    {
        var report = new ReportBuilder($"{session.Name}: training report") { Subtitle = session.ReportSubtitle };
        report.WithMetrics(run.ReadMetrics()).WithConfig(text);
        foreach (var (name, value) in baseline)
        {
            report.AddMetric(name, value);
        }

        if (test is not null && testSet is not null)
        {
            foreach (var (layer, rate) in test.Layers)
            {
                report.AddMetric($"spikes per neuron per sample, {layer}", rate);
            }

            foreach (var (name, value) in test.Extra ?? [])
            {
                report.AddMetric(name, value);
            }

            EvaluateCommand.AddFigures(report, test, testSet);
        }

        report.Save(run.ReportPath);
        report.SaveFigures(run.FiguresPath);
    }

    private static bool SameJson(string a, string b)
    {
        // Whitespace differences do not make a different experiment.
        return string.Concat(a.Where(c => !char.IsWhiteSpace(c))) == string.Concat(b.Where(c => !char.IsWhiteSpace(c)));
    }
}
