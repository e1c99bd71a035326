using Lapicque.Learning.Metrics;
using System.Diagnostics;
using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Numerics;

namespace Lapicque.Learning.Training;

/// <summary>
/// Surrogate-gradient training by backpropagation through time: each batch is encoded into spikes
/// [T, B, features], run forward through the model, scored by the loss, run backward, clipped, checked for NaN/Inf and
/// applied by the optimizer.
/// </summary>
/// <remarks>
/// Deterministic: the encoder's spikes for a sample come from <see cref="EncoderSeed.ForEpoch"/> with the run seed,
/// the epoch and the sample's position in the epoch; the loader's order from its own seed; the layers reduce in fixed
/// orders. The same seeds give the same bits whatever <see cref="Parallelism.MaxThreads"/> is. The batch's
/// <see cref="EncoderSeed"/> is also the key of its dropout masks (<see cref="DropoutLayer.BeginBatch"/>, called after
/// the state reset of every batch), so the masks are constant over the windows of a truncated sequence and a resumed
/// run draws the same ones.
/// </remarks>
public sealed class SurrogateTrainer
{
    private readonly SequentialModel _model;
    private readonly ISpikeEncoder _encoder;
    private readonly ILoss _loss;
    private readonly Optimizer<float> _optimizer;
    private readonly TrainerOptions _options;
    private readonly double _baseRate;
    private Tensor? _spikes;
    private Tensor? _gradient;
    private Tensor? _fullOutput;
    private int[] _predictions = [];
    private readonly DropoutLayer[] _dropouts;
    private (long Spikes, long NeuronSamples) _stepSpikes;

    /// <summary>Creates a trainer; the optimizer's current learning rate is the schedule's base rate.</summary>
    /// <exception cref="ArgumentException">The options are invalid or the encoder's output does not fit the model input.</exception>
    public SurrogateTrainer(SequentialModel model, ISpikeEncoder encoder, ILoss loss, Optimizer<float> optimizer, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model;
        _encoder = encoder;
        _loss = loss;
        _optimizer = optimizer;
        _options = options;
        _baseRate = optimizer.LearningRate;
        _dropouts = [.. model.Layers.OfType<DropoutLayer>()];
    }

    /// <summary>The model being trained.</summary>
    public SequentialModel Model => _model;

    /// <summary>
    /// Spikes of the latest <see cref="TrainStep"/>, summed over all T steps (every window under truncation) and every
    /// spiking layer, and the neuron-samples they were counted over (sum over spiking layers of neurons x batch);
    /// Spikes / NeuronSamples is spikes per neuron per sample. (0, 0) before the first step.
    /// </summary>
    public (long Spikes, long NeuronSamples) LastStepSpikes => _stepSpikes;

    /// <summary>
    /// One optimisation step on <paramref name="batch"/>: returns the loss (mean over the batch and, with truncation,
    /// over windows) and the number of correct predictions.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is NaN or infinite (nothing was updated).</exception>
    public (double Loss, int Correct) TrainStep(Batch batch, EncoderSeed seed)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var input = Encode(batch, seed);
        int t = _options.Steps, b = batch.Count;
        int window = Math.Min(_options.TruncationWindow ?? t, t);
        _optimizer.ZeroGradients();
        _model.ResetState();
        foreach (var d in _dropouts)
        {
            d.BeginBatch(seed.Seed, seed.FirstSample);
        }

        double loss = 0;
        int correct;
        if (window == t)
        {
            var output = _model.Forward(input, training: true);
            _stepSpikes = CountSpikes(b);
            var g = Buffer(ref _gradient, output);
            loss = _loss.Evaluate(output, batch.Labels, g, Predictions(b));
            _model.Backward(g, _options.Regularizer);
            correct = Correct(batch.Labels);
        }
        else
        {
            int f = input.Length / (t * b);
            var full = Buffer(ref _fullOutput, [t, b, _model.OutputSize]);
            int windows = 0;
            _stepSpikes = (0, 0);
            for (int start = 0; start < t; start += window)
            {
                int k = Math.Min(window, t - start);
                var w = new Tensor(k, b, f);
                input.Span.Slice(start * b * f, k * b * f).CopyTo(w.Span);
                var output = _model.Forward(w, training: true);
                (long ws, long wn) = CountSpikes(b);
                _stepSpikes = (_stepSpikes.Spikes + ws, start == 0 ? wn : _stepSpikes.NeuronSamples);
                var g = new Tensor([.. output.Shape]);
                loss += _loss.Evaluate(output, batch.Labels, g, Predictions(b));
                _model.Backward(g, _options.Regularizer);
                output.Span.CopyTo(full.Span.Slice(start * b * _model.OutputSize, output.Length));
                windows++;
            }

            loss /= windows;
            _loss.Evaluate(full, batch.Labels, new Tensor([.. full.Shape]), Predictions(b));
            correct = Correct(batch.Labels);
        }

        GuardFinite(loss, batch);
        if (_options.ClipNorm is { } clip)
        {
            GradientClipping.ClipByGlobalNorm(_model.Parameters, clip);
        }

        _optimizer.Step();
        return (loss, correct);
    }

    /// <summary>Trains one epoch over <paramref name="loader"/> (its order for this epoch) and returns the metrics.</summary>
    public EpochResult TrainEpoch(DataLoader loader, int epoch)
    {
        ArgumentNullException.ThrowIfNull(loader);
        _optimizer.LearningRate = _options.Schedule.Rate(_baseRate, epoch);
        var clock = Stopwatch.StartNew();
        double loss = 0;
        long correct = 0, spikes = 0, neuronSamples = 0;
        int samples = 0, batches = 0;
        foreach (var batch in loader.Epoch(epoch))
        {
            var seed = EncoderSeed.ForEpoch(_options.Seed, epoch, (long)batch.Index * loader.BatchSize);
            var (l, c) = TrainStep(batch, seed);
            loss += l;
            correct += c;
            samples += batch.Count;
            batches++;
            spikes += _stepSpikes.Spikes;
            neuronSamples += _stepSpikes.NeuronSamples;
        }

        return new EpochResult(
            epoch, batches > 0 ? loss / batches : 0, samples > 0 ? correct / (double)samples : 0, samples, clock.Elapsed.TotalSeconds,
            neuronSamples > 0 ? spikes / (double)neuronSamples : 0, _optimizer.LearningRate);
    }

    /// <summary>Evaluates the model (no tape, no updates) over every batch of <paramref name="loader"/> in its epoch-0 order.</summary>
    public EpochResult Evaluate(DataLoader loader, int epoch = 0)
    {
        ArgumentNullException.ThrowIfNull(loader);
        var clock = Stopwatch.StartNew();
        double loss = 0;
        long correct = 0, spikes = 0, neuronSamples = 0;
        int samples = 0, batches = 0;
        foreach (var batch in loader.Epoch(0))
        {
            // Evaluation spikes use their own stream family (epoch index far past any training epoch).
            var seed = EncoderSeed.ForEpoch(_options.Seed ^ 0x5EED_E7A1UL, 0, (long)batch.Index * loader.BatchSize);
            var input = Encode(batch, seed);
            _model.ResetState();
            var output = _model.Forward(input, training: false);
            var g = Buffer(ref _gradient, output);
            loss += _loss.Evaluate(output, batch.Labels, g, Predictions(batch.Count));
            correct += Correct(batch.Labels);
            samples += batch.Count;
            batches++;
            (long s, long n) = CountSpikes(batch.Count);
            spikes += s;
            neuronSamples += n;
        }

        return new EpochResult(
            epoch, batches > 0 ? loss / batches : 0, samples > 0 ? correct / (double)samples : 0, samples, clock.Elapsed.TotalSeconds,
            neuronSamples > 0 ? spikes / (double)neuronSamples : 0, 0);
    }

    /// <summary>
    /// Trains <paramref name="epochs"/> epochs, validating after each on <paramref name="validation"/> when given, and
    /// reports each epoch to <paramref name="progress"/>.
    /// </summary>
    public IReadOnlyList<EpochResult> Fit(DataLoader train, int epochs, DataLoader? validation = null, Action<EpochResult>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        Check.That(epochs >= 0, nameof(epochs), ">= 0", epochs);
        var history = new List<EpochResult>();
        for (int e = 0; e < epochs; e++)
        {
            var m = TrainEpoch(train, e);
            if (validation is not null)
            {
                m = m with { Validation = Evaluate(validation, e) };
            }

            history.Add(m);
            progress?.Invoke(m);
        }

        return history;
    }

    private Tensor Encode(Batch batch, EncoderSeed seed)
    {
        int b = batch.Count, f = batch.FlatFeatures.RowLength;
        int outF = _encoder.OutputFeatures(f);
        if (outF != _model.InputSize)
        {
            throw new ArgumentException($"The encoder gives {outF} features per sample ({f} in); the model's first layer '{_model.Layers[0].Name}' expects {_model.InputSize}.");
        }

        var spikes = Buffer(ref _spikes, [_options.Steps, b, outF]);
        _encoder.Encode(batch.FlatFeatures.Span, b, _options.Steps, seed, spikes.Span);
        return spikes;
    }

    private Span<int> Predictions(int b)
    {
        if (_predictions.Length != b)
        {
            _predictions = new int[b];
        }

        return _predictions;
    }

    private int Correct(ReadOnlySpan<int> labels)
    {
        int c = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            c += _predictions[i] == labels[i] ? 1 : 0;
        }

        return c;
    }

    private (long Spikes, long NeuronSamples) CountSpikes(int batch)
    {
        long spikes = 0, neurons = 0;
        for (int i = 0; i < _model.Layers.Count; i++)
        {
            if (_model.Layers[i].EmitsSpikes)
            {
                spikes += VectorMath.CountNonZero(_model.LayerOutput(i).Span);
                neurons += (long)_model.Layers[i].OutputSize * batch;
            }
        }

        return (spikes, neurons);
    }

    // One divergence check for every trainer (Learning/Metrics): the loss, then every gradient, before any update.
    private void GuardFinite(double loss, Batch batch)
    {
        DivergenceGuard.CheckLoss(loss, batch.Epoch, batch.Index);
        DivergenceGuard.CheckGradients(_model.Parameters, batch.Epoch, batch.Index);
    }

    private static Tensor Buffer(ref Tensor? buffer, Tensor like) => Buffer(ref buffer, like.Shape.ToArray());

    private static Tensor Buffer(ref Tensor? buffer, int[] shape)
    {
        if (buffer is null || !buffer.Shape.SequenceEqual(shape))
        {
            buffer = new Tensor(shape);
        }

        return buffer;
    }
}
