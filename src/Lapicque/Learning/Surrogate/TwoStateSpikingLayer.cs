using System.Runtime.CompilerServices;
using Lapicque.Learning.Optimizers;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// The shared part of the surrogate-gradient layers whose neurons have two state variables, the membrane v and a second
/// state w (the synaptic current of <see cref="CubaLifLayer{TSurrogate}"/>, the adaptation of
/// <see cref="AdaptiveLifLayer{TSurrogate}"/>): input [T, B, N], output spikes [T, B, N].
/// </summary>
/// <remarks>
/// <para>This class owns the state, the tape (v[t-1] and w[t-1] per step), the parallel loops over batch rows, the
/// per-neuron propagators and the learnable beta and threshold with their deterministic reduction. Backward runs from
/// the last step to the first; for each step it restores v[t-1] and w[t-1] from the tape, recomputes the pre-reset
/// membrane and s[t] with the forward kernel and the reset off, and hands one step of a batch range to the model's
/// <see cref="BackwardStep"/>, which carries dv and dw (the gradients reaching v[t] and w[t] from step t + 1) back to
/// step t - 1. Only sealed subclasses in this assembly derive from it.</para>
/// </remarks>
/// <typeparam name="TSurrogate">The surrogate gradient.</typeparam>
/// <typeparam name="TPropagator">The model's per-step constants.</typeparam>
public abstract class TwoStateSpikingLayer<TSurrogate, TPropagator> : Layer
    where TSurrogate : struct, ISurrogate
    where TPropagator : struct
{
    private readonly TPropagator _p;
    private readonly TSurrogate _surrogate;
    private readonly NeuronConstants _c;
    private readonly ResetMode _reset;
    private readonly float _resetMv;
    private readonly bool _detach;
    private readonly float _initialMv;
    private float[] _v = [];
    private float[] _w = [];
    private float[] _refractory = [];
    private float[] _dv = [];
    private float[] _dw = [];
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _vPrev;
    private Tensor? _wPrev;
    private Tensor? _inputGradient;

    /// <summary>Creates a layer of <paramref name="neurons"/> neurons stepped with <paramref name="propagator"/> (which must have no refractory steps).</summary>
    private protected TwoStateSpikingLayer(
        string name, int neurons, int[]? shape, TPropagator propagator, double refractoryMs, double initialMv, TSurrogate surrogate, SpikingOptions? options)
        : base(name, shape ?? [neurons], shape ?? [neurons])
    {
        _p = propagator;
        var (beta, thresholdMv, resetMv, reset, refractorySteps) = ConstantsOf(propagator);
        Check.That(refractorySteps == 0, name + ".RefractoryMs", "0 for surrogate-gradient training", refractoryMs);
        options ??= SpikingOptions.Default;
        _surrogate = surrogate;
        _c = new NeuronConstants(name, OutputSize, beta, thresholdMv, resetMv, options);
        _reset = reset;
        _resetMv = resetMv;
        _detach = options.DetachReset;
        _initialMv = (float)initialMv;
    }

    /// <inheritdoc/>
    public override bool EmitsSpikes => true;

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<float>> Parameters => _c.Parameters;

    /// <summary>The propagator given to the constructor (its beta and threshold are the initial ones).</summary>
    private protected TPropagator Propagator => _p;

    /// <summary>The current beta and threshold (one value, or one per neuron).</summary>
    private protected NeuronConstants Constants => _c;

    /// <inheritdoc/>
    public override void ResetState()
    {
        Array.Fill(_v, _initialMv);
        Array.Clear(_w);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        int n = OutputSize, size = b * n;
        if (_v.Length != size)
        {
            _v = new float[size];
            _w = new float[size];
            _refractory = new float[size];
            ResetState();
        }

        var s = Ensure(ref _output, t, b, OutputShape);
        var vPrev = training ? Ensure(ref _vPrev, t, b, OutputShape) : null;
        var wPrev = training ? Ensure(ref _wPrev, t, b, OutputShape) : null;
        _input = training ? input : null;
        var props = Propagators(_reset);
        Parallelism.For(b, 1, (b0, b1) =>
        {
            int lo = b0 * n, len = (b1 - b0) * n;
            var v = _v.AsSpan(lo, len);
            var w = _w.AsSpan(lo, len);
            var r = _refractory.AsSpan(lo, len);
            for (int ti = 0; ti < t; ti++)
            {
                int at = (ti * size) + lo;
                if (vPrev is not null)
                {
                    v.CopyTo(vPrev.Data.AsSpan(at, len));
                    w.CopyTo(wPrev!.Data.AsSpan(at, len));
                }

                Run(props, v, w, r, input.Data.AsSpan(at, len), s.Data.AsSpan(at, len), lo);
            }
        });
        return s;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var input = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        var vPrev = _vPrev!;
        var wPrev = _wPrev!;
        int t = input.Dim(0), b = input.Dim(1), n = OutputSize, size = b * n;
        CheckGradient(outputGradient, t, b);
        var dIn = Ensure(ref _inputGradient, t, b, InputShape);
        if (_dv.Length != size)
        {
            _dv = new float[size];
            _dw = new float[size];
        }

        var (pBeta, pThr) = _c.Partials(b);
        var props = Propagators(ResetMode.None);
        Parallelism.For(b, 1, (b0, b1) =>
        {
            int lo = b0 * n, len = (b1 - b0) * n;
            var x = new float[len];
            var w = new float[len];
            var sx = new float[len];
            var zero = new float[len];
            var dv = _dv.AsSpan(lo, len);
            var dw = _dw.AsSpan(lo, len);
            dv.Clear();
            dw.Clear();
            for (int ti = t - 1; ti >= 0; ti--)
            {
                int at = (ti * size) + lo;
                var vp = vPrev.Data.AsSpan(at, len);
                var wp = wPrev.Data.AsSpan(at, len);

                // Recompute the pre-reset membrane and s[t] with the forward kernel, reset off.
                vp.CopyTo(x);
                wp.CopyTo(w);
                Run(props, x, w, zero, input.Data.AsSpan(at, len), sx, lo);
                BackwardStep(x, sx, vp, wp, outputGradient.Data.AsSpan(at, len), dv, dw, dIn.Data.AsSpan(at, len), pBeta, pThr, b0, lo);
            }
        });
        if (_c.LearnsAny)
        {
            _c.Reduce(b);
        }

        return needInputGradient ? dIn : null;
    }

    /// <summary>
    /// Beta, threshold (mV), reset potential (mV), reset mode and refractory steps of <paramref name="p"/>. Called from
    /// the constructor, so it must depend on <paramref name="p"/> alone.
    /// </summary>
    private protected abstract (float Beta, float ThresholdMv, float ResetMv, ResetMode Reset, int RefractorySteps) ConstantsOf(in TPropagator p);

    /// <summary><paramref name="p"/> with the given beta, threshold and reset mode.</summary>
    private protected abstract TPropagator With(in TPropagator p, float beta, float thresholdMv, ResetMode reset);

    /// <summary>The model's vector kernel: one step of every element with the shared propagator <paramref name="p"/>.</summary>
    private protected abstract void Step(in TPropagator p, Span<float> v, Span<float> w, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes);

    /// <summary>
    /// The model's scalar kernel: one step of every element of a batch range starting at flat index
    /// <paramref name="lo"/>, element e with the propagator of its neuron, props[(lo + e) % OutputSize].
    /// </summary>
    private protected abstract void StepPerNeuron(TPropagator[] props, int lo, Span<float> v, Span<float> w, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes);

    /// <summary>
    /// One step back over a batch range starting at flat index <paramref name="lo"/> (batch row <paramref name="b0"/>):
    /// from the pre-reset membrane x[t], s[t], v[t-1], w[t-1] and ds = dL/ds[t], updates <paramref name="dv"/> and
    /// <paramref name="dw"/> (dL/dv[t] and dL/dw[t] in, dL/dv[t-1] and dL/dw[t-1] out), writes dIn = dL/dI[t] and adds
    /// into the per-sample partials of beta and threshold (slot (row * values) + value index).
    /// </summary>
    private protected abstract void BackwardStep(
        ReadOnlySpan<float> x, ReadOnlySpan<float> spikes, ReadOnlySpan<float> vPrev, ReadOnlySpan<float> wPrev, ReadOnlySpan<float> ds,
        Span<float> dv, Span<float> dw, Span<float> dIn, float[] pBeta, float[] pThr, int b0, int lo);

    /// <summary>
    /// The spike and reset part of one element's backward step, as in <see cref="LifLayer{TSurrogate}"/>: with
    /// sigma the surrogate at x - threshold and dS = dL/ds[t] plus the reset gradient (none when detached), returns
    /// dL/dx = dv dv[t]/dx + dS sigma, and the threshold gradient -dS sigma - s dv (the last term for subtract only).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected float SpikeGradient(float x, float threshold, float s, float dv, float dS, out float dThreshold)
    {
        float sigma = _surrogate.Derivative(x - threshold);
        float dxdx = 1f;
        switch (_reset)
        {
            case ResetMode.Subtract:
                dS += _detach ? 0f : -(threshold - _resetMv) * dv;
                break;
            case ResetMode.ToValue:
                dxdx = 1f - s;
                dS += _detach ? 0f : (_resetMv - x) * dv;
                break;
        }

        dThreshold = (-dS * sigma) - (_reset == ResetMode.Subtract ? s * dv : 0f);
        return (dv * dxdx) + (dS * sigma);
    }

    private TPropagator[] Propagators(ResetMode reset)
    {
        var props = new TPropagator[_c.Beta.Length];
        for (int j = 0; j < props.Length; j++)
        {
            props[j] = With(_p, _c.Beta[j], _c.Threshold[j], reset);
        }

        return props;
    }

    private void Run(TPropagator[] props, Span<float> v, Span<float> w, Span<float> r, ReadOnlySpan<float> input, Span<float> spikes, int lo)
    {
        if (props.Length == 1)
        {
            Step(props[0], v, w, r, input, spikes);
        }
        else
        {
            StepPerNeuron(props, lo, v, w, r, input, spikes);
        }
    }
}
