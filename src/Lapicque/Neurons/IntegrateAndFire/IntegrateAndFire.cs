namespace Lapicque.Neurons;

/// <summary>
/// The non-leaky integrate-and-fire kernels. IF is the beta = 1 limit of LIF with rest at 0, so these kernels run the LIF
/// kernel (<see cref="Lif"/>) with that propagator: the dynamics, threshold, reset and refractoriness live in one place,
/// and V' = 0 + 1 (V - 0) + gain x is V + gain x exactly in float.
/// </summary>
public static class IntegrateAndFire
{
    /// <summary>
    /// Advances every neuron by one step: V' = V + gain x, then threshold, reset and refractoriness
    /// (see <see cref="IntegrateAndFireParameters"/>). <paramref name="v"/> is the membrane (mV),
    /// <paramref name="refractory"/> the steps of refractoriness left (0 when free), <paramref name="input"/> the
    /// step's input and <paramref name="spikes"/> receives 1 where a neuron fired, else 0. All spans have the same length.
    /// </summary>
    public static void Step(in IntegrateAndFirePropagator p, Span<float> v, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes) =>
        Lif.Step(AsLif(p), v, refractory, input, spikes);

    /// <summary>The scalar reference of <see cref="Step"/>; same results, element by element.</summary>
    public static void StepScalar(in IntegrateAndFirePropagator p, Span<float> v, Span<float> refractory, ReadOnlySpan<float> input, Span<float> spikes) =>
        Lif.StepScalar(AsLif(p), v, refractory, input, spikes);

    /// <summary>The LIF propagator that is this IF neuron: no decay (beta = 1), rest 0, the same gain, threshold and reset.</summary>
    public static LifPropagator AsLif(in IntegrateAndFirePropagator p) =>
        new(Beta: 1f, InputGain: p.InputGain, RestMv: 0f, ThresholdMv: p.ThresholdMv, ResetMv: p.ResetMv, Reset: p.Reset, RefractorySteps: p.RefractorySteps);
}
