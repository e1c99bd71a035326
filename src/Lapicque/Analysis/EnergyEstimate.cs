namespace Lapicque.Analysis;

/// <summary>An energy estimate for one sample (inference), in picojoules, with the parts it adds up and its caveats.</summary>
/// <param name="Platform">Where the energy is spent (energy model, chip or GPU).</param>
/// <param name="SynapticPj">Synaptic operations (or ANN multiply-accumulates).</param>
/// <param name="NeuronPj">Neuron updates.</param>
/// <param name="MemoryPj">Memory accesses counted separately.</param>
/// <param name="Caveats">What the estimate leaves out or assumes (empty when nothing).</param>
public sealed record EnergyEstimate(string Platform, double SynapticPj, double NeuronPj, double MemoryPj, IReadOnlyList<string> Caveats)
{
    /// <summary>Total energy per sample, pJ.</summary>
    public double TotalPj => SynapticPj + NeuronPj + MemoryPj;

    /// <summary>Total energy per sample in microjoules.</summary>
    public double TotalMicrojoules => TotalPj * 1e-6;
}
