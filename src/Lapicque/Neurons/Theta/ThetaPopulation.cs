namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="ThetaParameters"/> neurons for the clock-driven simulator: state "phase" in ms, in
/// [0, Theta) (stored in float32, stepped in double). Inputs jump by the exact map; between them the phase advances
/// exactly; a spike is stamped with the end of the step. The float32 phase rounds by up to ulp(Theta)/2 per step, so over
/// many steps spike times drift by a few steps' worth of rounding; use the event-driven simulator for exact timing.
/// </summary>
public sealed class ThetaPopulation : NeuronPopulation
{
    private static readonly string[] Names = ["phase"];
    private static readonly string[] Units = ["ms"];
    private readonly ThetaParameters _parameters;
    private readonly ThetaConstants _constants;
    private readonly float[] _phase;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public ThetaPopulation(ThetaParameters parameters, int size, double dtMs)
        : base(size, dtMs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _constants = parameters.Constants();
        _phase = new float[size];
        Reset();
    }

    /// <inheritdoc/>
    public override INeuronModel Model => _parameters;

    /// <summary>The kernel constants.</summary>
    public ThetaConstants Constants => _constants;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => Names;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateUnits => Units;

    /// <inheritdoc/>
    public override Span<float> State(string name) => name switch
    {
        "phase" => _phase,
        _ => throw UnknownState(name),
    };

    /// <inheritdoc/>
    public override void Reset() => Array.Fill(_phase, (float)_parameters.InitialPhaseMs);

    /// <inheritdoc/>
    public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        Theta.Step(_constants, DtMs, _phase, input, spikes);
    }

    /// <inheritdoc/>
    public override bool SupportsRanges => true;

    /// <inheritdoc/>
    public override void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        int n = end - start;
        Theta.Step(_constants, DtMs, _phase.AsSpan(start, n), input.Slice(start, n), spikes.Slice(start, n));
    }
}
