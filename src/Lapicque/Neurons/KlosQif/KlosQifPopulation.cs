namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="KlosQifParameters"/> neurons for the clock-driven simulator: state "v" and "i"
/// (dimensionless; v is -infinity right after a reset). Each step adds the input to I and then advances by the exact flow
/// (<see cref="KlosQif.Step"/>), so the only discretisation is when inputs arrive; a spike is stamped with the end of the
/// step. The state is stored in float32, the step computes in double.
/// </summary>
public sealed class KlosQifPopulation : NeuronPopulation
{
    private static readonly string[] Names = ["v", "i"];
    private static readonly string[] Units = ["1", "1"];
    private readonly KlosQifParameters _parameters;
    private readonly KlosQifPropagator _propagator;
    private readonly float[] _v;
    private readonly float[] _i;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public KlosQifPopulation(KlosQifParameters parameters, int size, double dtMs)
        : base(size, dtMs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _propagator = parameters.Propagator(dtMs);
        _v = new float[size];
        _i = new float[size];
        Reset();
    }

    /// <inheritdoc/>
    public override INeuronModel Model => _parameters;

    /// <summary>The per-step constants.</summary>
    public KlosQifPropagator Propagator => _propagator;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => Names;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateUnits => Units;

    /// <inheritdoc/>
    public override Span<float> State(string name) => name switch
    {
        "v" => _v,
        "i" => _i,
        _ => throw UnknownState(name),
    };

    /// <inheritdoc/>
    public override void Reset()
    {
        Array.Fill(_v, (float)_parameters.InitialV);
        Array.Fill(_i, (float)_parameters.InitialI);
    }

    /// <inheritdoc/>
    public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        KlosQif.Step(_propagator, _v, _i, input, spikes);
    }

    /// <inheritdoc/>
    public override bool SupportsRanges => true;

    /// <inheritdoc/>
    public override void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        int n = end - start;
        KlosQif.Step(_propagator, _v.AsSpan(start, n), _i.AsSpan(start, n), input.Slice(start, n), spikes.Slice(start, n));
    }
}
