using System.Globalization;
using Lapicque.Networks;
using Lapicque.Numerics;

namespace Lapicque.Analysis;

/// <summary>
/// Demonstration of criticality: a random network of probabilistic binary neurons (Haldeman and Beggs, "Critical branching
/// captures activity in living neural networks and maximizes the number of metastable states", PRL 94, 2005; Kinouchi and
/// Copelli, Nature Physics 2, 2006) is swept from subcritical to supercritical coupling. Each neuron has
/// <see cref="CriticalitySweepOptions.OutDegree"/> random targets (a <see cref="SynapseMatrix"/>); a spike at step t makes each
/// target fire at t + 1 with probability sigma / K, unless the target fired at t (one step refractory). The drive is
/// infinitely weak (separation of time scales): each avalanche starts from one random neuron in a silent network, and the
/// trials are recorded one after another with a silent step between them. The pooled activity is cut into avalanches with
/// <see cref="Avalanches.FromStepCounts"/> (bins at the mean inter-event interval) and the sizes fitted with
/// <see cref="PowerLaw.FitDiscrete(ReadOnlySpan{long}, PowerLawOptions?)"/>.
/// Expected: the branching ratio follows sigma and crosses 1 at sigma = 1, where sizes follow s^-3/2 (the mean-field
/// branching-process exponent); below, sizes are cut off exponentially; above, runaway avalanches hit the cap.
/// </summary>
public static class CriticalitySweep
{
    /// <summary>Runs the sweep; couplings run in parallel, each from its own random stream.</summary>
    public static CriticalityPoint[] Run(CriticalitySweepOptions? options = null)
    {
        var o = options ?? new CriticalitySweepOptions();
        o.Validate();
        var points = new CriticalityPoint[o.Couplings.Length];
        Parallelism.For(points.Length, 1, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                points[i] = RunOne(o, o.Couplings[i], Rng.ForStream(o.Seed, (ulong)i));
            }
        });
        return points;
    }

    /// <summary>Writes the sweep as CSV (invariant culture): one row per coupling.</summary>
    public static void WriteCsv(TextWriter writer, IEnumerable<CriticalityPoint> points)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(points);
        writer.WriteLine("coupling,harris,naive,mr,avalanches,mean_size,capped_fraction,alpha,alpha_se,xmin,ks,p_value");
        foreach (var p in points)
        {
            var f = p.SizeFit;
            writer.WriteLine(string.Join(
                ",",
                F(p.Coupling), F(p.Harris), F(p.Naive), F(p.MultistepRegression), p.Avalanches.ToString(CultureInfo.InvariantCulture), F(p.MeanSize),
                F(p.CappedFraction), F(f?.Alpha ?? double.NaN), F(f?.StandardError ?? double.NaN), F(f?.XMin ?? double.NaN), F(f?.KsDistance ?? double.NaN),
                F(f?.PValue ?? double.NaN)));
        }
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private static CriticalityPoint RunOne(CriticalitySweepOptions o, double sigma, Rng rng)
    {
        var graph = RandomGraph(o.Neurons, o.OutDegree, rng);
        int cap = o.MaxSpikesPerTrial ?? Math.Max(1, o.Neurons / 4);
        double p = sigma / o.OutDegree;
        var firedAt = new long[o.Neurons];
        Array.Fill(firedAt, -10);
        var active = new List<int>();
        var next = new List<int>();
        var trials = new List<long[]>(o.Trials);
        var pooled = new List<long>();
        var trace = new List<long>();
        long step = 0;
        int capped = 0;
        for (int trial = 0; trial < o.Trials; trial++)
        {
            active.Clear();
            active.Add(rng.NextInt(o.Neurons));
            trace.Clear();
            long spikes = 0;
            step += 2; // a silent step separates trials; no neuron is refractory at a trial's start
            while (active.Count > 0)
            {
                trace.Add(active.Count);
                spikes += active.Count;
                foreach (int n in active)
                {
                    firedAt[n] = step;
                }

                if (spikes >= cap)
                {
                    capped++;
                    break;
                }

                next.Clear();
                foreach (int n in active)
                {
                    (int a, int b) = graph.Row(n);
                    for (int s = a; s < b; s++)
                    {
                        int target = graph.Targets![s];

                        // Refractory for one step after firing, and at most one spike per step (firedAt marks both).
                        if (firedAt[target] < step && rng.NextDouble() < p)
                        {
                            firedAt[target] = step + 1;
                            next.Add(target);
                        }
                    }
                }

                (active, next) = (next, active);
                step++;
            }

            pooled.AddRange(trace);
            pooled.Add(0);

            // A trial that died stays silent: its trailing zeros are data (the last generation had no offspring), and
            // MaxLag of them give every lag its pairs. A capped trial ends where it was cut.
            if (active.Count == 0)
            {
                for (int k = 0; k < o.MaxLag; k++)
                {
                    trace.Add(0);
                }
            }

            trials.Add([.. trace]);
        }

        var avalanches = Avalanches.FromStepCounts(pooled.Prepend(0L).ToArray());
        PowerLawFit? fit = null;
        if (avalanches.Count >= 50)
        {
            var plo = new PowerLawOptions { MaxCandidates = 30, Replicates = Math.Max(1, o.Replicates), Seed = rng.NextUInt64() };
            try
            {
                fit = PowerLaw.FitDiscrete(avalanches.Sizes, plo);
                if (o.Replicates > 0)
                {
                    fit = PowerLaw.GoodnessOfFit(avalanches.Sizes, fit, plo);
                }
            }
            catch (ArgumentException)
            {
                fit = null; // too few distinct sizes to fit
            }
        }

        return new CriticalityPoint(
            sigma,
            BranchingRatio.Harris(trials),
            BranchingRatio.Naive(trials),
            BranchingRatio.MultistepRegression(trials, o.MaxLag).BranchingRatio,
            avalanches.Count,
            avalanches.MeanSize,
            capped / (double)o.Trials,
            fit);
    }

    // Fixed out-degree K: Floyd's algorithm picks K distinct targets per source among the other N - 1 neurons.
    private static SynapseMatrix RandomGraph(int n, int k, Rng rng)
    {
        var sources = new int[n * k];
        var targets = new int[n * k];
        var chosen = new HashSet<int>();
        for (int s = 0; s < n; s++)
        {
            chosen.Clear();
            for (int r = n - 1 - k; r < n - 1; r++)
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
                sources[(s * k) + c] = s;
                targets[(s * k) + c] = v >= s ? v + 1 : v;
                c++;
            }
        }

        return SynapseMatrix.FromPairs(n, n, sources, targets, out _);
    }
}
