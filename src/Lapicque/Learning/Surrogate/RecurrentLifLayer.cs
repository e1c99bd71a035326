using Lapicque.Learning.Optimizers;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// A LIF layer with its own all-to-all recurrent weights R ([N, N], [source, target] row-major like a dense
/// <see cref="Networks.SynapseMatrix"/>): the input of step t is I[t] + s[t-1] R, then the LIF step of
/// <see cref="LifLayer{TSurrogate}"/> (the same kernel and the same backward step).
/// </summary>
/// <remarks>
/// Backward adds the recurrent path: with c[t] = I[t] + s[t-1] R and dc[t] = dL/dc[t],
/// dL/ds[t-1] gains dc[t] R^T, and dR += s[t-1]^T dc[t] (the event-driven kernel, since s is sparse and binary).
/// The tape holds v[t-1] and c[t] per step.
/// </remarks>
public sealed class RecurrentLifLayer<TSurrogate> : Layer
    where TSurrogate : struct, ISurrogate
{
    private readonly LifPropagator _p;
    private readonly TSurrogate _surrogate;
    private readonly NeuronConstants _c;
    private readonly bool _detach;
    private readonly float _initialMv;
    private readonly Parameter<float> _recurrent;
    private readonly SpikeIndex _scratch = new();
    private float[] _v = [];
    private float[] _refractory = [];
    private float[] _sLast = [];
    private float[] _sStart = [];
    private float[] _dv = [];
    private float[] _dsRec = [];
    private float[] _dc = [];
    private Tensor? _output;
    private Tensor? _vPrev;
    private Tensor? _current;
    private Tensor? _inputGradient;
    private bool _taped;

    /// <summary>Creates a recurrent layer over <paramref name="recurrentWeights"/> (N * N, used in place).</summary>
    public RecurrentLifLayer(string name, int neurons, LifParameters parameters, double dtMs, TSurrogate surrogate, float[] recurrentWeights, SpikingOptions? options = null)
        : base(name, [neurons], [neurons])
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(recurrentWeights);
        if (recurrentWeights.Length != neurons * neurons)
        {
            throw new ArgumentException($"Layer '{name}': recurrent weights have {recurrentWeights.Length} elements; expected N * N = {neurons * neurons}.", nameof(recurrentWeights));
        }

        _p = parameters.Propagator(dtMs);
        Check.That(_p.RefractorySteps == 0, name + ".RefractoryMs", "0 for surrogate-gradient training", parameters.RefractoryMs);
        options ??= SpikingOptions.Default;
        _surrogate = surrogate;
        _c = new NeuronConstants(name, neurons, _p.Beta, _p.ThresholdMv, _p.ResetMv, options);
        _detach = options.DetachReset;
        _initialMv = (float)parameters.InitialMv;
        _recurrent = new Parameter<float>(name + "/recurrent", recurrentWeights);
        Parameters = [_recurrent, .. _c.Parameters];
    }

    /// <inheritdoc/>
    public override bool EmitsSpikes => true;

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<float>> Parameters { get; }

    /// <summary>The recurrent weights [N, N].</summary>
    public Parameter<float> Recurrent => _recurrent;

    /// <inheritdoc/>
    public override void ResetState()
    {
        Array.Fill(_v, _initialMv);
        Array.Clear(_sLast);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        int n = OutputSize, size = b * n;
        if (_v.Length != size)
        {
            _v = new float[size];
            _refractory = new float[size];
            _sLast = new float[size];
            _sStart = new float[size];
            ResetState();
        }

        _sLast.AsSpan().CopyTo(_sStart);
        var s = Ensure(ref _output, t, b, OutputShape);
        var cur = Ensure(ref _current, t, b, OutputShape);
        var vPrev = training ? Ensure(ref _vPrev, t, b, OutputShape) : null;
        _taped = training;
        var props = Propagators(_p.Reset);
        for (int ti = 0; ti < t; ti++)
        {
            int at = ti * size;
            var c = cur.Data.AsSpan(at, size);
            input.Data.AsSpan(at, size).CopyTo(c);
            ReadOnlySpan<float> sPrev = ti > 0 ? s.Data.AsSpan(at - size, size) : _sStart;
            SpikeGemm.Forward(b, n, n, sPrev, n, _recurrent.Value, n, 1f, c, n, _scratch);
            if (vPrev is not null)
            {
                _v.AsSpan().CopyTo(vPrev.Data.AsSpan(at, size));
            }

            Parallelism.For(b, 1, (b0, b1) =>
            {
                int lo = b0 * n, len = (b1 - b0) * n;
                LifGradient.Run(props, n, _v.AsSpan(lo, len), _refractory.AsSpan(lo, len), cur.Data.AsSpan(at + lo, len), s.Data.AsSpan(at + lo, len), lo);
            });
        }

        s.Data.AsSpan((t - 1) * size, size).CopyTo(_sLast);
        return s;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        if (!_taped)
        {
            throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        }

        var s = _output!;
        var cur = _current!;
        var vPrev = _vPrev!;
        int t = s.Dim(0), b = s.Dim(1), n = OutputSize, size = b * n;
        CheckGradient(outputGradient, t, b);
        var dIn = Ensure(ref _inputGradient, t, b, InputShape);
        if (_dv.Length != size)
        {
            _dv = new float[size];
            _dsRec = new float[size];
            _dc = new float[size];
        }

        Array.Clear(_dv);
        Array.Clear(_dsRec);
        var (pBeta, pThr) = _c.Partials(b);
        var props = Propagators(ResetMode.None);
        var x = new float[size];
        var sx = new float[size];
        var zero = new float[size];
        var ds = new float[size];
        for (int ti = t - 1; ti >= 0; ti--)
        {
            int at = ti * size;
            var vp = vPrev.Data.AsSpan(at, size);
            vp.CopyTo(x);
            System.Numerics.Tensors.TensorPrimitives.Add(outputGradient.Data.AsSpan(at, size), _dsRec, ds);
            Parallelism.For(b, 1, (b0, b1) =>
            {
                int lo = b0 * n, len = (b1 - b0) * n;
                LifGradient.Run(props, n, x.AsSpan(lo, len), zero.AsSpan(lo, len), cur.Data.AsSpan(at + lo, len), sx.AsSpan(lo, len), lo);
                LifGradient.Step(_surrogate, _p, _c, _detach, n, x.AsSpan(lo, len), sx.AsSpan(lo, len), vPrev.Data.AsSpan(at + lo, len),
                    ds.AsSpan(lo, len), _dv.AsSpan(lo, len), dIn.Data.AsSpan(at + lo, len), pBeta, pThr, b0, lo);
            });

            // dc[t] = dL/dI[t] (the kernel's input gain is already applied); recurrent paths to step t - 1.
            var dc = dIn.Data.AsSpan(at, size);
            ReadOnlySpan<float> sPrev = ti > 0 ? s.Data.AsSpan(at - size, size) : _sStart;
            SpikeGemm.WeightGradient(b, n, n, sPrev, n, dc, n, 1f, _recurrent.Gradient, n, _scratch);
            Gemm.Multiply(Transpose.None, Transpose.Transposed, b, n, n, 1f, dc, n, _recurrent.Value, n, 0f, _dsRec, n);
        }

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
