namespace Lapicque.Learning.Exact.Experiments;

/// <summary>The spikes of one trial of <see cref="RecurrentExperiment"/>.</summary>
/// <param name="TimesMs">Spike times (ms) in time order.</param>
/// <param name="Neurons">The neuron of each spike.</param>
/// <param name="FirstPseudoSpikeMs">Per neuron, its first pseudospike time (ms, after T).</param>
public sealed record RecurrentSpikes(double[] TimesMs, int[] Neurons, double[] FirstPseudoSpikeMs);
