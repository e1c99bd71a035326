using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// Inverted dropout with one mask per sample held constant over all T steps (a dropped neuron stays silent for the
/// whole sequence, as recurrent dropout does): y[t, b, i] = m[b, i] x[t, b, i] / (1 - P) with m ~ Bernoulli(1 - P);
/// the identity when not training. Backward: dx = m dy / (1 - P).
/// </summary>
/// <remarks>
/// Masks come from <c>Rng.ForStream(seed, call * 2^20 + b)</c> with a per-layer call counter, so they depend on the
/// seed and the call order only, never on the thread count. Call <see cref="Reseed"/> to reproduce a run.
/// </remarks>
public sealed class DropoutLayer : Layer
{
    private readonly double _p;
    private ulong _seed;
    private ulong _calls;
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

    /// <summary>Restarts the mask sequence from <paramref name="seed"/>.</summary>
    public void Reseed(ulong seed)
    {
        _seed = seed;
        _calls = 0;
    }

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
        if (_mask.Length != b * n)
        {
            _mask = new float[b * n];
        }

        float keep = (float)(1.0 / (1.0 - _p));
        ulong call = _calls++;
        for (int bi = 0; bi < b; bi++)
        {
            var rng = Rng.ForStream(_seed, (call << 20) + (ulong)bi);
            for (int i = 0; i < n; i++)
            {
                _mask[(bi * n) + i] = rng.NextDouble() < _p ? 0f : keep;
            }
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
}
