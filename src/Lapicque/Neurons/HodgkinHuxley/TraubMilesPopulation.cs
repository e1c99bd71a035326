namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="TraubMilesParameters"/> neurons: state "v" (mV) and the gates "m", "h", "n". The initial
/// state (and <see cref="StatePopulation{TParameters}.Reset"/>) sets V to InitialMv and each gate to its steady state
/// there. Besides the current-driven <see cref="StatePopulation{TParameters}.Step(ReadOnlySpan{float}, Span{float})"/>,
/// it steps with synaptic conductances.
/// </summary>
public sealed class TraubMilesPopulation : StatePopulation<TraubMilesParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "mV", static p => p.InitialMv),
        new("m", "1", static p => p.SteadyStateGates(p.InitialMv).M),
        new("h", "1", static p => p.SteadyStateGates(p.InitialMv).H),
        new("n", "1", static p => p.SteadyStateGates(p.InitialMv).N),
    ];

    private readonly TraubMilesPropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public TraubMilesPopulation(TraubMilesParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public TraubMilesPropagator Propagator => _propagator;

    /// <summary>One step with injected current (pA) and excitatory/inhibitory synaptic conductances (nS).</summary>
    public void Step(ReadOnlySpan<float> input, ReadOnlySpan<float> gExcNs, ReadOnlySpan<float> gInhNs, Span<float> spikes) =>
        StepRange(0, Size, input, gExcNs, gInhNs, spikes);

    /// <summary>
    /// Neurons [start, end) only, with current (pA) and synaptic conductances (nS), exactly as the conductance form of
    /// Step does for them; the spans cover the whole population.
    /// </summary>
    public void StepRange(int start, int end, ReadOnlySpan<float> input, ReadOnlySpan<float> gExcNs, ReadOnlySpan<float> gInhNs, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(gExcNs.Length, nameof(gExcNs));
        CheckLength(gInhNs.Length, nameof(gInhNs));
        CheckLength(spikes.Length, nameof(spikes));
        var range = Range(start, end, input, spikes);
        int n = end - start;
        TraubMiles.Step(_propagator, range[0], range[1], range[2], range[3], range.Input, gExcNs.Slice(start, n), gInhNs.Slice(start, n), range.Spikes);
    }

    /// <inheritdoc/>
    protected override void Advance(StateRange range) =>
        TraubMiles.Step(_propagator, range[0], range[1], range[2], range[3], range.Input, range.Spikes);
}
