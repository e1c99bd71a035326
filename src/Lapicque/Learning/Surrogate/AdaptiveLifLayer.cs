using Lapicque.Neurons;

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
public sealed class AdaptiveLifLayer<TSurrogate> : TwoStateSpikingLayer<TSurrogate, AdaptiveLifPropagator>
    where TSurrogate : struct, ISurrogate
{
    /// <summary>Creates a layer of <paramref name="neurons"/> neurons (RefractoryMs must be 0).</summary>
    public AdaptiveLifLayer(string name, int neurons, AdaptiveLifParameters parameters, double dtMs, TSurrogate surrogate, SpikingOptions? options = null, int[]? shape = null)
        : base(name, neurons, shape, (parameters ?? throw new ArgumentNullException(nameof(parameters))).Propagator(dtMs), parameters.RefractoryMs, parameters.InitialMv, surrogate, options)
    {
    }

    private protected override (float Beta, float ThresholdMv, float ResetMv, ResetMode Reset, int RefractorySteps) ConstantsOf(in AdaptiveLifPropagator p) =>
        (p.Beta, p.ThresholdMv, p.ResetMv, p.Reset, p.RefractorySteps);

    private protected override AdaptiveLifPropagator With(in AdaptiveLifPropagator p, float beta, float thresholdMv, ResetMode reset) =>
        p with { Beta = beta, ThresholdMv = thresholdMv, Reset = reset };

    private protected override void Step(in AdaptiveLifPropagator p, Span<float> v, Span<float> w, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes) =>
        AdaptiveLif.Step(p, v, w, refractory, input, spikes);

    private protected override void StepPerNeuron(AdaptiveLifPropagator[] props, int lo, Span<float> v, Span<float> w, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = OutputSize;
        for (int e = 0; e < v.Length; e++)
        {
            AdaptiveLif.StepScalar(props[(lo + e) % n], v.Slice(e, 1), w.Slice(e, 1), refractory.Slice(e, 1), input.Slice(e, 1), spikes.Slice(e, 1));
        }
    }

    private protected override void BackwardStep(
        ReadOnlySpan<float> x, ReadOnlySpan<float> spikes, ReadOnlySpan<float> vPrev, ReadOnlySpan<float> wPrev, ReadOnlySpan<float> ds,
        Span<float> dv, Span<float> dw, Span<float> dIn, float[] pBeta, float[] pThr, int b0, int lo)
    {
        // w is the adaptation a and dw is da; the threshold of step t depends on a[t-1].
        var p = Propagator;
        var c = Constants;
        int n = OutputSize, values = c.Beta.Length;
        float rho = p.Rho, adapt = p.AdaptationMv;
        for (int e = 0; e < x.Length; e++)
        {
            int k = values == 1 ? 0 : (lo + e) % n;
            float thr = c.Threshold[k] + (adapt * rho * wPrev[e]);
            float d = SpikeGradient(x[e], thr, spikes[e], dv[e], ds[e] + dw[e], out float dthr);
            int slot = ((b0 + (e / n)) * values) + k;
            pBeta[slot] += d * (vPrev[e] - p.RestMv);
            pThr[slot] += dthr;
            dIn[e] = p.InputGain * d;
            dw[e] = (rho * dw[e]) + (adapt * rho * dthr);
            dv[e] = c.Beta[k] * d;
        }
    }
}
