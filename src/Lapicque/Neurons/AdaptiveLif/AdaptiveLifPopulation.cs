namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="AdaptiveLifParameters"/> neurons: state "v" (mV), "a" (adaptation, dimensionless; the
/// threshold is ThresholdMv + AdaptationMv a) and "refractory" (steps left). The initial state has no adaptation.
/// </summary>
public sealed class AdaptiveLifPopulation : StatePopulation<AdaptiveLifParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "mV", static p => p.InitialMv),
        new("a", "1", static _ => 0),
        new("refractory", "steps", static _ => 0),
    ];

    private readonly AdaptiveLifPropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state (no adaptation).</summary>
    public AdaptiveLifPopulation(AdaptiveLifParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public AdaptiveLifPropagator Propagator => _propagator;

    /// <inheritdoc/>
    protected override void Advance(StateRange range) =>
        AdaptiveLif.Step(_propagator, range[0], range[1], range[2], range.Input, range.Spikes);
}
