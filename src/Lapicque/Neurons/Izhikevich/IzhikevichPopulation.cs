namespace Lapicque.Neurons;

/// <summary>A population of <see cref="IzhikevichParameters"/> neurons: state "v" (mV) and "u" (mV/ms).</summary>
public sealed class IzhikevichPopulation : StatePopulation<IzhikevichParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "mV", static p => p.InitialMv),
        new("u", "mV/ms", static p => p.InitialUValue),
    ];

    private readonly IzhikevichPropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public IzhikevichPopulation(IzhikevichParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public IzhikevichPropagator Propagator => _propagator;

    /// <inheritdoc/>
    protected override void Advance(StateRange range) => Izhikevich.Step(_propagator, range[0], range[1], range.Input, range.Spikes);
}
