namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="LeakyIntegratorParameters"/> readout neurons: state "v" (mV). It never spikes:
/// <see cref="StatePopulation{TParameters}.Step"/> fills its spikes with zeros.
/// </summary>
public sealed class LeakyIntegratorPopulation : StatePopulation<LeakyIntegratorParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "mV", static p => p.InitialMv),
    ];

    private readonly LeakyIntegratorPropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public LeakyIntegratorPopulation(LeakyIntegratorParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public LeakyIntegratorPropagator Propagator => _propagator;

    /// <summary>Advances every neuron by one step with <paramref name="input"/> held over the step; no spike output.</summary>
    public void Step(ReadOnlySpan<float> input)
    {
        CheckLength(input.Length, nameof(input));
        LeakyIntegrator.Step(_propagator, Variable(0), input);
    }

    /// <inheritdoc/>
    protected override void Advance(StateRange range)
    {
        LeakyIntegrator.Step(_propagator, range[0], range.Input);
        range.Spikes.Clear();
    }
}
