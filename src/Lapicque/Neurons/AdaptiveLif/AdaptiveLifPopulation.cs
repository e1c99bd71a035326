namespace Lapicque.Neurons;

/// <summary>
/// A population of <see cref="AdaptiveLifParameters"/> neurons: state "v" (mV), "a" (adaptation, dimensionless; the
/// threshold is ThresholdMv + AdaptationMv a) and "refractory" (steps left).
/// </summary>
public sealed class AdaptiveLifPopulation : NeuronPopulation
{
    private static readonly string[] Names = ["v", "a", "refractory"];
    private static readonly string[] Units = ["mV", "1", "steps"];
    private readonly AdaptiveLifParameters _parameters;
    private readonly AdaptiveLifPropagator _propagator;
    private readonly float[] _v;
    private readonly float[] _adaptation;
    private readonly float[] _refractory;

    /// <summary>Creates the population and sets it to its initial state (no adaptation).</summary>
    public AdaptiveLifPopulation(AdaptiveLifParameters parameters, int size, double dtMs)
        : base(size, dtMs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
        _propagator = parameters.Propagator(dtMs);
        _v = new float[size];
        _adaptation = new float[size];
        _refractory = new float[size];
        Reset();
    }

    /// <inheritdoc/>
    public override INeuronModel Model => _parameters;

    /// <summary>The per-step constants.</summary>
    public AdaptiveLifPropagator Propagator => _propagator;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => Names;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateUnits => Units;

    /// <inheritdoc/>
    public override Span<float> State(string name) => name switch
    {
        "v" => _v,
        "a" => _adaptation,
        "refractory" => _refractory,
        _ => throw UnknownState(name),
    };

    /// <inheritdoc/>
    public override void Reset()
    {
        Array.Fill(_v, (float)_parameters.InitialMv);
        Array.Clear(_adaptation);
        Array.Clear(_refractory);
    }

    /// <inheritdoc/>
    public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        AdaptiveLif.Step(_propagator, _v, _adaptation, _refractory, input, spikes);
    }

    /// <inheritdoc/>
    public override bool SupportsRanges => true;

    /// <inheritdoc/>
    public override void StepRange(int start, int end, ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(input.Length, nameof(input));
        CheckLength(spikes.Length, nameof(spikes));
        int n = end - start;
        AdaptiveLif.Step(_propagator, _v.AsSpan(start, n), _adaptation.AsSpan(start, n), _refractory.AsSpan(start, n), input.Slice(start, n), spikes.Slice(start, n));
    }
}
