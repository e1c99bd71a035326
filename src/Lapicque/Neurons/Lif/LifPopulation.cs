namespace Lapicque.Neurons;

/// <summary>A population of <see cref="LifParameters"/> neurons: state "v" (mV) and "refractory" (steps left).</summary>
public sealed class LifPopulation : StatePopulation<LifParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "mV", static p => p.InitialMv),
        new("refractory", "steps", static _ => 0),
    ];

    private readonly LifPropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public LifPopulation(LifParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public LifPropagator Propagator => _propagator;

    /// <inheritdoc/>
    protected override void Advance(StateRange range) => Lif.Step(_propagator, range[0], range[1], range.Input, range.Spikes);
}
