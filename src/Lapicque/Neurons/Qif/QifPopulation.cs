namespace Lapicque.Neurons;

/// <summary>A population of normal-form <see cref="QifParameters"/> neurons: state "v" (dimensionless) and "refractory" (steps left).</summary>
public sealed class QifPopulation : StatePopulation<QifParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "1", static p => p.VInitial),
        new("refractory", "steps", static _ => 0),
    ];

    private readonly QifPropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public QifPopulation(QifParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public QifPropagator Propagator => _propagator;

    /// <inheritdoc/>
    protected override void Advance(StateRange range) => Qif.Step(_propagator, range[0], range[1], range.Input, range.Spikes);
}
