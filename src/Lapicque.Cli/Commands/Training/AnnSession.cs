using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lapicque.Cli.Rendering;
using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.IO;
using Lapicque.Learning.Conversion;
using Lapicque.Learning.Metrics;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Training;
using Lapicque.Numerics;

namespace Lapicque.Cli.Commands.Training;

/// <summary>
/// An ordinary ReLU network (ANN) for ANN-to-SNN conversion (trainer "ann", docs/conversion.md): the network of an
/// experiment file built by <see cref="AnnModel.FromNetwork"/> (the same weight layers as the spiking model, a ReLU in
/// place of each hidden population's neurons, logits at the output), trained at T = 1 on the analog input
/// (<see cref="ConstantCurrentEncoder"/>) with the file's loss (softmax cross-entropy on the logits with
/// "membrane_cross_entropy" and reduction "final"), optimizer, schedule, batch and seed. The file's "encoding" is not
/// used; <c>lapicque convert</c> chooses the SNN's input.
/// </summary>
internal sealed class AnnSession : TrainingSession
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly Experiment _experiment;
    private readonly SequentialModel _model;
    private readonly Optimizer<float> _optimizer;
    private readonly SurrogateTrainer _trainer;
    private readonly string? _file;
    private LabeledDataset? _train;
    private LabeledDataset? _validationSet;
    private DataLoader? _loader;
    private DataLoader? _validation;

    private AnnSession(Experiment experiment, bool batchNorm, string? file)
    {
        // The ANN sees the analog input once: T = 1, constant-current "encoding".
        _experiment = experiment with { Encoder = new ConstantCurrentEncoder(), EncodingKind = "analog", Steps = 1 };
        _file = file;
        try
        {
            _model = AnnModel.FromNetwork(experiment.Network.Build(experiment.Seed), batchNorm);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            throw new FileFormatException(file, "$.network", e is ArgumentException a ? Check.MessageOf(a) : e.Message, e);
        }

        _optimizer = experiment.Optimizer.Create(_model.Parameters);
        _trainer = new SurrogateTrainer(_model, _experiment.Encoder, experiment.Loss, _optimizer, _experiment.TrainerOptions());
    }

    /// <summary>The parsed experiment (analog input, T = 1).</summary>
    public Experiment Experiment => _experiment;

    /// <summary>The ANN (weights as trained or restored).</summary>
    public SequentialModel Model => _model;

    /// <inheritdoc/>
    public override string Name => _experiment.Name;

    /// <inheritdoc/>
    public override string Trainer => "ann";

    /// <inheritdoc/>
    public override int Epochs => _experiment.Epochs;

    /// <inheritdoc/>
    public override int Threads => _experiment.Threads;

    /// <inheritdoc/>
    public override string TrialDescription => "one analog step";

    /// <inheritdoc/>
    public override string ReportSubtitle =>
        $"ann trainer (ReLU network, analog input, T = 1), {_experiment.Optimizer.Kind} lr {_experiment.Optimizer.LearningRate.ToString("G3", Inv)}";

    /// <summary>Factory for <see cref="TrainingSessions"/>.</summary>
    public static TrainingSession Create(string json, string? file, string? baseDir)
    {
        var (experiment, batchNorm) = Parse(json, file, baseDir);
        return new AnnSession(experiment, batchNorm, file);
    }

    /// <summary>
    /// Parses an experiment whose trainer is "ann": the fields of a surrogate experiment (each means the same) plus an
    /// optional object <c>"ann": { "batch_norm": true }</c> that puts batch normalisation after the weight layer of every
    /// hidden population (folded away by the converter). While <see cref="ExperimentFile.Trainers"/> does not list "ann",
    /// the rest of the file is parsed with its trainer field read as "surrogate" and the result carries Trainer = "ann".
    /// </summary>
    internal static (Experiment Experiment, bool BatchNorm) Parse(string json, string? file, string? baseDir)
    {
        JsonObject? node;
        try
        {
            node = JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            node = null;
        }

        if (node is null)
        {
            // Let the experiment parser report the malformed file with its path and position.
            return (ExperimentFile.Parse(json, file, baseDir), false);
        }

        bool batchNorm = false;
        if (node["ann"] is { } ann)
        {
            if (ann is not JsonObject options || options.Any(kv => kv.Key != "batch_norm"))
            {
                throw new FileFormatException(file, "$.ann", "expected an object with the optional field \"batch_norm\" (true or false).");
            }

            try
            {
                batchNorm = options["batch_norm"]?.GetValue<bool>() ?? false;
            }
            catch (InvalidOperationException)
            {
                throw new FileFormatException(file, "$.ann.batch_norm", $"expected true or false; was {options["batch_norm"]!.ToJsonString()}.");
            }

            node.Remove("ann");
        }

        if (!ExperimentFile.Trainers.Contains("ann"))
        {
            node["trainer"] = "surrogate";
        }

        return (ExperimentFile.Parse(node.ToJsonString(), file, baseDir) with { Trainer = "ann" }, batchNorm);
    }

    /// <inheritdoc/>
    public override void LoadTrainingData(string? dataDir)
    {
        var (train, _) = LoadChecked(dataDir);
        (_train, _validationSet) = _experiment.Dataset.SplitValidation(train, _experiment.Seed);
        _loader = new DataLoader(_train, _experiment.BatchSize, seed: _experiment.Seed ^ 0xDA7A_0D3EUL);
        _validation = _validationSet is null ? null : new DataLoader(_validationSet, Math.Max(_experiment.BatchSize, 256), seed: 0, shuffle: false);
    }

    /// <inheritdoc/>
    public override LabeledDataset LoadTestData(string? dataDir) => LoadChecked(dataDir).Test;

    /// <inheritdoc/>
    public override string Describe(int epochs) => string.Create(Inv,
        $"{_experiment.Name}: {_train!.Count} training samples{(_validationSet is null ? string.Empty : $", {_validationSet.Count} validation")}, {_model.Parameters.Sum(q => (long)q.Length)} parameters, ReLU network, {SnnEvaluator.AnnMacs(_model)} MACs per sample, batch {_experiment.BatchSize}, {epochs} epochs, {Parallelism.MaxThreads} threads");

    /// <inheritdoc/>
    public override EpochMetrics RunEpoch(CliContext context, int epoch, int epochs, ref long step)
    {
        _optimizer.LearningRate = _experiment.Schedule.Rate(_experiment.Optimizer.LearningRate, epoch);
        var clock = Stopwatch.StartNew();
        double loss = 0;
        long correct = 0;
        int samples = 0, batches = 0;
        long steps = step;
        var loader = _loader!;
        ProgressRunner.Run(context, $"epoch {epoch + 1}/{epochs}", loader.BatchCount, report =>
        {
            foreach (var batch in loader.Epoch(epoch))
            {
                var (l, c) = _trainer.TrainStep(batch, EncoderSeed.ForEpoch(_experiment.Seed, epoch, (long)batch.Index * loader.BatchSize));
                loss += l;
                correct += c;
                samples += batch.Count;
                batches++;
                steps++;
                report(batches);
            }
        });
        step = steps;
        double seconds = clock.Elapsed.TotalSeconds;
        double meanLoss = batches > 0 ? loss / batches : 0;
        DivergenceGuard.CheckLoss(meanLoss, epoch + 1, step, "training loss");
        var val = _validation is null ? null : _trainer.Evaluate(_validation, epoch);
        if (val is not null)
        {
            DivergenceGuard.CheckLoss(val.Loss, epoch + 1, step, "validation loss");
        }

        DivergenceGuard.CheckValues(_model.Parameters, epoch + 1, step);
        return new EpochMetrics(
            epoch + 1, meanLoss, samples > 0 ? correct / (double)samples : 0, val?.Loss ?? double.NaN, val?.Accuracy ?? double.NaN, _optimizer.LearningRate,
            seconds > 0 ? samples / seconds : double.NaN, double.NaN, seconds);
    }

    /// <inheritdoc/>
    public override void Save(Checkpoint checkpoint)
    {
        checkpoint.AddParameters(_model.Parameters);
        AnnModel.SaveRunningStatistics(_model, checkpoint);
        checkpoint.AddOptimizer(_optimizer);
    }

    /// <inheritdoc/>
    public override void Restore(Checkpoint checkpoint, bool optimizer)
    {
        checkpoint.RestoreParameters(_model.Parameters);
        AnnModel.RestoreRunningStatistics(_model, checkpoint);
        if (optimizer)
        {
            checkpoint.RestoreOptimizer(_optimizer);
        }
    }

    /// <inheritdoc/>
    public override EvaluateCommand.Measurement Measure(LabeledDataset data) => EvaluateCommand.Measure(_model, _experiment, data);

    private (LabeledDataset Train, LabeledDataset Test) LoadChecked(string? dataDir)
    {
        var (train, test) = _experiment.Dataset.Load(dataDir);
        if (train.SampleLength != _model.InputSize)
        {
            throw new FileFormatException(_file, "$.network", string.Create(Inv,
                $"the input population has {_model.InputSize} neurons; {train.Name} has {train.SampleLength} features per sample."));
        }

        return (train, test);
    }
}
