namespace Lapicque.Analysis;

/// <summary>
/// Published capacity and energy figures of a neuromorphic chip, used to check whether a network fits and to estimate its
/// energy per inference. A null limit or energy means no published figure; <see cref="Notes"/> says which numbers are estimates
/// and <see cref="Sources"/> where each comes from. The catalogue is <see cref="ChipProfiles"/>.
/// </summary>
public sealed record ChipProfile
{
    /// <summary>Short name (used on the command line, case-insensitive).</summary>
    public required string Name { get; init; }

    /// <summary>Neuromorphic cores per chip.</summary>
    public required int Cores { get; init; }

    /// <summary>Most neurons one core holds.</summary>
    public required int NeuronsPerCore { get; init; }

    /// <summary>Most neurons per chip (may be below Cores x NeuronsPerCore when memory binds first).</summary>
    public required long MaxNeurons { get; init; }

    /// <summary>Most synapses per chip, or null when unpublished.</summary>
    public long? MaxSynapses { get; init; }

    /// <summary>Most synapses one core holds (incoming synapses of its neurons), or null when unpublished.</summary>
    public long? SynapsesPerCore { get; init; }

    /// <summary>Most synapses onto one neuron, or null when not limited separately.</summary>
    public int? MaxFanIn { get; init; }

    /// <summary>Most synapses out of one neuron, or null when not limited separately.</summary>
    public int? MaxFanOut { get; init; }

    /// <summary>
    /// Most distinct source neurons (axons) that the neurons of one core may receive from, or null when not limited
    /// separately (TrueNorth: 256 axons per core).
    /// </summary>
    public int? MaxAxonsPerCore { get; init; }

    /// <summary>Most input channels (spike sources fed from outside), or null when inputs are ordinary neurons or axons.</summary>
    public int? MaxInputs { get; init; }

    /// <summary>Energy per synaptic operation (one spike through one synapse), pJ, or null when unpublished.</summary>
    public double? SynapticOperationPj { get; init; }

    /// <summary>Energy per neuron update, pJ, or null when unpublished.</summary>
    public double? NeuronUpdatePj { get; init; }

    /// <summary>Typical chip power in W (informational), or null.</summary>
    public double? TypicalPowerW { get; init; }

    /// <summary>Sources of the figures.</summary>
    public required string Sources { get; init; }

    /// <summary>Which figures are estimates, and other caveats.</summary>
    public string Notes { get; init; } = string.Empty;

    /// <summary>Checks whether the network of <paramref name="report"/> fits on one chip, how many cores it needs and its energy.</summary>
    public HardwareFit Fit(ActivityReport report) => HardwareFit.Evaluate(this, report);
}
