namespace Lapicque.Neurons;

/// <summary>A population of <see cref="AdExParameters"/> neurons: state "v" (mV) and "w" (pA).</summary>
public sealed class AdExPopulation : StatePopulation<AdExParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "mV", static p => p.InitialMvValue),
        new("w", "pA", static p => p.InitialWPa),
    ];

    private readonly AdExPropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public AdExPopulation(AdExParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public AdExPropagator Propagator => _propagator;

    /// <inheritdoc/>
    protected override void Advance(StateRange range) => AdEx.Step(_propagator, range[0], range[1], range.Input, range.Spikes);
}
