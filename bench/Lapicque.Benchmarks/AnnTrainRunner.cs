using System.Diagnostics;
using System.Globalization;
using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.IO;
using Lapicque.Learning.Conversion;
using Lapicque.Learning.Metrics;
using Lapicque.Learning.Training;
using Lapicque.Numerics;

namespace Lapicque.Benchmarks;

/// <summary>
/// `train-ann EXPERIMENT.json --out RUN_DIR [--epochs E] [--train-limit N] [--data DIR]`: trains the ReLU network (ANN) of
/// an experiment file at T = 1 (constant-current input, the experiment's loss, optimizer, schedule, batch and seed) and
/// writes a run folder in the format of `lapicque train` (config.json, metrics.csv, checkpoints/last and best), so that
/// `lapicque convert RUN_DIR` opens it. Prints each epoch's time, throughput, test accuracy and the machine's load.
/// </summary>
internal static class AnnTrainRunner
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        string? file = null, outDir = null, dataDir = Environment.GetEnvironmentVariable("LAPICQUE_DATA");
        int? epochsArg = null, trainLimit = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out":
                    outDir = args[++i];
                    break;
                case "--epochs":
                    epochsArg = int.Parse(args[++i], Inv);
                    break;
                case "--train-limit":
                    trainLimit = int.Parse(args[++i], Inv);
                    break;
                case "--data":
                    dataDir = args[++i];
                    break;
                default:
                    if (args[i].StartsWith('-') || file is not null)
                    {
                        Console.Error.WriteLine($"train-ann: unexpected '{args[i]}'; usage: train-ann EXPERIMENT.json --out RUN_DIR [--epochs E] [--train-limit N] [--data DIR].");
                        return 2;
                    }

                    file = args[i];
                    break;
            }
        }

        if (file is null || outDir is null)
        {
            Console.Error.WriteLine("train-ann: usage: train-ann EXPERIMENT.json --out RUN_DIR [--epochs E] [--train-limit N] [--data DIR].");
            return 2;
        }

        string text = File.ReadAllText(file);
        var (experiment, batchNorm) = ParseAnn(text, file);
        int epochs = epochsArg ?? experiment.Epochs;
        var (train, test) = experiment.Dataset.Load(dataDir);
        if (trainLimit is { } n && n < train.Count)
        {
            train = train.Subset([.. Enumerable.Range(0, n)], train.Name);
        }

        var model = AnnModel.FromNetwork(experiment.Network.Build(experiment.Seed), batchNorm);
        var optimizer = experiment.Optimizer.Create(model.Parameters);
        var trainer = new SurrogateTrainer(model, new ConstantCurrentEncoder(), experiment.Loss, optimizer, new TrainerOptions { Steps = 1, Seed = experiment.Seed });
        var loader = new DataLoader(train, experiment.BatchSize, seed: experiment.Seed ^ 0xDA7A_0D3EUL);
        var testLoader = new DataLoader(test, 500, seed: 0, shuffle: false);
        var run = RunFolder.Create(experiment.Name, outDir);
        run.WriteConfig(text);
        Console.WriteLine(string.Create(Inv,
            $"{experiment.Name}: {train.Count} training samples, {model.Parameters.Sum(q => (long)q.Length)} parameters, {SnnEvaluator.AnnMacs(model)} MACs per sample, batch {experiment.BatchSize}, {epochs} epochs, {Parallelism.MaxThreads} threads, load {Load()}"));
        double best = double.NegativeInfinity, baseRate = experiment.Optimizer.LearningRate;
        long step = 0;
        for (int e = 0; e < epochs; e++)
        {
            optimizer.LearningRate = experiment.Schedule.Rate(baseRate, e);
            var clock = Stopwatch.StartNew();
            double loss = 0;
            long correct = 0, samples = 0;
            int batches = 0;
            foreach (var batch in loader.Epoch(e))
            {
                var (l, c) = trainer.TrainStep(batch, EncoderSeed.ForEpoch(experiment.Seed, e, (long)batch.Index * loader.BatchSize));
                loss += l;
                correct += c;
                samples += batch.Count;
                batches++;
                step++;
                if (batches % 100 == 0)
                {
                    Console.WriteLine(string.Create(Inv,
                        $"  epoch {e + 1} batch {batches}/{loader.BatchCount}: loss {loss / batches:F4}, acc {correct / (double)samples:P2}, {samples / clock.Elapsed.TotalSeconds:F0} samples/s, load {Load()}"));
                }
            }

            double seconds = clock.Elapsed.TotalSeconds;
            var eval = trainer.Evaluate(testLoader, e);
            DivergenceGuard.CheckValues(model.Parameters, e + 1, step);
            var row = new EpochMetrics(e + 1, loss / batches, correct / (double)samples, eval.Loss, eval.Accuracy, optimizer.LearningRate, samples / seconds, 0, seconds);
            run.AppendMetrics(row);
            // Best by training accuracy, as `lapicque train` does without a validation split: the test set selects nothing.
            bool isBest = row.TrainAccuracy > best;
            best = Math.Max(best, row.TrainAccuracy);
            var checkpoint = new Checkpoint();
            checkpoint.Metadata.ConfigJson = text;
            checkpoint.Metadata.Epoch = e + 1;
            checkpoint.Metadata.Step = step;
            checkpoint.Metadata.Metrics["best_accuracy"] = best;
            checkpoint.Metadata.Extra["experiment_dir"] = Path.GetDirectoryName(Path.GetFullPath(file))!;
            checkpoint.AddParameters(model.Parameters);
            AnnModel.SaveRunningStatistics(model, checkpoint);
            checkpoint.AddOptimizer(optimizer);
            run.SaveCheckpoint(checkpoint, isBest);
            Console.WriteLine(string.Create(Inv,
                $"epoch {e + 1}/{epochs}: train loss {row.TrainLoss:F4} acc {row.TrainAccuracy:P2} | test acc {eval.Accuracy:P2} | {seconds:F0} s ({row.SamplesPerSecond:F0} samples/s), lr {optimizer.LearningRate:G3}, load {Load()}{(isBest ? " *" : string.Empty)}"));
        }

        Console.WriteLine($"wrote {run.FolderPath}");
        return 0;
    }

    /// <summary>
    /// Parses an experiment whose trainer is "ann" as `lapicque train` does: the optional "ann" object
    /// ({ "batch_norm": true }) is taken out, and while the experiment parser does not list the trainer the rest is
    /// parsed with the trainer field set to "surrogate" (every other field means the same for both).
    /// </summary>
    internal static (Experiment Experiment, bool BatchNorm) ParseAnn(string text, string file)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var node = System.Text.Json.Nodes.JsonNode.Parse(text)!.AsObject();
        bool batchNorm = node["ann"]?["batch_norm"]?.GetValue<bool>() ?? false;
        node.Remove("ann");
        if (!ExperimentFile.Trainers.Contains("ann"))
        {
            node["trainer"] = "surrogate";
        }

        return (ExperimentFile.Parse(node.ToJsonString(), file, dir) with { Trainer = "ann" }, batchNorm);
    }

    private static string Load()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
