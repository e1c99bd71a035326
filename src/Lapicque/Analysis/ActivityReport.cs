using Lapicque.Networks;
using Lapicque.Simulation;

namespace Lapicque.Analysis;

/// <summary>
/// What a run of a network cost in operations and memory, from recorded spike counts of any engine (clock-driven or
/// event-driven simulation, trainers): spikes per population, synaptic operations (each spike times the fan-out of the
/// neuron that fired), the multiply-accumulates of the same network run as a dense ANN, neuron updates and the memory of
/// weights and state. Energy and hardware estimates (<see cref="EnergyModel"/>, <see cref="ChipProfile"/>) read this report.
/// </summary>
/// <remarks>
/// <para>Synaptic operation (SynOp): one spike delivered through one synapse, an accumulate of the weight into the target
/// (Merolla et al. 2014; Rueckauer et al. 2017). With per-neuron spike counts the count is exact:
/// SynOps = sum_i spikes_i fanOut_i. With per-population totals it uses the mean fan-out, SynOps = spikes x connections / N,
/// exact for uniform fan-out (dense and convolution interiors) and an estimate otherwise.</para>
/// <para>ANN equivalent: one dense forward pass per sample, every connection one multiply-accumulate (a convolution's
/// Cout H' W' Cin Kh Kw, padding included). <see cref="DenseSynapticOperations"/> is instead every synapse every step, the cost
/// of running the SNN itself densely (as a GPU framework does).</para>
/// <para>Neuron updates: neurons x steps x samples over non-input populations (a clock-driven chip updates every neuron
/// every tick). Memory: float32 weights, int32 indices for sparse matrices, float32 state per neuron and per receptor.</para>
/// </remarks>
public sealed class ActivityReport
{
    private ActivityReport(Network network, long steps, int samples, double? dtMs, PopulationActivity[] populations, ProjectionActivity[] projections, int[] maxFanIn)
    {
        Network = network;
        Steps = steps;
        Samples = samples;
        DtMs = dtMs;
        Populations = populations;
        Projections = projections;
        _maxFanIn = maxFanIn;
    }

    private readonly int[] _maxFanIn;

    /// <summary>The network that ran.</summary>
    public Network Network { get; }

    /// <summary>Time steps per sample.</summary>
    public long Steps { get; }

    /// <summary>Number of samples (inferences) the counts add up over.</summary>
    public int Samples { get; }

    /// <summary>Time step in ms, when known.</summary>
    public double? DtMs { get; }

    /// <summary>Per population, in the network's order.</summary>
    public IReadOnlyList<PopulationActivity> Populations { get; }

    /// <summary>Per projection, in the network's order.</summary>
    public IReadOnlyList<ProjectionActivity> Projections { get; }

    /// <summary>All spikes.</summary>
    public long Spikes => Populations.Sum(p => p.Spikes);

    /// <summary>All synaptic operations (accumulates) over the run.</summary>
    public double SynapticOperations => Projections.Sum(p => p.SynapticOperations);

    /// <summary>Multiply-accumulates of the equivalent dense ANN over all samples (weighted projections).</summary>
    public long AnnMacs => Projections.Where(p => p.IsWeighted).Sum(p => p.AnnOperations);

    /// <summary>Additions of the equivalent dense ANN over all samples (pooling).</summary>
    public long AnnAdds => Projections.Where(p => !p.IsWeighted).Sum(p => p.AnnOperations);

    /// <summary>Every synapse every step: the SNN run densely.</summary>
    public double DenseSynapticOperations => Projections.Sum(p => p.DenseSynapticOperations);

    /// <summary>All neuron updates.</summary>
    public long NeuronUpdates => Populations.Sum(p => p.NeuronUpdates);

    /// <summary>Bytes of weights, indices and delays.</summary>
    public long WeightBytes => Projections.Sum(p => p.WeightBytes);

    /// <summary>Bytes of neuron and receptor state (one sample).</summary>
    public long StateBytes => Populations.Sum(p => p.StateBytes);

    /// <summary>Non-input neurons (those a chip must host).</summary>
    public long HostedNeurons => Populations.Where(p => !p.IsSource).Sum(p => (long)p.Neurons);

    /// <summary>Input neurons (spike sources).</summary>
    public long InputNeurons => Populations.Where(p => p.IsSource).Sum(p => (long)p.Neurons);

    /// <summary>All connections.</summary>
    public long Connections => Projections.Sum(p => p.Connections);

    /// <summary>Largest total fan-in (all projections together) of a neuron of population <paramref name="index"/>.</summary>
    public int MaxFanIn(int index) => _maxFanIn[index];

    /// <summary>Largest fan-in of any neuron.</summary>
    public int MaxFanIn() => _maxFanIn.Length == 0 ? 0 : _maxFanIn.Max();

    /// <summary>Largest fan-out (all projections together) of any neuron.</summary>
    public int MaxFanOut { get; private init; }

    /// <summary>
    /// A report from per-population spike totals; synaptic operations use each projection's mean fan-out (exact when the
    /// fan-out is uniform). <paramref name="spikes"/>[i] counts the spikes of population i over all samples.
    /// </summary>
    public static ActivityReport FromPopulationCounts(Network network, IReadOnlyList<long> spikes, long steps, int samples = 1, double? dtMs = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(spikes);
        if (spikes.Count != network.Populations.Count)
        {
            throw new ArgumentException($"spikes has {spikes.Count} entries; the network has {network.Populations.Count} populations.", nameof(spikes));
        }

        var perNeuron = new long[]?[spikes.Count];
        return Create(network, spikes, perNeuron, steps, samples, dtMs);
    }

    /// <summary>
    /// A report from per-neuron spike counts (exact synaptic operations). <paramref name="spikes"/>[i][n] counts the spikes of
    /// neuron n of population i over all samples; a null entry means the population did not fire.
    /// </summary>
    public static ActivityReport FromNeuronCounts(Network network, IReadOnlyList<long[]?> spikes, long steps, int samples = 1, double? dtMs = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(spikes);
        if (spikes.Count != network.Populations.Count)
        {
            throw new ArgumentException($"spikes has {spikes.Count} entries; the network has {network.Populations.Count} populations.", nameof(spikes));
        }

        var totals = new long[spikes.Count];
        var perNeuron = new long[]?[spikes.Count];
        for (int i = 0; i < spikes.Count; i++)
        {
            if (spikes[i] is { } counts)
            {
                int size = network.Populations[i].Size;
                if (counts.Length != size)
                {
                    throw new ArgumentException($"spikes[{i}] ('{network.Populations[i].Name}') has {counts.Length} entries; the population has {size} neurons.", nameof(spikes));
                }

                foreach (long c in counts)
                {
                    Check.That(c >= 0, $"spikes[{i}]", "non-negative counts", c);
                    totals[i] += c;
                }

                perNeuron[i] = counts;
            }
        }

        return Create(network, totals, perNeuron, steps, samples, dtMs);
    }

    /// <summary>
    /// A report from a clock-driven run's spike monitors (each must record all neurons of its population). Every population
    /// with outgoing projections needs a monitor, so that no synaptic operation goes uncounted; other populations without one
    /// count as silent. Steps are the simulator's <see cref="ClockDrivenSimulator.StepIndex"/>.
    /// </summary>
    public static ActivityReport FromSimulation(ClockDrivenSimulator simulator, IEnumerable<SpikeMonitor> monitors)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(monitors);
        var network = simulator.Network;
        var counts = new long[]?[network.Populations.Count];
        foreach (var m in monitors)
        {
            int i = network.IndexOf(m.Population);
            if (counts[i] is not null)
            {
                throw new ArgumentException($"Two spike monitors record population '{m.Population}'; pass one per population.", nameof(monitors));
            }

            var c = new long[m.Size];
            foreach (int n in m.Neurons)
            {
                c[n]++;
            }

            counts[i] = c;
        }

        foreach (var p in network.Projections)
        {
            if (counts[network.IndexOf(p.Source)] is null)
            {
                throw new ArgumentException($"Population '{p.Source}' sends projection '{p.Name}' but has no spike monitor; its synaptic operations could not be counted.", nameof(monitors));
            }
        }

        return FromNeuronCounts(network, counts, simulator.StepIndex, 1, simulator.DtMs);
    }

    private static ActivityReport Create(Network network, IReadOnlyList<long> totals, long[]?[] perNeuron, long steps, int samples, double? dtMs)
    {
        Check.That(steps >= 0, nameof(steps), ">= 0", steps);
        Check.That(samples >= 1, nameof(samples), ">= 1", samples);
        if (dtMs is { } dt)
        {
            Check.Positive(dt, nameof(dtMs));
        }

        for (int i = 0; i < totals.Count; i++)
        {
            Check.That(totals[i] >= 0, $"spikes[{i}]", ">= 0", totals[i]);
        }

        int np = network.Populations.Count;
        var fanIn = new int[np][];
        var fanOut = new int[np][];
        for (int i = 0; i < np; i++)
        {
            fanIn[i] = new int[network.Populations[i].Size];
            fanOut[i] = new int[network.Populations[i].Size];
        }

        var receptors = new HashSet<(int, string)>();
        var projections = new ProjectionActivity[network.Projections.Count];
        for (int k = 0; k < projections.Length; k++)
        {
            var p = network.Projections[k];
            int s = network.IndexOf(p.Source), t = network.IndexOf(p.Target);
            int[] rowFanOut = ProjectionFanOut.PerSource(network, p);
            long connections = 0;
            double synOps = 0;
            int maxOut = 0;
            for (int n = 0; n < rowFanOut.Length; n++)
            {
                connections += rowFanOut[n];
                fanOut[s][n] += rowFanOut[n];
                maxOut = Math.Max(maxOut, rowFanOut[n]);
                if (perNeuron[s] is { } c)
                {
                    synOps += (double)c[n] * rowFanOut[n];
                }
            }

            if (perNeuron[s] is null)
            {
                synOps = totals[s] * (connections / (double)rowFanOut.Length);
            }

            int[] inDegree = InDegrees(network, p);
            int maxIn = 0;
            for (int n = 0; n < inDegree.Length; n++)
            {
                fanIn[t][n] += inDegree[n];
                maxIn = Math.Max(maxIn, inDegree[n]);
            }

            if (p.Synapse is Synapse.Current or Synapse.Conductance)
            {
                receptors.Add((t, p.ReceptorName));
            }

            bool weighted = p.Connectivity is not Connectivity.Pool2d;
            projections[k] = new ProjectionActivity(
                p.Name,
                p.Source,
                p.Target,
                connections,
                maxIn,
                maxOut,
                synOps,
                ProjectionFanOut.DenseOperations(network, p) * samples,
                (double)connections * steps * samples,
                weighted,
                BytesOfWeights(p));
        }

        var populations = new PopulationActivity[np];
        var maxFanIn = new int[np];
        int maxFanOut = 0;
        for (int i = 0; i < np; i++)
        {
            var d = network.Populations[i];
            int stateVariables = d.IsSource ? 0 : d.Model.CreatePopulation(1, dtMs ?? 1.0).StateNames.Count;
            int receptorCount = receptors.Count(r => r.Item1 == i);
            long updates = d.IsSource ? 0 : (long)d.Size * steps * samples;
            populations[i] = new PopulationActivity(d.Name, d.Size, d.IsSource, totals[i], updates, stateVariables, 4L * d.Size * (stateVariables + receptorCount));
            maxFanIn[i] = fanIn[i].Length == 0 ? 0 : fanIn[i].Max();
            maxFanOut = Math.Max(maxFanOut, fanOut[i].Length == 0 ? 0 : fanOut[i].Max());
        }

        return new ActivityReport(network, steps, samples, dtMs, populations, projections, maxFanIn) { MaxFanOut = maxFanOut };
    }

    private static int[] InDegrees(Network network, Projection p)
    {
        var target = network.Population(p.Target);
        var source = network.Population(p.Source);
        switch (p.Connectivity)
        {
            case Connectivity.Conv2d conv:
                {
                    // Interior outputs see Cin x Kh x Kw inputs; at borders padding removes some. Count exactly.
                    int cin = source.Shape[0], h = source.Shape[1], w = source.Shape[2];
                    int oh = ProjectionFanOut.OutputSize(h, conv.KernelH, conv.Stride, conv.Padding);
                    int ow = ProjectionFanOut.OutputSize(w, conv.KernelW, conv.Stride, conv.Padding);
                    var degree = new int[target.Size];
                    int plane = target.Shape[1] * target.Shape[2];
                    for (int oy = 0; oy < Math.Min(oh, target.Shape[1]); oy++)
                    {
                        int ry = Inside(oy * conv.Stride - conv.Padding, conv.KernelH, h);
                        for (int ox = 0; ox < Math.Min(ow, target.Shape[2]); ox++)
                        {
                            int rx = Inside(ox * conv.Stride - conv.Padding, conv.KernelW, w);
                            for (int c = 0; c < target.Shape[0]; c++)
                            {
                                degree[(c * plane) + (oy * target.Shape[2]) + ox] = cin * ry * rx;
                            }
                        }
                    }

                    return degree;
                }

            case Connectivity.Pool2d pool:
                {
                    var degree = new int[target.Size];
                    Array.Fill(degree, pool.Size * pool.Size);
                    return degree;
                }

            default:
                return p.Matrix!.InDegrees();
        }
    }

    // Number of positions of a window [start, start + k) that fall inside [0, length).
    private static int Inside(int start, int k, int length) => Math.Max(0, Math.Min(start + k, length) - Math.Max(start, 0));

    private static long BytesOfWeights(Projection p)
    {
        long bytes = 0;
        if (p.Matrix is { } m)
        {
            bytes += 4L * m.Count;
            if (!m.IsDense)
            {
                bytes += (4L * m.Count) + (4L * (m.SourceCount + 1));
            }

            if (m.DelaysMs is not null)
            {
                bytes += 4L * m.Count;
            }
        }

        if (p.Kernel is { } kernel)
        {
            bytes += 4L * kernel.Length;
        }

        if (p.Bias is { } bias)
        {
            bytes += 4L * bias.Length;
        }

        return bytes;
    }
}
