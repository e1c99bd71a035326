namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="HodgkinHuxleyParameters"/> neurons: state "v" (mV) and the gates "m", "h", "n". The
/// initial state (and <see cref="StatePopulation{TParameters}.Reset"/>) sets V to InitialMv and each gate to its steady
/// state there.
/// </summary>
public sealed class HodgkinHuxleyPopulation : StatePopulation<HodgkinHuxleyParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "mV", static p => p.InitialMv),
        new("m", "1", static p => p.SteadyStateGates(p.InitialMv).M),
        new("h", "1", static p => p.SteadyStateGates(p.InitialMv).H),
        new("n", "1", static p => p.SteadyStateGates(p.InitialMv).N),
    ];

    private readonly HodgkinHuxleyPropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public HodgkinHuxleyPopulation(HodgkinHuxleyParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public HodgkinHuxleyPropagator Propagator => _propagator;

    /// <inheritdoc/>
    protected override void Advance(StateRange range) =>
        HodgkinHuxley.Step(_propagator, range[0], range[1], range[2], range[3], range.Input, range.Spikes);
}
