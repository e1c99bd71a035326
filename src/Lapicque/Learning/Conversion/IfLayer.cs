using Lapicque.Learning.Surrogate;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Learning.Conversion;

/// <summary>
/// Non-leaky integrate-and-fire neurons with reset by subtraction, the spiking replacement of a ReLU in a converted
/// network: V[t] = V[t - 1] + x[t]; s[t] = 1 and V[t] -= Threshold where V[t] &gt;= Threshold. Driven by a constant
/// x &gt;= 0 the rate s over T steps is floor(T x / Threshold) / T, which tends to min(x / Threshold, 1): the
/// normalised ReLU, clipped at one spike per step (Rueckauer et al. 2017).
/// </summary>
/// <remarks>
/// The membrane is carried from one forward call to the next until <see cref="ResetState"/>, so a long run can be fed
/// window by window. Inference only: <see cref="Backward"/> throws. The step is <see cref="IntegrateAndFire.Step"/>.
/// </remarks>
public sealed class IfLayer : Layer
{
    private readonly IntegrateAndFirePropagator _propagator;
    private float[] _v = [];
    private float[] _refractory = [];
    private Tensor? _output;

    /// <summary>Creates IF neurons over samples of <paramref name="shape"/>.</summary>
    /// <param name="name">Layer name.</param>
    /// <param name="shape">Per-sample shape.</param>
    /// <param name="threshold">Firing threshold (&gt; 0). Default 1, the normalised activation scale.</param>
    public IfLayer(string name, int[] shape, double threshold = 1.0)
        : base(name, shape, shape)
    {
        Check.Positive(threshold, nameof(threshold));
        Threshold = threshold;
        _propagator = IntegrateAndFireParameters.Discrete(threshold, ResetMode.Subtract).Propagator(1.0);
    }

    /// <summary>The firing threshold.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public override bool EmitsSpikes => true;

    /// <summary>The membrane [B, shape...] after the latest step (the carried state).</summary>
    public ReadOnlySpan<float> Membrane => _v;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        int n = b * InputSize;
        if (_v.Length != n)
        {
            _v = new float[n];
            _refractory = new float[n];
        }

        var y = Ensure(ref _output, t, b, OutputShape);
        var x = input.Span;
        var s = y.Span;
        for (int ti = 0; ti < t; ti++)
        {
            IntegrateAndFire.Step(_propagator, _v, _refractory, x.Slice(ti * n, n), s.Slice(ti * n, n));
        }

        return y;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient) =>
        throw new NotSupportedException($"Layer '{Name}': the IF layer of a converted network is inference only; train the ANN instead.");

    /// <inheritdoc/>
    public override void ResetState()
    {
        Array.Clear(_v);
        Array.Clear(_refractory);
    }
}
