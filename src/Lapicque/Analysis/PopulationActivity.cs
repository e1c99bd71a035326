namespace Lapicque.Analysis;

/// <summary>
/// Activity of one population over a run (totals over every sample).
/// </summary>
/// <param name="Name">The population's name.</param>
/// <param name="Neurons">Number of neurons.</param>
/// <param name="IsSource">True for an input population (emits spikes, holds no dynamics, is not updated).</param>
/// <param name="Spikes">Spikes emitted.</param>
/// <param name="NeuronUpdates">State updates: neurons x steps x samples (0 for input populations).</param>
/// <param name="StateVariables">State variables per neuron of the model (0 for input populations).</param>
/// <param name="StateBytes">Neuron and receptor state in float32: 4 x neurons x (state variables + receptors).</param>
public sealed record PopulationActivity(string Name, int Neurons, bool IsSource, long Spikes, long NeuronUpdates, int StateVariables, long StateBytes)
{
    /// <summary>Spikes per neuron per step, given the steps and samples of the run.</summary>
    public double SpikesPerNeuronStep(long steps, int samples) => steps * samples == 0 ? 0 : Spikes / ((double)Neurons * steps * samples);
}

/// <summary>
/// Activity of one projection over a run (totals over every sample).
/// </summary>
/// <param name="Name">The projection's name.</param>
/// <param name="Source">Source population.</param>
/// <param name="Target">Target population.</param>
/// <param name="Connections">Synapses (connections; a convolution's shared weights counted once per connection).</param>
/// <param name="MaxFanIn">Largest number of synapses onto one target neuron through this projection.</param>
/// <param name="MaxFanOut">Largest number of synapses out of one source neuron.</param>
/// <param name="SynapticOperations">Synaptic operations: the sum over spikes of the firing neuron's fan-out.</param>
/// <param name="AnnOperations">Dense operations of one ANN pass per sample (multiply-accumulates; additions for pooling).</param>
/// <param name="DenseSynapticOperations">Operations of the SNN run densely, every synapse every step: Connections x steps x samples.</param>
/// <param name="IsWeighted">False for pooling (no weights: its operations are additions in the ANN too).</param>
/// <param name="WeightBytes">float32 weights, int32 target indices and row offsets of sparse matrices, float32 delays and biases.</param>
public sealed record ProjectionActivity(
    string Name,
    string Source,
    string Target,
    long Connections,
    int MaxFanIn,
    int MaxFanOut,
    double SynapticOperations,
    long AnnOperations,
    double DenseSynapticOperations,
    bool IsWeighted,
    long WeightBytes);
