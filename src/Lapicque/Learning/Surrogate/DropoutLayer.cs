using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// Inverted dropout with one mask per sample held constant over all T steps (a dropped neuron stays silent for the
/// whole sequence, as recurrent dropout does): y[t, b, i] = m[b, i] x[t, b, i] / (1 - P) with m ~ Bernoulli(1 - P);
/// the identity when not training. Backward: dx = m dy / (1 - P).
/// </summary>
/// <remarks>
/// <para>One mechanism fixes the masks: they are a function of (layer seed, batch key, sample), never of a call count,
/// so that truncated BPTT and resumed runs see the same masks as an uninterrupted full-window run. A trainer calls
/// <see cref="BeginBatch"/> with the batch's key before the batch's first forward call (<c>SurrogateTrainer</c>
/// passes the batch's <c>EncoderSeed</c>: a seed per epoch and the position of the batch's first sample in the
/// epoch). The first training <see cref="Forward"/> after <see cref="BeginBatch"/> or <see cref="ResetState"/> draws
/// the mask of sample b from <c>Rng.ForStream(SplitMix64(seed ^ batchSeed), firstSample + b)</c>; later calls (the
/// further windows of a truncated sequence) reuse it. Masks do not depend on the thread count or the batch size.</para>
/// <para>A caller that never calls <see cref="BeginBatch"/> (a hand-written training loop) still gets fresh masks for
/// each batch: each draw then takes the next positions of one sequence (key 0, positions 0, B, 2B, ...), which depends
/// on the number of draws since construction or <see cref="Reseed"/>, so such a loop is reproducible from the start
/// but not across a resume.</para>
/// </remarks>
public sealed class DropoutLayer : Layer
{
    private readonly double _p;
    private ulong _seed;
    private ulong _batchSeed;
    private ulong _firstSample;
    private bool _stale = true;
    private bool _keyed;
    private ulong _position;
    private float[] _mask = [];
    private Tensor? _output;
    private Tensor? _inputGradient;
    private (int T, int B) _last;
    private bool _taped;

    /// <summary>Creates a dropout layer.</summary>
    /// <param name="name">Layer name.</param>
    /// <param name="shape">Per-sample shape (unchanged).</param>
    /// <param name="probability">Drop probability P in [0, 1).</param>
    /// <param name="seed">Seed of the masks.</param>
    public DropoutLayer(string name, int[] shape, double probability, ulong seed)
        : base(name, shape, shape)
    {
        Check.That(probability >= 0 && probability < 1, nameof(probability), "in [0, 1)", probability);
        _p = probability;
        _seed = seed;
    }

    /// <summary>Drop probability P in [0, 1).</summary>
    public double Probability => _p;

    /// <summary>The masks m[b, i] / (1 - P) of the latest training forward call ([B, N], 0 for a dropped unit).</summary>
    public ReadOnlySpan<float> Mask => _mask;

    /// <summary>Replaces the layer seed and restarts the unkeyed position sequence; the next training forward call draws new masks.</summary>
    public void Reseed(ulong seed)
    {
        _seed = seed;
        _position = 0;
        _stale = true;
    }

    /// <summary>
    /// Starts a batch: the next training forward call draws sample b's mask from (seed, <paramref name="batchSeed"/>,
    /// <paramref name="firstSample"/> + b), and the calls after it reuse that mask until the next batch.
    /// </summary>
    /// <param name="batchSeed">A seed that changes with the epoch (any 64 bits).</param>
    /// <param name="firstSample">The position of the batch's first sample in the epoch.</param>
    public void BeginBatch(ulong batchSeed, ulong firstSample)
    {
        _batchSeed = batchSeed;
        _firstSample = firstSample;
        _keyed = true;
        _stale = true;
    }

    /// <summary>Marks the mask for redrawing; with an unchanged batch key the redrawn mask is the same.</summary>
    public override void ResetState() => _stale = true;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        _last = (t, b);
        _taped = training;
        if (!training || _p == 0)
        {
            return input;
        }

        int n = OutputSize;
        if (_stale || _mask.Length != b * n)
        {
            DrawMasks(b, n);
        }

        var y = Ensure(ref _output, t, b, OutputShape);
        for (int ti = 0; ti < t; ti++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(input.Span.Slice(ti * b * n, b * n), _mask, y.Span.Slice(ti * b * n, b * n));
        }

        return y;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        if (!_taped)
        {
            throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        }

        var (t, b) = _last;
        CheckGradient(outputGradient, t, b);
        if (!needInputGradient || _p == 0)
        {
            return needInputGradient ? outputGradient : null;
        }

        int n = OutputSize;
        var dx = Ensure(ref _inputGradient, t, b, InputShape);
        for (int ti = 0; ti < t; ti++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(outputGradient.Span.Slice(ti * b * n, b * n), _mask, dx.Span.Slice(ti * b * n, b * n));
        }

        return dx;
    }

    private void DrawMasks(int b, int n)
    {
        if (_mask.Length != b * n)
        {
            _mask = new float[b * n];
        }

        if (!_keyed)
        {
            // No batch keys: consecutive draws take consecutive positions of key 0.
            _firstSample = _position;
            _position += (ulong)b;
        }

        float keep = (float)(1.0 / (1.0 - _p));
        ulong mixed = _seed ^ _batchSeed;
        ulong streamSeed = Rng.SplitMix64(ref mixed);
        for (int bi = 0; bi < b; bi++)
        {
            var rng = Rng.ForStream(streamSeed, _firstSample + (ulong)bi);
            for (int i = 0; i < n; i++)
            {
                _mask[(bi * n) + i] = rng.NextDouble() < _p ? 0f : keep;
            }
        }

        _stale = false;
    }
}
