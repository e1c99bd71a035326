using Lapicque.Learning.Optimizers;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// A layer of leaky integrate-and-fire neurons trained with the surrogate <typeparamref name="TSurrogate"/>: input
/// [T, B, N] (the per-step input of <see cref="LifParameters"/>), output spikes [T, B, N].
/// </summary>
/// <remarks>
/// <para>The forward pass is <see cref="Lif.Step"/> itself (one call per step over a batch range; with per-neuron
/// constants, <see cref="Lif.StepScalar"/> per neuron with that neuron's propagator):
/// x[t] = V_rest + beta (v[t-1] - V_rest) + g I[t], s[t] = H(x[t] - theta), and v[t] = x[t] - s[t] (theta - V_reset)
/// (subtract), V_reset where s[t] = 1 (to value) or x[t] (none). The reset acts in the step of the spike, so a
/// subtracted threshold decays with beta in the next step (snnTorch's Leaky applies it one step later, undecayed).</para>
/// <para>Backward, for each step from last to first, with dv the gradient reaching v[t] from step t + 1 and
/// sigma = dH/dx replaced by the surrogate at x[t] - theta:
/// dS = ds[t] + (reset gradient: -(theta - V_reset) dv for subtract, (V_reset - x) dv for to-value; 0 when detached),
/// dx = dv dv[t]/dx[t] + dS sigma, dI[t] = g dx, dv[t-1] = beta dx, dbeta += dx (v[t-1] - V_rest),
/// dtheta += -dS sigma - s[t] dv (the last term for subtract only).
/// The tape holds only v[t-1] per step; x[t] and s[t] are recomputed by the same kernel with the reset switched off.</para>
/// <para>Refractory periods are not supported in training (RefractoryMs must be 0).</para>
/// </remarks>
/// <typeparam name="TSurrogate">The surrogate gradient.</typeparam>
public sealed class LifLayer<TSurrogate> : Layer
    where TSurrogate : struct, ISurrogate
{
    private readonly LifPropagator _p;
    private readonly TSurrogate _surrogate;
    private readonly NeuronConstants _c;
    private readonly bool _detach;
    private readonly float _initialMv;
    private float[] _v = [];
    private float[] _refractory = [];
    private float[] _dv = [];
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _vPrev;
    private Tensor? _inputGradient;

    /// <summary>Creates a layer of <paramref name="neurons"/> neurons.</summary>
    /// <param name="name">Layer name; parameters are NAME/beta and NAME/threshold.</param>
    /// <param name="neurons">Number of neurons (or a [C, H, W] shape through <paramref name="shape"/>).</param>
    /// <param name="parameters">The neuron model (RefractoryMs must be 0).</param>
    /// <param name="dtMs">Step in ms (&gt; 0).</param>
    /// <param name="surrogate">The surrogate gradient.</param>
    /// <param name="options">Learnable constants and reset gradient; null for <see cref="SpikingOptions.Default"/>.</param>
    /// <param name="shape">Per-sample shape, or null for [neurons].</param>
    public LifLayer(string name, int neurons, LifParameters parameters, double dtMs, TSurrogate surrogate, SpikingOptions? options = null, int[]? shape = null)
        : base(name, shape ?? [neurons], shape ?? [neurons])
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _p = parameters.Propagator(dtMs);
        Check.That(_p.RefractorySteps == 0, name + ".RefractoryMs", "0 for surrogate-gradient training", parameters.RefractoryMs);
        options ??= SpikingOptions.Default;
        _surrogate = surrogate;
        _c = new NeuronConstants(name, OutputSize, _p.Beta, _p.ThresholdMv, _p.ResetMv, options);
        _detach = options.DetachReset;
        _initialMv = (float)parameters.InitialMv;
    }

    /// <inheritdoc/>
    public override bool EmitsSpikes => true;

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<float>> Parameters => _c.Parameters;

    /// <summary>The decay factors (one, or one per neuron).</summary>
    public ReadOnlySpan<float> Beta => _c.Beta;

    /// <summary>The thresholds (one, or one per neuron).</summary>
    public ReadOnlySpan<float> Threshold => _c.Threshold;

    /// <summary>The membrane potentials [B, N] after the latest forward call.</summary>
    public ReadOnlySpan<float> Membrane => _v;

    /// <inheritdoc/>
    public override void ResetState() => Array.Fill(_v, _initialMv);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        int n = OutputSize, size = b * n;
        if (_v.Length != size)
        {
            _v = new float[size];
            _refractory = new float[size];
            ResetState();
        }

        var s = Ensure(ref _output, t, b, OutputShape);
        var vPrev = training ? Ensure(ref _vPrev, t, b, OutputShape) : null;
        _input = training ? input : null;
        var props = Propagators(_p.Reset);
        Parallelism.For(b, 1, (b0, b1) =>
        {
            int lo = b0 * n, len = (b1 - b0) * n;
            var v = _v.AsSpan(lo, len);
            var r = _refractory.AsSpan(lo, len);
            for (int ti = 0; ti < t; ti++)
            {
                int at = (ti * size) + lo;
                if (vPrev is not null)
                {
                    v.CopyTo(vPrev.Data.AsSpan(at, len));
                }

                LifGradient.Run(props, n, v, r, input.Data.AsSpan(at, len), s.Data.AsSpan(at, len), lo);
            }
        });
        return s;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var input = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        var vPrev = _vPrev!;
        int t = input.Dim(0), b = input.Dim(1), n = OutputSize, size = b * n;
        CheckGradient(outputGradient, t, b);
        var dIn = Ensure(ref _inputGradient, t, b, InputShape);
        if (_dv.Length != size)
        {
            _dv = new float[size];
        }

        var (pBeta, pThr) = _c.Partials(b);
        var props = Propagators(ResetMode.None);
        Parallelism.For(b, 1, (b0, b1) =>
        {
            int lo = b0 * n, len = (b1 - b0) * n;
            var x = new float[len];
            var sx = new float[len];
            var zero = new float[len];
            var dv = _dv.AsSpan(lo, len);
            dv.Clear();
            for (int ti = t - 1; ti >= 0; ti--)
            {
                int at = (ti * size) + lo;
                var vp = vPrev.Data.AsSpan(at, len);

                // Recompute x[t] and s[t] with the forward kernel, reset off.
                vp.CopyTo(x);
                LifGradient.Run(props, OutputSize, x, zero, input.Data.AsSpan(at, len), sx, lo);
                LifGradient.Step(_surrogate, _p, _c, _detach, OutputSize, x, sx, vp, outputGradient.Data.AsSpan(at, len), dv, dIn.Data.AsSpan(at, len), pBeta, pThr, b0, lo);
            }
        });
        if (_c.LearnsAny)
        {
            _c.Reduce(b);
        }

        return needInputGradient ? dIn : null;
    }

    private LifPropagator[] Propagators(ResetMode reset)
    {
        var props = new LifPropagator[_c.Beta.Length];
        for (int j = 0; j < props.Length; j++)
        {
            props[j] = _p with { Beta = _c.Beta[j], ThresholdMv = _c.Threshold[j], Reset = reset };
        }

        return props;
    }
}
