using System.Globalization;
using Lapicque.Cli.Rendering;
using Lapicque.Data;
using Lapicque.IO;
using Lapicque.Learning.Exact;
using Lapicque.Learning.Metrics;
using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Cli.Commands.Training;

/// <summary>
/// Exact-gradient training (<see cref="ExactTrainer"/>, Klos and Memmesheimer) of an <see cref="ExactExperiment"/>: the
/// event-driven QIF or theta network, spike-time input made on the fly from each sample, the first-spike cross-entropy
/// with pseudospikes. The input noise of a training sample is drawn from a stream keyed by (seed, epoch, sample index),
/// so results do not depend on threads or on where a run was resumed.
/// </summary>
internal sealed class ExactSession : TrainingSession
{
    private const ulong NoiseSalt = 0x9E3779B97F4A7C15UL;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly ExactExperiment _experiment;
    private EventNetwork? _network;
    private ExactTrainer? _trainer;
    private ExactEngine? _engine;
    private LabeledDataset? _train;
    private LabeledDataset? _validation;

    private ExactSession(ExactExperiment experiment) => _experiment = experiment;

    /// <inheritdoc/>
    public override string Name => _experiment.Name;

    /// <inheritdoc/>
    public override string Trainer => "exact";

    /// <inheritdoc/>
    public override int Epochs => _experiment.Epochs;

    /// <inheritdoc/>
    public override int Threads => _experiment.Threads;

    /// <inheritdoc/>
    public override string TrialDescription => string.Create(Inv, $"trial of {_experiment.TrialMs:G4} ms");

    /// <inheritdoc/>
    public override string ReportSubtitle => string.Create(Inv,
        $"exact trainer, {_experiment.Neuron.ModelName} neurons, {string.Join("-", _experiment.Layers)}, T = {_experiment.TrialMs:G4} ms, {_experiment.Options.Optimizer} lr {_experiment.Options.LearningRate:G3}");

    /// <summary>Factory for <see cref="TrainingSessions"/>.</summary>
    public static TrainingSession Create(string json, string? file, string? baseDir) => new ExactSession(ExactExperimentFile.Parse(json, file));

    /// <inheritdoc/>
    public override void LoadTrainingData(string? dataDir)
    {
        var (train, _) = _experiment.Dataset.Load(dataDir);
        (_train, _validation) = _experiment.Dataset.SplitValidation(train, _experiment.Seed);
        Build(train.SampleLength);
    }

    /// <inheritdoc/>
    public override LabeledDataset LoadTestData(string? dataDir)
    {
        var test = _experiment.Dataset.Load(dataDir).Test;
        Build(test.SampleLength);
        return test;
    }

    /// <inheritdoc/>
    public override string Describe(int epochs)
    {
        long parameters = _trainer!.Parameters.Sum(p => (long)p.Length);
        return string.Create(Inv,
            $"{_experiment.Name}: {_train!.Count} training samples{(_validation is null ? string.Empty : $", {_validation.Count} validation")}, {_network!.InputCount}-{string.Join("-", _experiment.Layers)} {_experiment.Neuron.ModelName} network, {parameters} parameters, T = {_experiment.TrialMs:G4} ms, batch {_experiment.Options.BatchSize}, {epochs} epochs, {Parallelism.MaxThreads} threads");
    }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, double Value)> Baseline(LabeledDataset test)
    {
        var e = Evaluate(test);
        var list = new List<(string, double)> { ("test accuracy", e.Summary.Accuracy), ("spikes per sample", e.Summary.SpikesPerSample) };
        for (int l = 0; l < _network!.LayerCount; l++)
        {
            list.Add(($"silent fraction, {LayerName(l)}", e.SilentFraction(l)));
        }

        return list;
    }

    /// <inheritdoc/>
    public override EpochMetrics RunEpoch(CliContext context, int epoch, int epochs, ref long step)
    {
        var trainer = _trainer!;
        var train = _train!;
        int count = train.Count;
        int[] labels = train.Labels.ToArray();
        ExactEpochResult result = default;
        ProgressRunner.Run(context, $"epoch {epoch + 1}/{epochs}", count, report =>
        {
            result = trainer.TrainEpoch(count, i => _experiment.Encoding.Encode(train.Sample(i), Noise(epoch, i)), labels, epoch, (done, running) => report(done, RunningStatus(done, running)));
        });
        step = trainer.Steps;
        DivergenceGuard.CheckLoss(result.Loss, epoch + 1, step);
        DivergenceGuard.CheckValues(trainer.Parameters, epoch + 1, step);
        ExactEpochResult? val = null;
        if (_validation is { } v)
        {
            val = trainer.Evaluate(v.Count, i => _experiment.Encoding.Encode(v.Sample(i), null), v.Labels.ToArray());
            DivergenceGuard.CheckLoss(val.Value.Loss, epoch + 1, step, "validation loss");
        }

        int stepsPerEpoch = (count + _experiment.Options.BatchSize - 1) / _experiment.Options.BatchSize;
        return new EpochMetrics(
            epoch + 1,
            result.Loss,
            result.Accuracy,
            val?.Loss ?? double.NaN,
            val?.Accuracy ?? double.NaN,
            trainer.LearningRate(stepsPerEpoch),
            result.Seconds > 0 ? count / result.Seconds : 0,
            result.SpikesPerSample / _network!.NeuronCount,
            result.Seconds);
    }

    /// <inheritdoc/>
    public override void Save(Checkpoint checkpoint)
    {
        checkpoint.AddParameters(_trainer!.Parameters);
        checkpoint.AddOptimizer(_trainer.Optimizer);
    }

    /// <inheritdoc/>
    public override void Restore(Checkpoint checkpoint, bool optimizer)
    {
        if (_trainer is null)
        {
            // Evaluate restores before loading data: the input width comes from the data set's sample length.
            Build(SampleLength(_experiment.Dataset.Name));
        }

        checkpoint.RestoreParameters(_trainer!.Parameters);
        if (optimizer)
        {
            checkpoint.RestoreOptimizer(_trainer.Optimizer);
            _trainer.Steps = checkpoint.Metadata.Step;
        }
    }

    /// <inheritdoc/>
    public override EvaluateCommand.Measurement Measure(LabeledDataset data)
    {
        var e = Evaluate(data);
        var confusion = new ConfusionMatrix(data.ClassCount);
        confusion.Add(data.Labels, e.Predictions);
        var layers = new List<(string, double)>();
        var extra = new List<(string, double)> { ("accuracy from ordinary spikes only", e.Summary.OrdinaryAccuracy), ("spikes per sample", e.Summary.SpikesPerSample) };
        for (int l = 0; l < _network!.LayerCount; l++)
        {
            layers.Add((LayerName(l), e.SpikesPerNeuron(l)));
            extra.Add(($"silent fraction, {LayerName(l)}", e.SilentFraction(l)));
        }

        return new EvaluateCommand.Measurement(confusion, e.Summary.Loss, layers, e.Summary.Seconds, extra, Activity(data, e));
    }

    /// <summary>
    /// Per-neuron rates over the pass and the exact spike times of the first sample (input spikes and every layer's
    /// ordinary spikes, from one more forward pass of the event-driven engine).
    /// </summary>
    private List<EvaluateCommand.LayerActivity> Activity(LabeledDataset data, ExactEvaluation e)
    {
        var net = _network!;
        double trial = _experiment.TrialMs;
        var times = new List<double>[net.LayerCount];
        var neurons = new List<int>[net.LayerCount];
        for (int l = 0; l < net.LayerCount; l++)
        {
            (times[l], neurons[l]) = ([], []);
        }

        var activity = new List<EvaluateCommand.LayerActivity>();
        if (data.Count > 0)
        {
            var inputs = _experiment.Encoding.Encode(data.Sample(0), null);
            var tape = new ExactTape();
            _engine!.Forward(inputs, tape);
            for (int k = 0; k < tape.Events; k++)
            {
                if (tape.EventKindOf(k) == EventKind.Spike)
                {
                    int neuron = tape.EventIndex(k), l = net.LayerCount - 1;
                    while (neuron < net.LayerOffset(l))
                    {
                        l--;
                    }

                    times[l].Add(tape.EventTime(k));
                    neurons[l].Add(neuron - net.LayerOffset(l));
                }
            }

            activity.Add(new("input", net.InputCount, trial, [], [.. inputs.Select(x => x.TimeMs)], [.. inputs.Select(x => x.Channel)]));
        }

        for (int l = 0; l < net.LayerCount; l++)
        {
            int lo = net.LayerOffset(l);
            var counts = Enumerable.Range(lo, net.LayerSizes[l]).Select(e.SpikesOf);
            activity.Add(new(LayerName(l), net.LayerSizes[l], trial, EvaluateCommand.LayerActivity.Rates(counts, e.Samples, trial), data.Count > 0 ? [.. times[l]] : null, data.Count > 0 ? [.. neurons[l]] : null));
        }

        return activity;
    }

    private ExactEvaluation Evaluate(LabeledDataset data) =>
        _trainer!.EvaluateDetailed(data.Count, i => _experiment.Encoding.Encode(data.Sample(i), null), data.Labels.ToArray());

    /// <summary>The running figures of an epoch shown on its progress bar.</summary>
    private static string RunningStatus(int done, ExactEpochResult r) => string.Create(Inv,
        $"loss {r.Loss:F4} acc {100 * r.Accuracy:F2} % (ordinary {100 * r.OrdinaryAccuracy:F2} %) | {(r.Seconds > 0 ? done / r.Seconds : 0):F0} samples/s, {r.SpikesPerSample:F1} spikes/sample");

    private string LayerName(int layer) => layer == _network!.LayerCount - 1 ? "output" : string.Create(Inv, $"hidden{layer + 1}");

    private Rng Noise(int epoch, int index) => Rng.ForStream(_experiment.Seed ^ NoiseSalt, ((ulong)epoch << 32) | (uint)index);

    private void Build(int features)
    {
        if (_network is not null)
        {
            if (_network.InputCount != _experiment.Encoding.Channels(features))
            {
                throw new FileFormatException(null, "$.dataset", string.Create(Inv, $"the training and test sets give different input widths ({_network.InputCount} and {_experiment.Encoding.Channels(features)} channels)."));
            }

            return;
        }

        _network = _experiment.BuildNetwork(features);
        _engine = _experiment.CreateEngine(_network);
        _trainer = new ExactTrainer(_engine, _experiment.Options);
    }

    private static int SampleLength(string dataset) => dataset switch
    {
        "yinyang" => YinYang.FeatureCount,
        "mnist" or "fashion-mnist" => 28 * 28,
        _ => 32 * 32 * 3,
    };
}
