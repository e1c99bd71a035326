namespace Lapicque.Neurons;

/// <summary>A population of <see cref="IntegrateAndFireParameters"/> neurons: state "v" (mV) and "refractory" (steps left).</summary>
public sealed class IntegrateAndFirePopulation : StatePopulation<IntegrateAndFireParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "mV", static p => p.InitialMv),
        new("refractory", "steps", static _ => 0),
    ];

    private readonly IntegrateAndFirePropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public IntegrateAndFirePopulation(IntegrateAndFireParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public IntegrateAndFirePropagator Propagator => _propagator;

    /// <inheritdoc/>
    protected override void Advance(StateRange range) =>
        IntegrateAndFire.Step(_propagator, range[0], range[1], range.Input, range.Spikes);
}
