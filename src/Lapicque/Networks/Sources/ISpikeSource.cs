using Lapicque.Neurons;

namespace Lapicque.Networks;

/// <summary>
/// Marks a model whose neurons only emit spikes (input populations): they ignore any input and receive no projections.
/// </summary>
public interface ISpikeSource : INeuronModel
{
}
