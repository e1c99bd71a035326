using Lapicque.Numerics;

namespace Lapicque.Networks;

/// <summary>
/// A spiking network as a description: neuron populations joined by projections, with their weights once built. It holds
/// no simulation state; engines (the clock-driven and event-driven simulators, the trainers, the plasticity engine) take a
/// network and act on it. This mirrors NIR's graph of neuron nodes and weighted edges.
/// </summary>
public sealed class Network
{
    private readonly Dictionary<string, int> _populationIndex = new(StringComparer.Ordinal);

    /// <summary>Creates and validates a network.</summary>
    public Network(string name, IEnumerable<Population> populations, IEnumerable<Projection> projections, IEnumerable<CurrentInjection>? currents = null)
    {
        Name = name;
        Populations = populations.ToArray();
        Projections = projections.ToArray();
        Currents = currents?.ToArray() ?? [];
        for (int i = 0; i < Populations.Count; i++)
        {
            if (!_populationIndex.TryAdd(Populations[i].Name, i))
            {
                throw new ArgumentException($"populations[{i}].name '{Populations[i].Name}' is used twice; population names must be unique.");
            }
        }

        Validate();
    }

    /// <summary>The network's name.</summary>
    public string Name { get; }

    /// <summary>The populations, in the order given.</summary>
    public IReadOnlyList<Population> Populations { get; }

    /// <summary>The projections, in the order given.</summary>
    public IReadOnlyList<Projection> Projections { get; }

    /// <summary>Injected currents.</summary>
    public IReadOnlyList<CurrentInjection> Currents { get; }

    /// <summary>True once every projection has its weights.</summary>
    public bool IsBuilt => Projections.All(p => p.IsBuilt);

    /// <summary>Index of the population named <paramref name="name"/>.</summary>
    public int IndexOf(string name) => _populationIndex.TryGetValue(name, out int i)
        ? i
        : throw new ArgumentException($"No population named '{name}'; expected one of: {string.Join(", ", Populations.Select(p => p.Name))}.", nameof(name));

    /// <summary>The population named <paramref name="name"/>.</summary>
    public Population Population(string name) => Populations[IndexOf(name)];

    /// <summary>Checks names, references, shapes and parameters; messages name the offending entry.</summary>
    public void Validate()
    {
        for (int i = 0; i < Populations.Count; i++)
        {
            Populations[i].Validate($"populations[{i}] '{Populations[i].Name}'");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < Projections.Count; k++)
        {
            var p = Projections[k];
            string path = $"projections[{k}] '{p.Name}'";
            if (string.IsNullOrWhiteSpace(p.Name) || !names.Add(p.Name))
            {
                throw new ArgumentException($"{path}.name must be non-empty and unique.");
            }

            var source = Find(p.Source, path + ".source");
            var target = Find(p.Target, path + ".target");
            if (target.IsSource)
            {
                throw new ArgumentException($"{path}.target '{p.Target}' is an input population ({target.Model.ModelName}); input populations receive no projections.");
            }

            ValidateConnectivity(p, source, target, path);
            p.Weights.Validate(path + ".weights");
            p.Synapse.Validate(path + ".synapse");
            p.Delay?.Validate(path + ".delay");
        }

        for (int c = 0; c < Currents.Count; c++)
        {
            var target = Find(Currents[c].Target, $"currents[{c}].target");
            if (Currents[c].Neurons is { } neurons)
            {
                foreach (int n in neurons)
                {
                    if ((uint)n >= (uint)target.Size)
                    {
                        throw new ArgumentException($"currents[{c}].neurons contains {n}; expected 0..{target.Size - 1}.");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Creates every projection's synapses and weights from its rules, with one random stream per projection derived from
    /// <paramref name="seed"/> (so adding a projection does not change the others). Returns this network.
    /// </summary>
    public Network Build(ulong seed)
    {
        for (int k = 0; k < Projections.Count; k++)
        {
            BuildProjection(Projections[k], Rng.ForStream(seed, (ulong)k), $"projections[{k}] '{Projections[k].Name}'");
        }

        return this;
    }

    private Population Find(string name, string path) => _populationIndex.TryGetValue(name, out int i)
        ? Populations[i]
        : throw new ArgumentException($"{path} '{name}' is not a population; expected one of: {string.Join(", ", Populations.Select(q => q.Name))}.");

    private static void ValidateConnectivity(Projection p, Population source, Population target, string path)
    {
        switch (p.Connectivity)
        {
            case Connectivity.OneToOne when source.Size != target.Size:
                throw new ArgumentException($"{path}: one-to-one needs equal sizes; source has {source.Size} neurons, target {target.Size}.");
            case Connectivity.FixedProbability fp:
                Check.InRange(fp.P, 0, 1, path + ".connectivity.p");
                break;
            case Connectivity.FixedInDegree fd:
                Check.That(fd.K >= 0 && fd.K <= source.Size, path + ".connectivity.k", $"in [0, {source.Size}] (the source size)", fd.K);
                break;
            case Connectivity.Explicit e:
                if (e.Sources.Length != e.Targets.Length)
                {
                    throw new ArgumentException($"{path}.connectivity: sources has {e.Sources.Length} entries but targets has {e.Targets.Length}.");
                }

                break;
            case Connectivity.Conv2d conv:
                {
                    var (cin, h, w) = Chw(source, path + ".source");
                    var (cout, ht, wt) = Chw(target, path + ".target");
                    Check.That(conv.KernelH >= 1 && conv.KernelW >= 1, path + ".connectivity.kernel", ">= 1", Math.Min(conv.KernelH, conv.KernelW));
                    Check.That(conv.Stride >= 1, path + ".connectivity.stride", ">= 1", conv.Stride);
                    Check.That(conv.Padding >= 0, path + ".connectivity.padding", ">= 0", conv.Padding);
                    int oh = ((h + (2 * conv.Padding) - conv.KernelH) / conv.Stride) + 1;
                    int ow = ((w + (2 * conv.Padding) - conv.KernelW) / conv.Stride) + 1;
                    if (conv.Pool is { } pool)
                    {
                        ValidatePool(pool, path + ".connectivity.pool");
                        oh = ((oh - pool.Size) / pool.Stride) + 1;
                        ow = ((ow - pool.Size) / pool.Stride) + 1;
                    }

                    if (ht != oh || wt != ow || cout < 1)
                    {
                        throw new ArgumentException($"{path}: a {conv.KernelH}x{conv.KernelW} convolution (stride {conv.Stride}, padding {conv.Padding}{(conv.Pool is null ? string.Empty : $", then {conv.Pool.Kind} pooling {conv.Pool.Size}/{conv.Pool.Stride}")}) of a [{cin}, {h}, {w}] source gives [C, {oh}, {ow}]; the target is [{cout}, {ht}, {wt}].");
                    }

                    break;
                }

            case Connectivity.Pool2d pool:
                {
                    ValidatePool(pool, path + ".connectivity");
                    var (c, h, w) = Chw(source, path + ".source");
                    var (ct, ht, wt) = Chw(target, path + ".target");
                    int oh = ((h - pool.Size) / pool.Stride) + 1, ow = ((w - pool.Size) / pool.Stride) + 1;
                    if (ct != c || ht != oh || wt != ow)
                    {
                        throw new ArgumentException($"{path}: {pool.Kind} pooling {pool.Size}/{pool.Stride} of a [{c}, {h}, {w}] source gives [{c}, {oh}, {ow}]; the target is [{ct}, {ht}, {wt}].");
                    }

                    break;
                }
        }
    }

    private static void ValidatePool(Connectivity.Pool2d pool, string path)
    {
        Check.That(pool.Size >= 1, path + ".size", ">= 1", pool.Size);
        Check.That(pool.Stride >= 1, path + ".stride", ">= 1", pool.Stride);
    }

    private static (int C, int H, int W) Chw(Population p, string path) => p.Shape.Length == 3
        ? (p.Shape[0], p.Shape[1], p.Shape[2])
        : throw new ArgumentException($"{path} '{p.Name}' must have shape [C, H, W] for convolution or pooling; its shape is {Tensor.ShapeString(p.Shape)}.");

    private void BuildProjection(Projection p, Rng rng, string path)
    {
        var source = Population(p.Source);
        var target = Population(p.Target);
        int s = source.Size, t = target.Size;
        bool sameGroup = ReferenceEquals(source, target);
        SynapseMatrix? m = null;
        switch (p.Connectivity)
        {
            case Connectivity.All:
                m = SynapseMatrix.Dense(s, t, new float[(long)s * t]);
                p.Weights.Fill(m.Weights, s, rng);
                break;
            case Connectivity.OneToOne:
                {
                    var rowStart = new int[s + 1];
                    var targets = new int[s];
                    for (int i = 0; i < s; i++)
                    {
                        rowStart[i + 1] = i + 1;
                        targets[i] = i;
                    }

                    m = SynapseMatrix.Sparse(s, t, rowStart, targets, new float[s]);
                    p.Weights.Fill(m.Weights, 1, rng);
                    break;
                }

            case Connectivity.FixedProbability fp:
                m = FixedProbability(s, t, fp.P, fp.AllowSelf || !sameGroup, rng);
                p.Weights.Fill(m.Weights, Math.Max(1, (int)Math.Round(fp.P * s)), rng);
                break;
            case Connectivity.FixedInDegree fd:
                m = FixedInDegree(s, t, fd.K, fd.AllowSelf || !sameGroup, rng, path);
                p.Weights.Fill(m.Weights, Math.Max(1, fd.K), rng);
                break;
            case Connectivity.Explicit e:
                {
                    m = SynapseMatrix.FromPairs(s, t, e.Sources, e.Targets, out int[] order);
                    var created = new float[order.Length];
                    p.Weights.Fill(created, Math.Max(1, order.Length / Math.Max(1, t)), rng);
                    for (int i = 0; i < order.Length; i++)
                    {
                        m.Weights[i] = created[order[i]];
                    }

                    if (p.Delay is DelayInit.Values dv)
                    {
                        CheckCount(dv.Ms.Length, order.Length, path + ".delay.ms");
                        m.DelaysMs = new float[order.Length];
                        for (int i = 0; i < order.Length; i++)
                        {
                            m.DelaysMs[i] = dv.Ms[order[i]];
                        }
                    }

                    break;
                }

            case Connectivity.Conv2d conv:
                {
                    int cout = target.Shape[0], cin = source.Shape[0];
                    int fanIn = cin * conv.KernelH * conv.KernelW;
                    p.Kernel = new float[cout * fanIn];
                    p.Weights.Fill(p.Kernel, fanIn, rng);
                    p.Bias = conv.Bias ? new float[cout] : null;
                    break;
                }

            case Connectivity.Pool2d:
                break;
            default:
                throw new NotSupportedException($"{path}: connectivity {p.Connectivity.GetType().Name} is not supported by Build.");
        }

        if (m is not null)
        {
            if (p.Delay is DelayInit.Uniform du)
            {
                m.DelaysMs = new float[m.Count];
                for (int i = 0; i < m.Count; i++)
                {
                    m.DelaysMs[i] = (float)rng.Uniform(du.LowMs, du.HighMs);
                }
            }
            else if (p.Delay is DelayInit.Values dv && p.Connectivity is not Connectivity.Explicit)
            {
                CheckCount(dv.Ms.Length, m.Count, path + ".delay.ms");
                m.DelaysMs = (float[])dv.Ms.Clone();
            }

            p.Matrix = m;
        }
    }

    private static void CheckCount(int given, int expected, string path)
    {
        if (given != expected)
        {
            throw new ArgumentException($"{path} has {given} entries; the connectivity created {expected} synapses.");
        }
    }

    // Erdos-Renyi rows by geometric skipping: the gap to the next connected target is Geometric(p), so the cost follows
    // the number of synapses, not sources x targets.
    private static SynapseMatrix FixedProbability(int s, int t, double p, bool allowSelf, Rng rng)
    {
        var rowStart = new int[s + 1];
        var targets = new List<int>((int)Math.Min(int.MaxValue, (p * s * t * 1.05) + 16));
        double logQ = p < 1 ? Math.Log(1 - p) : 0;
        for (int i = 0; i < s; i++)
        {
            if (p > 0)
            {
                int j = -1;
                while (true)
                {
                    j += p >= 1 ? 1 : 1 + (int)Math.Min(int.MaxValue / 2, Math.Floor(Math.Log(1 - rng.NextDouble()) / logQ));
                    if (j >= t)
                    {
                        break;
                    }

                    if (allowSelf || j != i)
                    {
                        targets.Add(j);
                    }
                }
            }

            rowStart[i + 1] = targets.Count;
        }

        return SynapseMatrix.Sparse(s, t, rowStart, targets.ToArray(), new float[targets.Count]);
    }

    private static SynapseMatrix FixedInDegree(int s, int t, int k, bool allowSelf, Rng rng, string path)
    {
        int pool = allowSelf ? s : s - 1;
        if (k > pool)
        {
            throw new ArgumentException($"{path}.connectivity.k was {k}; only {pool} distinct sources are available per target.");
        }

        var sources = new int[(long)t * k];
        var targets = new int[(long)t * k];
        var chosen = new HashSet<int>();
        for (int j = 0; j < t; j++)
        {
            // Floyd's algorithm: k distinct values from [0, pool) with k draws.
            chosen.Clear();
            for (int r = pool - k; r < pool; r++)
            {
                int v = rng.NextInt(r + 1);
                if (!chosen.Add(v))
                {
                    chosen.Add(r);
                }
            }

            int c = 0;
            foreach (int v in chosen)
            {
                int src = !allowSelf && v >= j ? v + 1 : v;
                sources[(j * k) + c] = src;
                targets[(j * k) + c] = j;
                c++;
            }
        }

        return SynapseMatrix.FromPairs(s, t, sources, targets, out _);
    }
}
