using Lapicque.Neurons;

namespace Lapicque.Networks;

/// <summary>
/// An input population whose spikes are supplied from outside each step (an encoded data set, another simulator).
/// Call <see cref="ExternalPopulation.SetSpikes"/> before each step; with nothing set it is silent.
/// </summary>
public sealed record ExternalSource : ISpikeSource
{
    /// <inheritdoc/>
    public string ModelName => "input";

    /// <inheritdoc/>
    public string InputUnit => "none";

    /// <inheritdoc/>
    public void Validate()
    {
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new ExternalPopulation(this, size, dtMs);
}

/// <summary>The population of an <see cref="ExternalSource"/>.</summary>
public sealed class ExternalPopulation : NeuronPopulation
{
    private static readonly string[] Names = [];
    private readonly ExternalSource _model;
    private readonly float[] _next;

    internal ExternalPopulation(ExternalSource model, int size, double dtMs)
        : base(size, dtMs)
    {
        _model = model;
        _next = new float[size];
    }

    /// <inheritdoc/>
    public override INeuronModel Model => _model;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateNames => Names;

    /// <inheritdoc/>
    public override IReadOnlyList<string> StateUnits => Names;

    /// <inheritdoc/>
    public override Span<float> State(string name) => throw UnknownState(name);

    /// <summary>Sets the spikes (0/1 per neuron) the next <see cref="Step"/> emits.</summary>
    public void SetSpikes(ReadOnlySpan<float> spikes)
    {
        CheckLength(spikes.Length, nameof(spikes));
        spikes.CopyTo(_next);
    }

    /// <inheritdoc/>
    public override void Reset() => Array.Clear(_next);

    /// <inheritdoc/>
    public override void Step(ReadOnlySpan<float> input, Span<float> spikes)
    {
        CheckLength(spikes.Length, nameof(spikes));
        _next.CopyTo(spikes);
        Array.Clear(_next);
    }
}
