namespace Lapicque.Neurons;

/// <summary>A population of <see cref="AdExParameters"/> neurons: state "v" (mV) and "w" (pA).</summary>
public sealed class AdExPopulation : NeuronPopulation
{
    private static readonly string[] Names = ["v", "w"];
    private static readonly string[] Units = ["mV", "pA"];
    private readonly AdExParameters _parameters;
    private readonly AdExPropagator _propagator;
    private readonly float[] _v;
    private readonly float[] _w;

    /// <summary>Creates the population and sets it to its initial state.</summary>
    public AdExPopulation(AdExParameters parameters, int size, double dtMs)
        : base(size, dtMs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _propagator = parameters.Propagator(dtMs);
        _v = new float[size];
        _w = new float[size];
        Reset();
    }

    /// <inheritdoc/>
    public override INeuronModel Model => _parameters;

    /// <summary>The per-step constants.</summary>
    public AdExPropagator Propagator => _propagator;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => Names;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateUnits => Units;

    /// <inheritdoc/>
    public override Span<float> State(string name) => name switch
    {
        "v" => _v,
        "w" => _w,
        _ => throw UnknownState(name),
    };

    /// <inheritdoc/>
    public override void Reset()
    {
        Array.Fill(_v, (float)_parameters.InitialMvValue);
        Array.Fill(_w, (float)_parameters.InitialWPa);
    }

    /// <inheritdoc/>
    public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        AdEx.Step(_propagator, _v, _w, input, spikes);
    }

    /// <inheritdoc/>
    public override bool SupportsRanges => true;

    /// <inheritdoc/>
    public override void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        int n = end - start;
        AdEx.Step(_propagator, _v.AsSpan(start, n), _w.AsSpan(start, n), input.Slice(start, n), spikes.Slice(start, n));
    }
}
