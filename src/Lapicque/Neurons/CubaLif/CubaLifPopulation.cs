namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="CubaLifParameters"/> neurons: state "v" (mV), "i" (synaptic drive, mV) and
/// "refractory" (steps left). <see cref="StatePopulation{TParameters}.Step"/>'s input is the jump of I in the step (mV),
/// not a held current.
/// </summary>
/// <remarks>
/// The input is added to the synaptic drive I at the start of the step (mV). A constant input x every step therefore
/// drives I towards x / (1 - Alpha) in <see cref="InputMode.Direct"/> mode and Alpha x / (1 - Alpha) in
/// <see cref="InputMode.Current"/> mode.
/// </remarks>
public sealed class CubaLifPopulation : StatePopulation<CubaLifParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("v", "mV", static p => p.InitialMv),
        new("i", "mV", static p => p.InitialCurrentMv),
        new("refractory", "steps", static _ => 0),
    ];

    private readonly CubaLifPropagator _propagator;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public CubaLifPopulation(CubaLifParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _propagator = parameters.Propagator(dtMs);
    }

    /// <summary>The per-step constants.</summary>
    public CubaLifPropagator Propagator => _propagator;

    /// <inheritdoc/>
    protected override void Advance(StateRange range) =>
        CubaLif.Step(_propagator, range[0], range[1], range[2], range.Input, range.Spikes);
}
