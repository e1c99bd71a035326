using Lapicque.Learning.Optimizers;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// A layer of adaptive-threshold LIF neurons (<see cref="AdaptiveLifParameters"/>, Bellec et al. 2018's ALIF) trained
/// with the surrogate <typeparamref name="TSurrogate"/>: input [T, B, N], output spikes [T, B, N].
/// </summary>
/// <remarks>
/// <para>Forward is <see cref="AdaptiveLif.Step"/>: x[t] = V_rest + beta (v[t-1] - V_rest) + g I[t],
/// thr[t] = theta + A rho a[t-1], s[t] = H(x[t] - thr[t]), a[t] = rho a[t-1] + s[t], v[t] = reset(x[t]) (subtract
/// removes thr[t] - V_reset).</para>
/// <para>Backward (the adaptation path is kept, as in Bellec et al.), with dv and da the gradients reaching v[t] and
/// a[t] from step t + 1: dS = ds[t] + da + reset term, dx = dv dv/dx + dS sigma(x - thr),
/// dthr = -dS sigma - s dv (subtract), da[t-1] = rho da + A rho dthr, dv[t-1] = beta dx, dI = g dx, dtheta += dthr,
/// dbeta += dx (v[t-1] - V_rest). The tape holds v[t-1] and a[t-1].</para>
/// </remarks>
public sealed class AdaptiveLifLayer<TSurrogate> : Layer
    where TSurrogate : struct, ISurrogate
{
    private readonly AdaptiveLifPropagator _p;
    private readonly TSurrogate _surrogate;
    private readonly NeuronConstants _c;
    private readonly bool _detach;
    private readonly float _initialMv;
    private float[] _v = [];
    private float[] _a = [];
    private float[] _refractory = [];
    private float[] _dv = [];
    private float[] _da = [];
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _vPrev;
    private Tensor? _aPrev;
    private Tensor? _inputGradient;

    /// <summary>Creates a layer of <paramref name="neurons"/> neurons (RefractoryMs must be 0).</summary>
    public AdaptiveLifLayer(string name, int neurons, AdaptiveLifParameters parameters, double dtMs, TSurrogate surrogate, SpikingOptions? options = null, int[]? shape = null)
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

    /// <inheritdoc/>
    public override void ResetState()
    {
        Array.Fill(_v, _initialMv);
        Array.Clear(_a);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        int n = OutputSize, size = b * n;
        if (_v.Length != size)
        {
            _v = new float[size];
            _a = new float[size];
            _refractory = new float[size];
            ResetState();
        }

        var s = Ensure(ref _output, t, b, OutputShape);
        var vPrev = training ? Ensure(ref _vPrev, t, b, OutputShape) : null;
        var aPrev = training ? Ensure(ref _aPrev, t, b, OutputShape) : null;
        _input = training ? input : null;
        var props = Propagators(_p.Reset);
        Parallelism.For(b, 1, (b0, b1) =>
        {
            int lo = b0 * n, len = (b1 - b0) * n;
            var v = _v.AsSpan(lo, len);
            var a = _a.AsSpan(lo, len);
            var r = _refractory.AsSpan(lo, len);
            for (int ti = 0; ti < t; ti++)
            {
                int at = (ti * size) + lo;
                if (vPrev is not null)
                {
                    v.CopyTo(vPrev.Data.AsSpan(at, len));
                    a.CopyTo(aPrev!.Data.AsSpan(at, len));
                }

                Run(props, v, a, r, input.Data.AsSpan(at, len), s.Data.AsSpan(at, len), lo);
            }
        });
        return s;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var input = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        var vPrev = _vPrev!;
        var aPrev = _aPrev!;
        int t = input.Dim(0), b = input.Dim(1), n = OutputSize, size = b * n;
        CheckGradient(outputGradient, t, b);
        var dIn = Ensure(ref _inputGradient, t, b, InputShape);
        if (_dv.Length != size)
        {
            _dv = new float[size];
            _da = new float[size];
        }

        var (pBeta, pThr) = _c.Partials(b);
        var props = Propagators(ResetMode.None);
        int values = _c.Beta.Length;
        float rho = _p.Rho, adapt = _p.AdaptationMv;
        Parallelism.For(b, 1, (b0, b1) =>
        {
            int lo = b0 * n, len = (b1 - b0) * n;
            var x = new float[len];
            var a = new float[len];
            var sx = new float[len];
            var zero = new float[len];
            var dv = _dv.AsSpan(lo, len);
            var da = _da.AsSpan(lo, len);
            dv.Clear();
            da.Clear();
            for (int ti = t - 1; ti >= 0; ti--)
            {
                int at = (ti * size) + lo;
                var vp = vPrev.Data.AsSpan(at, len);
                var ap = aPrev.Data.AsSpan(at, len);
                vp.CopyTo(x);
                ap.CopyTo(a);
                Run(props, x, a, zero, input.Data.AsSpan(at, len), sx, lo);
                var ds = outputGradient.Data.AsSpan(at, len);
                var dx = dIn.Data.AsSpan(at, len);
                for (int e = 0; e < len; e++)
                {
                    int k = values == 1 ? 0 : (lo + e) % n;
                    float thr = _c.Threshold[k] + (adapt * rho * ap[e]);
                    float s = sx[e], g = dv[e];
                    float sigma = _surrogate.Derivative(x[e] - thr);
                    float dS = ds[e] + da[e], dxdx = 1f;
                    switch (_p.Reset)
                    {
                        case ResetMode.Subtract:
                            dS += _detach ? 0f : -(thr - _p.ResetMv) * g;
                            break;
                        case ResetMode.ToValue:
                            dxdx = 1f - s;
                            dS += _detach ? 0f : (_p.ResetMv - x[e]) * g;
                            break;
                    }

                    float d = (g * dxdx) + (dS * sigma);
                    float dthr = (-dS * sigma) - (_p.Reset == ResetMode.Subtract ? s * g : 0f);
                    int slot = ((b0 + (e / n)) * values) + k;
                    pBeta[slot] += d * (vp[e] - _p.RestMv);
                    pThr[slot] += dthr;
                    dx[e] = _p.InputGain * d;
                    da[e] = (rho * da[e]) + (adapt * rho * dthr);
                    dv[e] = _c.Beta[k] * d;
                }
            }
        });
        if (_c.LearnsAny)
        {
            _c.Reduce(b);
        }

        return needInputGradient ? dIn : null;
    }

    private AdaptiveLifPropagator[] Propagators(ResetMode reset)
    {
        var props = new AdaptiveLifPropagator[_c.Beta.Length];
        for (int j = 0; j < props.Length; j++)
        {
            props[j] = _p with { Beta = _c.Beta[j], ThresholdMv = _c.Threshold[j], Reset = reset };
        }

        return props;
    }

    private void Run(AdaptiveLifPropagator[] props, Span<float> v, Span<float> a, Span<float> r, ReadOnlySpan<float> input, Span<float> spikes, int lo)
    {
        if (props.Length == 1)
        {
            AdaptiveLif.Step(props[0], v, a, r, input, spikes);
            return;
        }

        int n = OutputSize;
        for (int e = 0; e < v.Length; e++)
        {
            AdaptiveLif.StepScalar(props[(lo + e) % n], v.Slice(e, 1), a.Slice(e, 1), r.Slice(e, 1), input.Slice(e, 1), spikes.Slice(e, 1));
        }
    }
}
