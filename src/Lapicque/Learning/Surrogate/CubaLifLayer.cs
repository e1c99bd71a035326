using Lapicque.Neurons;

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
public sealed class CubaLifLayer<TSurrogate> : TwoStateSpikingLayer<TSurrogate, CubaLifPropagator>
    where TSurrogate : struct, ISurrogate
{
    /// <summary>Creates a layer of <paramref name="neurons"/> neurons (RefractoryMs must be 0).</summary>
    public CubaLifLayer(string name, int neurons, CubaLifParameters parameters, double dtMs, TSurrogate surrogate, SpikingOptions? options = null, int[]? shape = null)
        : base(name, neurons, shape, (parameters ?? throw new ArgumentNullException(nameof(parameters))).Propagator(dtMs), parameters.RefractoryMs, parameters.InitialMv, surrogate, options)
    {
    }

    private protected override (float Beta, float ThresholdMv, float ResetMv, ResetMode Reset, int RefractorySteps) ConstantsOf(in CubaLifPropagator p) =>
        (p.Beta, p.ThresholdMv, p.ResetMv, p.Reset, p.RefractorySteps);

    private protected override CubaLifPropagator With(in CubaLifPropagator p, float beta, float thresholdMv, ResetMode reset) =>
        p with { Beta = beta, ThresholdMv = thresholdMv, Reset = reset };

    private protected override void Step(in CubaLifPropagator p, Span<float> v, Span<float> w, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes) =>
        CubaLif.Step(p, v, w, refractory, input, spikes);

    private protected override void StepPerNeuron(CubaLifPropagator[] props, int lo, Span<float> v, Span<float> w, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = OutputSize;
        for (int e = 0; e < v.Length; e++)
        {
            CubaLif.StepScalar(props[(lo + e) % n], v.Slice(e, 1), w.Slice(e, 1), refractory.Slice(e, 1), input.Slice(e, 1), spikes.Slice(e, 1));
        }
    }

    private protected override void BackwardStep(
        ReadOnlySpan<float> x, ReadOnlySpan<float> spikes, ReadOnlySpan<float> vPrev, ReadOnlySpan<float> wPrev, ReadOnlySpan<float> ds,
        Span<float> dv, Span<float> dw, Span<float> dIn, float[] pBeta, float[] pThr, int b0, int lo)
    {
        // x is u[t] here and dw is di; wPrev (i[t-1]) is not needed, since u is linear in it with a fixed factor.
        var p = Propagator;
        var c = Constants;
        int n = OutputSize, values = c.Beta.Length;
        for (int e = 0; e < x.Length; e++)
        {
            int k = values == 1 ? 0 : (lo + e) % n;
            float du = SpikeGradient(x[e], c.Threshold[k], spikes[e], dv[e], ds[e], out float dThreshold);
            int slot = ((b0 + (e / n)) * values) + k;
            pBeta[slot] += du * (vPrev[e] - p.RestMv);
            pThr[slot] += dThreshold;
            dIn[e] = (p.InputToMem * du) + (p.InputToCurrent * dw[e]);
            dw[e] = (p.CurrentToMem * du) + (p.Alpha * dw[e]);
            dv[e] = c.Beta[k] * du;
        }
    }
}
