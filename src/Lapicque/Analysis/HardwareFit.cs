using System.Globalization;

namespace Lapicque.Analysis;

/// <summary>
/// Whether a network fits on one chip, how many cores it needs and its estimated energy per inference.
/// </summary>
/// <remarks>
/// Mapping rule (a simple placement): a core holds at most <see cref="ChipProfile.NeuronsPerCore"/> neurons and, when
/// <see cref="ChipProfile.SynapsesPerCore"/> is known, at most floor(SynapsesPerCore / maxFanIn) neurons of a population whose
/// largest total fan-in is maxFanIn, since each core stores the incoming synapses of its neurons (sized for the worst neuron).
/// A neuron of population p thus takes 1 / perCore_p of a core, and populations may share and split across cores:
/// Cores = ceil(sum over hosted populations of N_p / perCore_p). Input populations
/// are fed from outside and take no cores. Convolutions are counted unrolled (one synapse per connection).
/// When the chip limits the axons of a core (<see cref="ChipProfile.MaxAxonsPerCore"/>), each population's neurons are
/// placed on cores in index order and the distinct source neurons of every core are counted (matrix projections only;
/// convolutions are counted as their largest fan-in); the core with most is reported against the limit.
/// Energy per inference = SynOps per sample x <see cref="ChipProfile.SynapticOperationPj"/> + neuron updates per sample x
/// <see cref="ChipProfile.NeuronUpdatePj"/>; parts without a published figure are left out and named in the caveats.
/// </remarks>
/// <param name="Chip">The chip.</param>
/// <param name="Fits">True when every limit holds.</param>
/// <param name="CoresNeeded">Cores the placement uses.</param>
/// <param name="Neurons">Hosted (non-input) neurons.</param>
/// <param name="Synapses">Synapses (connections).</param>
/// <param name="MaxFanIn">Largest fan-in of any neuron.</param>
/// <param name="MaxFanOut">Largest fan-out of any neuron.</param>
/// <param name="Problems">Each limit that does not hold, with the numbers.</param>
/// <param name="Energy">Estimated energy per inference, or null when the chip publishes no per-operation energy.</param>
public sealed record HardwareFit(
    ChipProfile Chip,
    bool Fits,
    long CoresNeeded,
    long Neurons,
    long Synapses,
    int MaxFanIn,
    int MaxFanOut,
    IReadOnlyList<string> Problems,
    EnergyEstimate? Energy)
{
    /// <summary>Evaluates <paramref name="report"/> on <paramref name="chip"/>.</summary>
    public static HardwareFit Evaluate(ChipProfile chip, ActivityReport report)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(report);
        var problems = new List<string>();
        double coreLoad = 0;
        for (int i = 0; i < report.Populations.Count; i++)
        {
            var pop = report.Populations[i];
            if (pop.IsSource)
            {
                continue;
            }

            long perCore = chip.NeuronsPerCore;
            int fanIn = report.MaxFanIn(i);
            if (chip.SynapsesPerCore is { } spc && fanIn > 0)
            {
                perCore = Math.Min(perCore, spc / fanIn);
            }

            if (perCore < 1)
            {
                problems.Add(Invariant($"population '{pop.Name}': one neuron's fan-in ({fanIn}) exceeds a core's synapse memory ({chip.SynapsesPerCore})"));
                perCore = 1;
            }

            coreLoad += pop.Neurons / (double)perCore;
        }

        // Guard the ceiling against rounding in the sum (for example 3 x 1/3).
        long cores = (long)Math.Ceiling(coreLoad - 1e-9);

        long neurons = report.HostedNeurons;
        long synapses = report.Connections;
        int maxIn = report.MaxFanIn(), maxOut = report.MaxFanOut;
        if (neurons > chip.MaxNeurons)
        {
            problems.Add(Invariant($"neurons: {neurons} > {chip.MaxNeurons}"));
        }

        if (cores > chip.Cores)
        {
            problems.Add(Invariant($"cores: {cores} needed > {chip.Cores}"));
        }

        if (chip.MaxSynapses is { } ms && synapses > ms)
        {
            problems.Add(Invariant($"synapses: {synapses} > {ms}"));
        }

        if (chip.MaxFanIn is { } fi && maxIn > fi)
        {
            problems.Add(Invariant($"fan-in: {maxIn} > {fi}"));
        }

        if (chip.MaxFanOut is { } fo && maxOut > fo)
        {
            problems.Add(Invariant($"fan-out: {maxOut} > {fo}"));
        }

        if (chip.MaxInputs is { } mi && report.InputNeurons > mi)
        {
            problems.Add(Invariant($"inputs: {report.InputNeurons} > {mi} channels"));
        }

        if (chip.MaxAxonsPerCore is { } axons)
        {
            int worst = MaxDistinctSourcesPerCore(report, chip);
            if (worst > axons)
            {
                problems.Add(Invariant($"axons per core: {worst} distinct sources into one core > {axons}"));
            }
        }

        EnergyEstimate? energy = null;
        if (chip.SynapticOperationPj is { } synPj)
        {
            var caveats = new List<string>();
            double neuronPj = 0;
            if (chip.NeuronUpdatePj is { } nPj)
            {
                neuronPj = report.NeuronUpdates * nPj / report.Samples;
            }
            else
            {
                caveats.Add("neuron updates not counted (no published energy per update)");
            }

            if (chip.Notes.Contains("estimate", StringComparison.OrdinalIgnoreCase))
            {
                caveats.Add("uses estimated figures: " + chip.Notes);
            }

            energy = new EnergyEstimate(chip.Name, report.SynapticOperations * synPj / report.Samples, neuronPj, 0, caveats);
        }

        return new HardwareFit(chip, problems.Count == 0, cores, neurons, synapses, maxIn, maxOut, problems, energy);
    }

    // Places each hosted population on cores in index order (perCore neurons per core, as in Evaluate) and counts the
    // distinct (source population, source neuron) pairs projecting into each core.
    private static int MaxDistinctSourcesPerCore(ActivityReport report, ChipProfile chip)
    {
        var network = report.Network;
        int worst = 0;
        for (int i = 0; i < report.Populations.Count; i++)
        {
            var pop = report.Populations[i];
            if (pop.IsSource)
            {
                continue;
            }

            long perCore = chip.NeuronsPerCore;
            int fanIn = report.MaxFanIn(i);
            if (chip.SynapsesPerCore is { } spc && fanIn > 0)
            {
                perCore = Math.Max(1, Math.Min(perCore, spc / fanIn));
            }

            int cores = (int)((pop.Neurons + perCore - 1) / perCore);
            var seen = new HashSet<long>[cores];
            int convFanIn = 0;
            for (int k = 0; k < network.Projections.Count; k++)
            {
                var p = network.Projections[k];
                if (p.Target != pop.Name)
                {
                    continue;
                }

                if (p.Matrix is not { } m)
                {
                    convFanIn += report.Projections[k].MaxFanIn;
                    continue;
                }

                int sourceIndex = network.IndexOf(p.Source);
                for (int s = 0; s < m.SourceCount; s++)
                {
                    (int a, int b) = m.Row(s);
                    for (int syn = a; syn < b; syn++)
                    {
                        int core = (int)(m.TargetOf(syn) / perCore);
                        (seen[core] ??= []).Add(((long)sourceIndex << 32) | (uint)s);
                    }
                }
            }

            foreach (var set in seen)
            {
                worst = Math.Max(worst, (set?.Count ?? 0) + convFanIn);
            }
        }

        return worst;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
