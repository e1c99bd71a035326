using Lapicque.Neurons;

namespace Lapicque.Networks;

/// <summary>
/// A named group of neurons of one model with one parameter record. <see cref="Shape"/> is [N] for a plain population
/// or [C, H, W] for a feature map (convolutional networks); neurons are numbered row-major.
/// Input populations use a source model (<see cref="PoissonSource"/>, <see cref="SpikeGeneratorSource"/>,
/// <see cref="ExternalSource"/>).
/// </summary>
public sealed class Population
{
    private readonly int[] _shape = [1];

    /// <summary>Unique name within the network.</summary>
    public required string Name { get; init; }

    /// <summary>The neuron model and its parameters.</summary>
    public required INeuronModel Model { get; init; }

    /// <summary>Shape of the population, batch and time excluded: [N] or [C, H, W].</summary>
    public int[] Shape
    {
        get => _shape;
        init => _shape = (int[])value.Clone();
    }

    /// <summary>Number of neurons (the product of <see cref="Shape"/>).</summary>
    public int Size
    {
        get
        {
            long n = 1;
            foreach (int d in _shape)
            {
                n *= d;
            }

            return (int)n;
        }
    }

    /// <summary>Initial value rules by state-variable name (for example "v"); variables not named keep the model's default.</summary>
    public IReadOnlyDictionary<string, InitialValue> Initial { get; init; } = new Dictionary<string, InitialValue>();

    /// <summary>True when the population only emits spikes and receives no projections.</summary>
    public bool IsSource => Model is ISpikeSource;

    /// <summary>Creates a population of <paramref name="size"/> neurons with shape [size].</summary>
    public static Population Create(string name, int size, INeuronModel model) => new() { Name = name, Model = model, Shape = [size] };

    /// <summary>Checks the population; <paramref name="path"/> names it in errors.</summary>
    public void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException($"{path}.name must be a non-empty string.");
        }

        if (_shape.Length == 0)
        {
            throw new ArgumentException($"{path}.shape must have at least one dimension.");
        }

        for (int d = 0; d < _shape.Length; d++)
        {
            if (_shape[d] <= 0)
            {
                throw new ArgumentException($"{path}.shape[{d}] must be > 0; was {_shape[d]}.");
            }
        }

        try
        {
            Model.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{path}.model: {Check.MessageOf(e)}", e);
        }

        foreach ((string state, InitialValue value) in Initial)
        {
            value.Validate(Size, $"{path}.initial.{state}");
        }
    }
}
