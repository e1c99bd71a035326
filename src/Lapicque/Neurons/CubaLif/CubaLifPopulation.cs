namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="CubaLifParameters"/> neurons: state "v" (mV), "i" (synaptic drive, mV) and
/// "refractory" (steps left). <see cref="Step"/>'s input is the jump of I in the step (mV), not a held current.
/// </summary>
public sealed class CubaLifPopulation : NeuronPopulation
{
    private static readonly string[] Names = ["v", "i", "refractory"];
    private static readonly string[] Units = ["mV", "mV", "steps"];
    private readonly CubaLifParameters _parameters;
    private readonly CubaLifPropagator _propagator;
    private readonly float[] _v;
    private readonly float[] _current;
    private readonly float[] _refractory;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public CubaLifPopulation(CubaLifParameters parameters, int size, double dtMs)
        : base(size, dtMs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _propagator = parameters.Propagator(dtMs);
        _v = new float[size];
        _current = new float[size];
        _refractory = new float[size];
        Reset();
    }

    /// <inheritdoc/>
    public override INeuronModel Model => _parameters;

    /// <summary>The per-step constants.</summary>
    public CubaLifPropagator Propagator => _propagator;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => Names;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateUnits => Units;

    /// <inheritdoc/>
    public override Span<float> State(string name) => name switch
    {
        "v" => _v,
        "i" => _current,
        "refractory" => _refractory,
        _ => throw UnknownState(name),
    };

    /// <inheritdoc/>
    public override void Reset()
    {
        Array.Fill(_v, (float)_parameters.InitialMv);
        Array.Fill(_current, (float)_parameters.InitialCurrentMv);
        Array.Clear(_refractory);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="input"/> is added to the synaptic drive I at the start of the step (mV). A constant input x
    /// every step therefore drives I towards x / (1 - Alpha) in <see cref="InputMode.Direct"/> mode and
    /// Alpha x / (1 - Alpha) in <see cref="InputMode.Current"/> mode.
    /// </remarks>
    public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        CubaLif.Step(_propagator, _v, _current, _refractory, input, spikes);
    }

    /// <inheritdoc/>
    public override bool SupportsRanges => true;

    /// <inheritdoc/>
    public override void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        int n = end - start;
        CubaLif.Step(_propagator, _v.AsSpan(start, n), _current.AsSpan(start, n), _refractory.AsSpan(start, n), input.Slice(start, n), spikes.Slice(start, n));
    }
}
