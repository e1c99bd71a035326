using Lapicque.Learning.Optimizers;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// A non-spiking leaky-integrator readout: input [T, B, N], output the membranes [T, B, N] after each step
/// (v[t] = V_rest + beta (v[t-1] - V_rest) + g I[t], the <see cref="LeakyIntegrator.Step"/> kernel).
/// </summary>
/// <remarks>
/// Backward, from the last step to the first, with dv the gradient reaching v[t] from the loss and from step t + 1:
/// dv += dL/dv[t], dI[t] = g dv, dbeta += dv (v[t-1] - V_rest), then dv = beta dv for step t - 1. The tape is the output
/// itself plus the membrane at the start of the call. Beta may be learnable (per layer or per neuron); the threshold
/// options do not apply.
/// </remarks>
public sealed class LeakyIntegratorLayer : Layer
{
    private readonly LeakyIntegratorPropagator _p;
    private readonly NeuronConstants _c;
    private readonly float _initialMv;
    private float[] _v = [];
    private float[] _vStart = [];
    private float[] _dv = [];
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>
    /// Creates a readout of <paramref name="neurons"/> integrators; <paramref name="shape"/> is the per-sample shape of
    /// input and output (default [neurons]; for example [C, H, W] for a map of integrators).
    /// </summary>
    public LeakyIntegratorLayer(string name, int neurons, LeakyIntegratorParameters parameters, double dtMs, SpikingOptions? options = null, int[]? shape = null)
        : base(name, shape ?? [neurons], shape ?? [neurons])
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _p = parameters.Propagator(dtMs);
        options ??= SpikingOptions.Default;
        _c = new NeuronConstants(name, neurons, _p.Beta, 0f, float.NegativeInfinity, options with { LearnThreshold = false });
        _initialMv = (float)parameters.InitialMv;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<float>> Parameters => _c.Parameters;

    /// <summary>The decay factors (one, or one per neuron).</summary>
    public ReadOnlySpan<float> Beta => _c.Beta;

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
            _vStart = new float[size];
            ResetState();
        }

        _v.AsSpan().CopyTo(_vStart);
        var y = Ensure(ref _output, t, b, OutputShape);
        _input = training ? input : null;
        var props = new LeakyIntegratorPropagator[_c.Beta.Length];
        for (int j = 0; j < props.Length; j++)
        {
            props[j] = _p with { Beta = _c.Beta[j] };
        }

        Parallelism.For(b, 1, (b0, b1) =>
        {
            int lo = b0 * n, len = (b1 - b0) * n;
            var v = _v.AsSpan(lo, len);
            for (int ti = 0; ti < t; ti++)
            {
                int at = (ti * size) + lo;
                var x = input.Data.AsSpan(at, len);
                if (props.Length == 1)
                {
                    LeakyIntegrator.Step(props[0], v, x);
                }
                else
                {
                    for (int i = 0; i < len; i++)
                    {
                        LeakyIntegrator.StepScalar(props[(lo + i) % n], v.Slice(i, 1), x.Slice(i, 1));
                    }
                }

                v.CopyTo(y.Data.AsSpan(at, len));
            }
        });
        return y;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var input = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        var y = _output!;
        int t = input.Dim(0), b = input.Dim(1), n = OutputSize, size = b * n;
        CheckGradient(outputGradient, t, b);
        var dIn = Ensure(ref _inputGradient, t, b, InputShape);
        if (_dv.Length != size)
        {
            _dv = new float[size];
        }

        var (pBeta, _) = _c.Partials(b);
        int values = _c.Beta.Length;
        float rest = _p.RestMv, gain = _p.InputGain;
        Parallelism.For(b, 1, (b0, b1) =>
        {
            int lo = b0 * n, len = (b1 - b0) * n;
            var dv = _dv.AsSpan(lo, len);
            dv.Clear();
            for (int ti = t - 1; ti >= 0; ti--)
            {
                int at = (ti * size) + lo;
                var g = outputGradient.Data.AsSpan(at, len);
                var vp = ti > 0 ? y.Data.AsSpan(at - size, len) : _vStart.AsSpan(lo, len);
                var di = dIn.Data.AsSpan(at, len);
                for (int i = 0; i < len; i++)
                {
                    int k = values == 1 ? 0 : (lo + i) % n;
                    float d = dv[i] + g[i];
                    pBeta[((b0 + (i / n)) * values) + k] += d * (vp[i] - rest);
                    di[i] = gain * d;
                    dv[i] = _c.Beta[k] * d;
                }
            }
        });
        if (_c.LearnsAny)
        {
            _c.Reduce(b);
        }

        return needInputGradient ? dIn : null;
    }
}
