using Lapicque.Learning.Optimizers;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// A layer of current-based LIF neurons (<see cref="CubaLifParameters"/>, snnTorch's Synaptic) trained with the
/// surrogate <typeparamref name="TSurrogate"/>: input [T, B, N], output spikes [T, B, N].
/// </summary>
/// <remarks>
/// <para>Forward is <see cref="CubaLif.Step"/>: i[t] = alpha i[t-1] + a x[t],
/// u[t] = V_rest + beta (v[t-1] - V_rest) + c i[t-1] + d x[t], s[t] = H(u[t] - theta), v[t] = reset(u[t]).</para>
/// <para>Backward, with du from the spike and reset exactly as in <see cref="LifLayer{TSurrogate}"/> (u in place of x)
/// and di the gradient reaching i[t] from step t + 1: dx[t] = d du + a di, di[t-1] = c du + alpha di,
/// dv[t-1] = beta du, dbeta += du (v[t-1] - V_rest). The tape holds v[t-1] and i[t-1]; u[t] and s[t] are recomputed by
/// the kernel with the reset off. Beta and threshold may be learnable; alpha is fixed.</para>
/// </remarks>
public sealed class CubaLifLayer<TSurrogate> : Layer
    where TSurrogate : struct, ISurrogate
{
    private readonly CubaLifPropagator _p;
    private readonly TSurrogate _surrogate;
    private readonly NeuronConstants _c;
    private readonly bool _detach;
    private readonly float _initialMv;
    private float[] _v = [];
    private float[] _i = [];
    private float[] _refractory = [];
    private float[] _dv = [];
    private float[] _di = [];
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _vPrev;
    private Tensor? _iPrev;
    private Tensor? _inputGradient;

    /// <summary>Creates a layer of <paramref name="neurons"/> neurons (RefractoryMs must be 0).</summary>
    public CubaLifLayer(string name, int neurons, CubaLifParameters parameters, double dtMs, TSurrogate surrogate, SpikingOptions? options = null, int[]? shape = null)
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
        Array.Clear(_i);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        int n = OutputSize, size = b * n;
        if (_v.Length != size)
        {
            _v = new float[size];
            _i = new float[size];
            _refractory = new float[size];
            ResetState();
        }

        var s = Ensure(ref _output, t, b, OutputShape);
        var vPrev = training ? Ensure(ref _vPrev, t, b, OutputShape) : null;
        var iPrev = training ? Ensure(ref _iPrev, t, b, OutputShape) : null;
        _input = training ? input : null;
        var props = Propagators(_p.Reset);
        Parallelism.For(b, 1, (b0, b1) =>
        {
            int lo = b0 * n, len = (b1 - b0) * n;
            var v = _v.AsSpan(lo, len);
            var cur = _i.AsSpan(lo, len);
            var r = _refractory.AsSpan(lo, len);
            for (int ti = 0; ti < t; ti++)
            {
                int at = (ti * size) + lo;
                if (vPrev is not null)
                {
                    v.CopyTo(vPrev.Data.AsSpan(at, len));
                    cur.CopyTo(iPrev!.Data.AsSpan(at, len));
                }

                Run(props, v, cur, r, input.Data.AsSpan(at, len), s.Data.AsSpan(at, len), lo);
            }
        });
        return s;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var input = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        var vPrev = _vPrev!;
        var iPrev = _iPrev!;
        int t = input.Dim(0), b = input.Dim(1), n = OutputSize, size = b * n;
        CheckGradient(outputGradient, t, b);
        var dIn = Ensure(ref _inputGradient, t, b, InputShape);
        if (_dv.Length != size)
        {
            _dv = new float[size];
            _di = new float[size];
        }

        var (pBeta, pThr) = _c.Partials(b);
        var props = Propagators(ResetMode.None);
        int values = _c.Beta.Length;
        Parallelism.For(b, 1, (b0, b1) =>
        {
            int lo = b0 * n, len = (b1 - b0) * n;
            var u = new float[len];
            var cur = new float[len];
            var sx = new float[len];
            var zero = new float[len];
            var dv = _dv.AsSpan(lo, len);
            var di = _di.AsSpan(lo, len);
            dv.Clear();
            di.Clear();
            for (int ti = t - 1; ti >= 0; ti--)
            {
                int at = (ti * size) + lo;
                var vp = vPrev.Data.AsSpan(at, len);
                vp.CopyTo(u);
                iPrev.Data.AsSpan(at, len).CopyTo(cur);
                Run(props, u, cur, zero, input.Data.AsSpan(at, len), sx, lo);
                var ds = outputGradient.Data.AsSpan(at, len);
                var dx = dIn.Data.AsSpan(at, len);
                for (int e = 0; e < len; e++)
                {
                    int k = values == 1 ? 0 : (lo + e) % n;
                    float theta = _c.Threshold[k], s = sx[e], g = dv[e];
                    float sigma = _surrogate.Derivative(u[e] - theta);
                    float dS = ds[e], dudu = 1f;
                    switch (_p.Reset)
                    {
                        case ResetMode.Subtract:
                            dS += _detach ? 0f : -(theta - _p.ResetMv) * g;
                            break;
                        case ResetMode.ToValue:
                            dudu = 1f - s;
                            dS += _detach ? 0f : (_p.ResetMv - u[e]) * g;
                            break;
                    }

                    float du = (g * dudu) + (dS * sigma);
                    int slot = ((b0 + (e / n)) * values) + k;
                    pBeta[slot] += du * (vp[e] - _p.RestMv);
                    pThr[slot] += (-dS * sigma) - (_p.Reset == ResetMode.Subtract ? s * g : 0f);
                    dx[e] = (_p.InputToMem * du) + (_p.InputToCurrent * di[e]);
                    di[e] = (_p.CurrentToMem * du) + (_p.Alpha * di[e]);
                    dv[e] = _c.Beta[k] * du;
                }
            }
        });
        if (_c.LearnsAny)
        {
            _c.Reduce(b);
        }

        return needInputGradient ? dIn : null;
    }

    private CubaLifPropagator[] Propagators(ResetMode reset)
    {
        var props = new CubaLifPropagator[_c.Beta.Length];
        for (int j = 0; j < props.Length; j++)
        {
            props[j] = _p with { Beta = _c.Beta[j], ThresholdMv = _c.Threshold[j], Reset = reset };
        }

        return props;
    }

    private void Run(CubaLifPropagator[] props, Span<float> v, Span<float> cur, Span<float> r, ReadOnlySpan<float> input, Span<float> spikes, int lo)
    {
        if (props.Length == 1)
        {
            CubaLif.Step(props[0], v, cur, r, input, spikes);
            return;
        }

        int n = OutputSize;
        for (int e = 0; e < v.Length; e++)
        {
            CubaLif.StepScalar(props[(lo + e) % n], v.Slice(e, 1), cur.Slice(e, 1), r.Slice(e, 1), input.Slice(e, 1), spikes.Slice(e, 1));
        }
    }
}
