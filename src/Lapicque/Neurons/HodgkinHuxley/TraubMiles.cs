namespace Lapicque.Neurons;

/// <summary>
/// The Traub-Miles (COBAHH benchmark) kernels: one population step over spans, SIMD with a scalar twin. See
/// <see cref="TraubMilesParameters"/> for the equations; the integration and spike detection are those of
/// <see cref="HodgkinHuxley"/>, whose implementation they share.
/// </summary>
public static class TraubMiles
{
    /// <summary>
    /// Advances every neuron by one step with an injected current <paramref name="input"/> (pA, held over the step)
    /// and no synaptic conductance. <paramref name="spikes"/> receives 1 where V crossed the threshold upwards.
    /// </summary>
    public static void Step(in TraubMilesPropagator p, Span<float> v, Span<float> m, Span<float> h, Span<float> n, ReadOnlySpan<float> input, Span<float> spikes) =>
        ConductanceKernel<TraubMilesRates>.Step(new TraubMilesRates(p.VTMv), p.Membrane, v, m, h, n, input, default, default, spikes, vectorise: true);

    /// <summary>
    /// Advances every neuron by one step with an injected current <paramref name="input"/> (pA) and the excitatory and
    /// inhibitory synaptic conductances <paramref name="gExcNs"/>, <paramref name="gInhNs"/> (nS), all held over the step.
    /// </summary>
    public static void Step(
        in TraubMilesPropagator p, Span<float> v, Span<float> m, Span<float> h, Span<float> n,
        ReadOnlySpan<float> input, ReadOnlySpan<float> gExcNs, ReadOnlySpan<float> gInhNs, Span<float> spikes)
    {
        CheckConductances(v.Length, gExcNs.Length, gInhNs.Length);
        ConductanceKernel<TraubMilesRates>.Step(new TraubMilesRates(p.VTMv), p.Membrane, v, m, h, n, input, gExcNs, gInhNs, spikes, vectorise: true);
    }

    /// <summary>The scalar reference of the current-only <see cref="Step(in TraubMilesPropagator, Span{float}, Span{float}, Span{float}, Span{float}, ReadOnlySpan{float}, Span{float})"/>.</summary>
    public static void StepScalar(in TraubMilesPropagator p, Span<float> v, Span<float> m, Span<float> h, Span<float> n, ReadOnlySpan<float> input, Span<float> spikes) =>
        ConductanceKernel<TraubMilesRates>.Step(new TraubMilesRates(p.VTMv), p.Membrane, v, m, h, n, input, default, default, spikes, vectorise: false);

    /// <summary>The scalar reference of the conductance form of Step.</summary>
    public static void StepScalar(
        in TraubMilesPropagator p, Span<float> v, Span<float> m, Span<float> h, Span<float> n,
        ReadOnlySpan<float> input, ReadOnlySpan<float> gExcNs, ReadOnlySpan<float> gInhNs, Span<float> spikes)
    {
        CheckConductances(v.Length, gExcNs.Length, gInhNs.Length);
        ConductanceKernel<TraubMilesRates>.Step(new TraubMilesRates(p.VTMv), p.Membrane, v, m, h, n, input, gExcNs, gInhNs, spikes, vectorise: false);
    }

    // An empty span would silently mean "no conductance"; in the explicit form both must cover the population.
    private static void CheckConductances(int n, int gExc, int gInh)
    {
        if (gExc != n || gInh != n)
        {
            throw new ArgumentException($"Span lengths differ: v {n}, gExcNs {gExc}, gInhNs {gInh}; all must equal v.Length.");
        }
    }
}
