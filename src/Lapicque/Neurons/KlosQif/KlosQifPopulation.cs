namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="KlosQifParameters"/> neurons for the clock-driven simulator: state "v" and "i"
/// (dimensionless; v is -infinity right after a reset). Each step adds the input to I and then advances by the exact flow
/// (<see cref="KlosQif.Step"/>), so the only discretisation is when inputs arrive; a spike is stamped with the end of the
/// step. The state is stored in float32, the step computes in double.
/// </summary>
public sealed class KlosQifPopulation : StatePopulation<KlosQifParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "1", static p => p.InitialV),
        new("i", "1", static p => p.InitialI),
    ];

    private readonly KlosQifPropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public KlosQifPopulation(KlosQifParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public KlosQifPropagator Propagator => _propagator;

    /// <inheritdoc/>
    protected override void Advance(StateRange range) => KlosQif.Step(_propagator, range[0], range[1], range.Input, range.Spikes);
}
