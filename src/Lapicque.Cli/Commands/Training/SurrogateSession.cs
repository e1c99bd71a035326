using System.Diagnostics;
using System.Globalization;
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
/// Gradient training of a <see cref="SequentialModel"/> with <see cref="SurrogateTrainer"/> on an <see cref="Experiment"/>
/// parsed by <see cref="ExperimentFile"/>, for two trainers:
/// "surrogate": the spiking network of the file, encoded input, BPTT with the surrogate spike derivative;
/// "ann": the network's ReLU twin for ANN-to-SNN conversion (docs/conversion.md), built by <see cref="AnnModel.FromNetwork"/>
/// (the same weight layers, a ReLU in place of each hidden population's neurons, logits at the output, optional batch
/// normalisation), trained at T = 1 on the analog input (<see cref="ConstantCurrentEncoder"/>); its "encoding" is not
/// used, <c>lapicque convert</c> chooses the SNN's input. Both use the file's loss, optimizer, schedule, batch and seed.
/// </summary>
internal sealed class SurrogateSession : TrainingSession
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

    private SurrogateSession(Experiment experiment, string? file)
    {
        // The ANN sees the analog input once: T = 1, constant-current "encoding".
        bool ann = experiment.Trainer == "ann";
        _experiment = ann ? experiment with { Encoder = new ConstantCurrentEncoder(), EncodingKind = "analog", Steps = 1 } : experiment;
        _file = file;
        try
        {
            _model = ann ? AnnModel.FromNetwork(experiment.Network.Build(experiment.Seed), experiment.AnnBatchNorm) : experiment.BuildModel();
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            throw new FileFormatException(file, "$.network", e is ArgumentException a ? Check.MessageOf(a) : e.Message, e);
        }

        _optimizer = experiment.Optimizer.Create(_model.Parameters);

        // The trainer reads the base learning rate now; a restored optimizer state then only replaces moments and step count.
        _trainer = new SurrogateTrainer(_model, _experiment.Encoder, _experiment.Loss, _optimizer, _experiment.TrainerOptions());
    }

    /// <summary>The parsed experiment (for "ann": analog input, T = 1).</summary>
    public Experiment Experiment => _experiment;

    /// <summary>The model (weights as trained or restored).</summary>
    public SequentialModel Model => _model;

    /// <inheritdoc/>
    public override string Name => _experiment.Name;

    /// <inheritdoc/>
    public override string Trainer => _experiment.Trainer;

    /// <inheritdoc/>
    public override int Epochs => _experiment.Epochs;

    /// <inheritdoc/>
    public override int Threads => _experiment.Threads;

    /// <inheritdoc/>
    public override string TrialDescription => IsAnn ? "one analog step" : string.Create(Inv, $"{_experiment.Steps} steps");

    /// <inheritdoc/>
    public override string ReportSubtitle => IsAnn
        ? $"ann trainer (ReLU network, analog input, T = 1), {_experiment.Optimizer.Kind} lr {_experiment.Optimizer.LearningRate.ToString("G3", Inv)}"
        : $"{_experiment.Trainer} trainer, {_experiment.EncodingKind} coding, T = {_experiment.Steps}, {_experiment.Optimizer.Kind} lr {_experiment.Optimizer.LearningRate.ToString("G3", Inv)}";

    private bool IsAnn => _experiment.Trainer == "ann";

    /// <summary>Factory for <see cref="TrainingSessions"/> (trainers "surrogate" and "ann").</summary>
    public static TrainingSession Create(string json, string? file, string? baseDir) => new SurrogateSession(ExperimentFile.Parse(json, file, baseDir), file);

    /// <inheritdoc/>
    public override void LoadTrainingData(string? dataDir)
    {
        var (train, _) = LoadChecked(dataDir);
        (_train, _validationSet) = _experiment.Dataset.SplitValidation(train, _experiment.Seed);
        try
        {
            _loader = new DataLoader(_train, _experiment.BatchSize, seed: _experiment.Seed ^ 0xDA7A_0D3EUL, augmentation: _experiment.Augmentation);
        }
        catch (ArgumentException e)
        {
            throw new FileFormatException(_file, "$.augment", Check.MessageOf(e), e);
        }

        _validation = _validationSet is null ? null : new DataLoader(_validationSet, Math.Max(_experiment.BatchSize, 256), seed: 0, shuffle: false);
    }

    /// <inheritdoc/>
    public override LabeledDataset LoadTestData(string? dataDir) => LoadChecked(dataDir).Test;

    /// <inheritdoc/>
    public override string Describe(int epochs) => string.Create(Inv,
        $"{_experiment.Name}: {_train!.Count} training samples{(_validationSet is null ? string.Empty : $", {_validationSet.Count} validation")}, {_model.Parameters.Sum(q => (long)q.Length)} parameters, {(IsAnn ? $"ReLU network, {SnnEvaluator.AnnMacs(_model)} MACs per sample" : $"T = {_experiment.Steps}")}, batch {_experiment.BatchSize}, {epochs} epochs, {Parallelism.MaxThreads} threads{AugmentationText(_experiment.Augmentation)}{(IsAnn ? string.Empty : SpikingText(_experiment))}");

    /// <summary>The spiking-trainer options that differ from the defaults, for the run's first line.</summary>
    private static string SpikingText(Experiment e)
    {
        var parts = new List<string>();
        var o = e.Spiking;
        if (o.LearnBeta || o.LearnThreshold)
        {
            string what = o.LearnBeta && o.LearnThreshold ? "beta and threshold" : o.LearnBeta ? "beta" : "threshold";
            parts.Add($"learnable {what}{(o.PerNeuron ? " per neuron" : string.Empty)}");
        }

        if (!o.DetachReset)
        {
            parts.Add("reset gradient attached");
        }

        if (e.TruncationWindow is { } k && k < e.Steps)
        {
            parts.Add(string.Create(Inv, $"truncated BPTT window {k}"));
        }

        if (e.RateRegularizer is not null)
        {
            parts.Add("rate regulariser");
        }

        if (e.Dropout > 0)
        {
            parts.Add(string.Create(Inv, $"dropout {e.Dropout}"));
        }

        return parts.Count == 0 ? string.Empty : ", " + string.Join(", ", parts);
    }

    private static string AugmentationText(ImageAugmentation? a) => a is null || a.IsIdentity
        ? string.Empty
        : string.Create(Inv, $", augmented ({(a.MaxShift > 0 ? $"shifts up to {a.MaxShift} px" : "no shift")}{(a.HorizontalFlip ? ", left-right mirror" : string.Empty)})");

    /// <inheritdoc/>
    public override EpochMetrics RunEpoch(CliContext context, int epoch, int epochs, ref long step)
    {
        _optimizer.LearningRate = _experiment.Schedule.Rate(_experiment.Optimizer.LearningRate, epoch);
        var train = TrainEpoch(context, epoch, epochs, ref step);
        DivergenceGuard.CheckLoss(train.Loss, epoch + 1, step, "training loss");
        var val = _validation is null ? null : _trainer.Evaluate(_validation, epoch);
        if (val is not null)
        {
            DivergenceGuard.CheckLoss(val.Loss, epoch + 1, step, "validation loss");
        }

        DivergenceGuard.CheckValues(_model.Parameters, epoch + 1, step);
        return new EpochMetrics(
            epoch + 1, train.Loss, train.Accuracy, val?.Loss ?? double.NaN, val?.Accuracy ?? double.NaN, train.LearningRate, train.SamplesPerSecond,
            IsAnn ? double.NaN : train.SpikesPerNeuron, train.Seconds);
    }

    /// <inheritdoc/>
    public override void Save(Checkpoint checkpoint)
    {
        checkpoint.AddParameters(_model.Parameters);
        checkpoint.AddOptimizer(_optimizer);
        AnnModel.SaveRunningStatistics(_model, checkpoint);
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
        int features = _experiment.Encoder.OutputFeatures(train.SampleLength);
        if (features != _model.InputSize)
        {
            throw new FileFormatException(_file, "$.network", string.Create(Inv,
                $"the input population has {_model.InputSize} neurons; the {_experiment.EncodingKind} encoding of {train.Name} gives {features} features per sample."));
        }

        return (train, test);
    }

    /// <summary>The running figures of an epoch shown on its progress bar (spikes per neuron left out for the ANN).</summary>
    private static string RunningStatus(double loss, double accuracy, double samplesPerSecond, double spikesPerNeuron) =>
        string.Create(Inv, $"loss {loss:F4} acc {100 * accuracy:F2} % | {samplesPerSecond:F0} samples/s{(double.IsNaN(spikesPerNeuron) ? string.Empty : $", {spikesPerNeuron:F3} spikes/neuron")}");

    /// <summary>
    /// One epoch of <see cref="SurrogateTrainer.TrainEpoch"/>'s loop (same data order and encoder seeds), with a progress
    /// bar over batches.
    /// </summary>
    private EpochResult TrainEpoch(CliContext context, int epoch, int epochs, ref long step)
    {
        var clock = Stopwatch.StartNew();
        double loss = 0;
        long correct = 0, spikes = 0, neuronSamples = 0;
        int samples = 0, batches = 0;
        long steps = step;
        var loader = _loader!;
        ProgressRunner.Run(context, $"epoch {epoch + 1}/{epochs}", loader.BatchCount, report =>
        {
            foreach (var batch in loader.Epoch(epoch))
            {
                var seed = EncoderSeed.ForEpoch(_experiment.Seed, epoch, (long)batch.Index * loader.BatchSize);
                var (l, c) = _trainer.TrainStep(batch, seed);
                loss += l;
                correct += c;
                samples += batch.Count;
                batches++;
                steps++;

                // The trainer's count covers all T steps; the layer outputs hold only the last window under truncation.
                var (s, n) = _trainer.LastStepSpikes;
                spikes += s;
                neuronSamples += n;

                report(batches, RunningStatus(loss / batches, correct / (double)samples, samples / clock.Elapsed.TotalSeconds, neuronSamples > 0 ? spikes / (double)neuronSamples : double.NaN));
            }
        });
        step = steps;
        return new EpochResult(
            epoch, batches > 0 ? loss / batches : 0, samples > 0 ? correct / (double)samples : 0, samples, clock.Elapsed.TotalSeconds,
            neuronSamples > 0 ? spikes / (double)neuronSamples : 0, _optimizer.LearningRate);
    }
}
