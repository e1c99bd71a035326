namespace Lapicque.Neurons;

/// <summary>
/// A neuron model's validated parameter record. Each model has exactly one parameter record and one static
/// kernel class; <see cref="CreatePopulation"/> wraps them as a stateful population for the simulators and the CLI.
/// </summary>
public interface INeuronModel
{
    /// <summary>Short lower-case model name used in files and on the command line, for example "lif" or "hh".</summary>
    string ModelName { get; }

    /// <summary>Unit of the input the model integrates, for example "mV" (drive R*I), "uA/cm^2" or "pA".</summary>
    string InputUnit { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field, what was expected and the value seen.</summary>
    void Validate();

    /// <summary>Creates a population of <paramref name="size"/> neurons stepped with time step <paramref name="dtMs"/>.</summary>
    NeuronPopulation CreatePopulation(int size, double dtMs);
}
