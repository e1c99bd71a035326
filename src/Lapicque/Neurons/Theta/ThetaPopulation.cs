namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="ThetaParameters"/> neurons for the clock-driven simulator: state "phase" in ms, in
/// [0, Theta) (stored in float32, stepped in double). Inputs jump by the exact map; between them the phase advances
/// exactly; a spike is stamped with the end of the step. The float32 phase rounds by up to ulp(Theta)/2 per step, so over
/// many steps spike times drift by a few steps' worth of rounding; use the event-driven simulator for exact timing.
/// </summary>
public sealed class ThetaPopulation : StatePopulation<ThetaParameters>
{
    private static readonly StateVariable[] Variables =
    [
        new("phase", "ms", static p => p.InitialPhaseMs),
    ];

    private readonly ThetaConstants _constants;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public ThetaPopulation(ThetaParameters parameters, int size, double dtMs)
        : base(parameters, size, dtMs, Variables)
    {
        _constants = parameters.Constants();
    }

    /// <summary>The kernel constants.</summary>
    public ThetaConstants Constants => _constants;

    /// <inheritdoc/>
    protected override void Advance(StateRange range) => Theta.Step(_constants, DtMs, range[0], range.Input, range.Spikes);
}
