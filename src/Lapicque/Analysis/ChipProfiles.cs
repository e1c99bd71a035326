namespace Lapicque.Analysis;

/// <summary>
/// The catalogue of neuromorphic chip profiles, with the published figures and their sources. Where a figure is not published
/// the profile leaves it null or says in <see cref="ChipProfile.Notes"/> that it is an estimate.
/// </summary>
public static class ChipProfiles
{
    /// <summary>
    /// Intel Loihi 2 (2021, Intel 4 process): 128 neuromorphic cores, up to 8192 neurons per core, up to 1 million neurons
    /// and 120 million synapses per chip (Intel, "Taking Neuromorphic Computing to the Next Level with Loihi 2", technology
    /// brief, 2021). Per-core synapse capacity is not published as a number (memory is shared flexibly between neurons and
    /// synapses); we use 120M / 128 = 937,500 as an average, an estimate. Energy per operation is not published for Loihi 2;
    /// we use Loihi 1's measured 23.6 pJ per synaptic spike operation and 52 pJ per neuron update (Davies et al., "Loihi: a
    /// neuromorphic manycore processor with on-chip learning", IEEE Micro 38(1), 2018, Table 1) as estimates.
    /// </summary>
    public static ChipProfile Loihi2 { get; } = new()
    {
        Name = "loihi2",
        Cores = 128,
        NeuronsPerCore = 8192,
        MaxNeurons = 1_000_000,
        MaxSynapses = 120_000_000,
        SynapsesPerCore = 120_000_000 / 128,
        SynapticOperationPj = 23.6,
        NeuronUpdatePj = 52,
        TypicalPowerW = null,
        Sources = "Intel Loihi 2 technology brief (2021): 128 cores, <= 8192 neurons/core, 1M neurons, 120M synapses; Davies et al., IEEE Micro 2018, Table 1 (Loihi 1): 23.6 pJ/synaptic op, 52 pJ/neuron update",
        Notes = "Synapses per core (937,500) is 120M/128, an average, not a published limit; energies are Loihi 1 figures used as estimates for Loihi 2; no separate fan-in limit is published.",
    };

    /// <summary>
    /// IBM TrueNorth (2014, 28 nm): 4096 cores, each with 256 neurons, 256 input axons and a 256 x 256 synaptic crossbar
    /// (65,536 synapses); 1 million neurons and 256 million synapses per chip; about 65 to 70 mW running real-time networks;
    /// 26 pJ per synaptic event (Merolla et al., "A million spiking-neuron integrated circuit with a scalable communication
    /// network and interface", Science 345(6197), 2014). A neuron's spike goes to one axon of one core, so fan-out is at most
    /// 256 without splitter neurons, and fan-in is at most 256 (the core's axons).
    /// </summary>
    public static ChipProfile TrueNorth { get; } = new()
    {
        Name = "truenorth",
        Cores = 4096,
        NeuronsPerCore = 256,
        MaxNeurons = 1_048_576,
        MaxSynapses = 268_435_456,
        SynapsesPerCore = 65_536,
        MaxFanIn = 256,
        MaxFanOut = 256,
        MaxAxonsPerCore = 256,
        SynapticOperationPj = 26,
        NeuronUpdatePj = null,
        TypicalPowerW = 0.070,
        Sources = "Merolla et al., Science 2014: 4096 cores x 256 neurons, 256 axons/core, 1M neurons, 256M synapses, ~70 mW, 26 pJ per synaptic event",
        Notes = "Neuron-update energy is not published separately (it is inside the chip's ~70 mW); fan-out 256 assumes no splitter neurons; 1-bit synapses with 4 axon types, so trained float weights need conversion.",
    };

    /// <summary>
    /// SpiNNaker 2 (22 nm FDSOI): 152 processing elements per chip, each an ARM Cortex-M4F with 128 KB of local SRAM
    /// (Hoeppner et al., "The SpiNNaker 2 processing element architecture for hybrid digital neuromorphic computing",
    /// arXiv:2103.08392, 2021; Mayr, Hoeppner and Furber, arXiv:1911.02385, 2019). Neurons and synapses per core are set by
    /// software and SRAM: we assume 1024 neurons and 128 KB / 4 B = 32,768 synapses per core (16-bit weight and 16-bit index),
    /// an estimate. Per-operation energies are not published in a comparable form and are left out.
    /// </summary>
    public static ChipProfile SpiNNaker2 { get; } = new()
    {
        Name = "spinnaker2",
        Cores = 152,
        NeuronsPerCore = 1024,
        MaxNeurons = 152 * 1024,
        MaxSynapses = 152L * 32_768,
        SynapsesPerCore = 32_768,
        SynapticOperationPj = null,
        NeuronUpdatePj = null,
        Sources = "Hoeppner et al., arXiv:2103.08392 (2021): 152 ARM Cortex-M4F processing elements, 128 KB SRAM each, 22 nm FDSOI",
        Notes = "Neurons per core (1024) and synapses per core (32,768 = 128 KB at 4 B each, all SRAM for synapses) are estimates: both are software-defined; off-chip DRAM can hold more synapses; energies unpublished per operation.",
    };

    /// <summary>
    /// SynSense Xylo Audio 2 (SYNS61201, 28 nm): 16 input channels, 1000 hidden LIF neurons, 8 output neurons, 8-bit weights,
    /// at most 64 fan-out per hidden neuron (average 32) (Rockpool documentation, "Overview of the Xylo family"); maximum fan-in
    /// 63 and 64,000 synaptic weights in total (Open Neuromorphic hardware guide, Xylo); 219 uW idle and 93 uW dynamic power on
    /// an audio task (Bos et al., "Sub-mW neuromorphic SNN audio processing applications with Rockpool and Xylo", 2022).
    /// One "core" holds all 1008 neurons. Per-operation energies are not published.
    /// </summary>
    public static ChipProfile Xylo { get; } = new()
    {
        Name = "xylo",
        Cores = 1,
        NeuronsPerCore = 1008,
        MaxNeurons = 1008,
        MaxSynapses = 64_000,
        SynapsesPerCore = 64_000,
        MaxFanIn = 63,
        MaxFanOut = 64,
        MaxInputs = 16,
        SynapticOperationPj = null,
        NeuronUpdatePj = null,
        TypicalPowerW = 93e-6 + 219e-6,
        Sources = "Rockpool docs, Xylo family overview: 16 inputs, 1000 hidden, 8 outputs, max fan-out 64; Open Neuromorphic, Xylo: fan-in 63, 64,000 weights; Bos et al. 2022: 219 uW idle + 93 uW dynamic",
        Notes = "The 1000 hidden + 8 output split is not enforced; a fully connected input-to-hidden layer is limited by the 16 inputs; energies per operation unpublished.",
    };

    /// <summary>Every profile in the catalogue.</summary>
    public static IReadOnlyList<ChipProfile> All { get; } = [Loihi2, TrueNorth, SpiNNaker2, Xylo];

    /// <summary>The profile named <paramref name="name"/> (case-insensitive).</summary>
    public static ChipProfile Find(string name)
    {
        foreach (var chip in All)
        {
            if (string.Equals(chip.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return chip;
            }
        }

        throw new ArgumentException($"Unknown chip '{name}'; expected one of: {string.Join(", ", All.Select(c => c.Name))}.", nameof(name));
    }
}
