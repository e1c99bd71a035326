namespace Lapicque.Neurons;

/// <summary>A population of <see cref="IzhikevichParameters"/> neurons: state "v" (mV) and "u" (mV/ms).</summary>
public sealed class IzhikevichPopulation : NeuronPopulation
{
    private static readonly string[] Names = ["v", "u"];
    private static readonly string[] Units = ["mV", "mV/ms"];
    private readonly IzhikevichParameters _parameters;
    private readonly IzhikevichPropagator _propagator;
    private readonly float[] _v;
    private readonly float[] _u;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public IzhikevichPopulation(IzhikevichParameters parameters, int size, double dtMs)
        : base(size, dtMs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _propagator = parameters.Propagator(dtMs);
        _v = new float[size];
        _u = new float[size];
        Reset();
    }

    /// <inheritdoc/>
    public override INeuronModel Model => _parameters;

    /// <summary>The per-step constants.</summary>
    public IzhikevichPropagator Propagator => _propagator;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => Names;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateUnits => Units;

    /// <inheritdoc/>
    public override Span<float> State(string name) => name switch
    {
        "v" => _v,
        "u" => _u,
        _ => throw UnknownState(name),
    };

    /// <inheritdoc/>
    public override void Reset()
    {
        Array.Fill(_v, (float)_parameters.InitialMv);
        Array.Fill(_u, (float)_parameters.InitialUValue);
    }

    /// <inheritdoc/>
    public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        Izhikevich.Step(_propagator, _v, _u, input, spikes);
    }

    /// <inheritdoc/>
    public override bool SupportsRanges => true;

    /// <inheritdoc/>
    public override void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        int n = end - start;
        Izhikevich.Step(_propagator, _v.AsSpan(start, n), _u.AsSpan(start, n), input.Slice(start, n), spikes.Slice(start, n));
    }
}
