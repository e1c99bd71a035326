using Lapicque.Numerics;

namespace Lapicque.Learning.Evolution;

/// <summary>
/// The covariance matrix adaptation evolution strategy, (mu/mu_w, lambda)-CMA-ES with rank-one and rank-mu updates of the
/// covariance and cumulative step-size adaptation (CSA), as in N. Hansen, "The CMA evolution strategy: a tutorial",
/// arXiv:1604.00772 (2016), with its default strategy parameters. For small parameter counts (up to a few hundred); the
/// covariance is eigendecomposed (O(n^3)) every max(1, 1 / ((c_1 + c_mu) n 10)) generations, as the tutorial advises (lambda / ((c_1 + c_mu) n 10) evaluations).
/// </summary>
/// <remarks>
/// <para>Sampling: x_k = m + sigma B D z_k with z_k ~ N(0, I) and C = B D^2 B^T. Selection: the mu = floor(lambda / 2) best, with
/// weights w_i proportional to ln((lambda + 1) / 2) - ln i, mu_eff = 1 / sum w_i^2. Mean: m += sigma y_w, y_w = sum w_i y_i.</para>
/// <para>Step size: p_sigma = (1 - c_sigma) p_sigma + sqrt(c_sigma (2 - c_sigma) mu_eff) C^-1/2 y_w,
/// sigma *= exp(c_sigma / d_sigma (|p_sigma| / E|N(0, I)| - 1)).</para>
/// <para>Covariance: p_c = (1 - c_c) p_c + h_sigma sqrt(c_c (2 - c_c) mu_eff) y_w,
/// C = (1 + c_1 delta(h_sigma) - c_1 - c_mu) C + c_1 p_c p_c^T + c_mu sum w_i y_i y_i^T.</para>
/// <para>Candidates are evaluated in parallel; candidate k draws from its own random stream and ranking ties are broken by
/// index, so a seed gives the same result whatever the thread count.</para>
/// </remarks>
public sealed class CmaEs
{
    /// <summary>Creates the optimiser.</summary>
    public CmaEs(CmaEsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The settings.</summary>
    public CmaEsOptions Options { get; }

    /// <summary>Minimises <paramref name="objective"/> from mean <paramref name="start"/>; <paramref name="progress"/> is called after each generation.</summary>
    public EvolutionResult Minimize(Objective objective, ReadOnlySpan<double> start, Action<EvolutionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        Check.That(start.Length >= 1, "start.Length", ">= 1", start.Length);
        var o = Options;
        int n = start.Length;
        int lambda = o.PopulationSize ?? (4 + (int)Math.Floor(3 * Math.Log(n)));
        int mu = lambda / 2;
        var w = new double[mu];
        double wSum = 0;
        for (int i = 0; i < mu; i++)
        {
            w[i] = Math.Log((lambda + 1) / 2.0) - Math.Log(i + 1);
            wSum += w[i];
        }

        double w2 = 0;
        for (int i = 0; i < mu; i++)
        {
            w[i] /= wSum;
            w2 += w[i] * w[i];
        }

        double muEff = 1 / w2;
        double cSigma = (muEff + 2) / (n + muEff + 5);
        double dSigma = 1 + (2 * Math.Max(0, Math.Sqrt((muEff - 1) / (n + 1)) - 1)) + cSigma;
        double cc = (4 + (muEff / n)) / (n + 4 + (2 * muEff / n));
        double c1 = 2 / (((n + 1.3) * (n + 1.3)) + muEff);
        double cMu = Math.Min(1 - c1, 2 * (muEff - 2 + (1 / muEff)) / (((n + 2) * (n + 2)) + muEff));
        double chiN = Math.Sqrt(n) * (1 - (1.0 / (4 * n)) + (1.0 / (21.0 * n * n)));

        var mean = start.ToArray();
        double sigma = o.InitialSigma;
        var pSigma = new double[n];
        var pc = new double[n];
        var c = new double[n, n];
        var b = new double[n, n];
        var d = new double[n];
        for (int i = 0; i < n; i++)
        {
            c[i, i] = 1;
            b[i, i] = 1;
            d[i] = 1;
        }

        var z = new double[lambda * n];
        var y = new double[lambda * n];
        var values = new double[lambda];
        var order = new int[lambda];
        var yw = new double[n];
        var tmp = new double[n];
        var best = mean.ToArray();
        double bestValue = double.PositiveInfinity;
        long evaluations = 0;
        var history = new List<EvolutionProgress>();
        string reason = "generations";
        int generation = 0;
        int lastEigen = 0;
        double eigenEvery = Math.Max(1, 1 / ((c1 + cMu) * n * 10));
        while (generation < o.MaxGenerations)
        {
            if (evaluations + lambda > o.MaxEvaluations)
            {
                reason = "evaluations";
                break;
            }

            int gen = generation;
            double s = sigma;
            Parallelism.For(lambda, 1, (lo, hi) =>
            {
                var x = new double[n];
                for (int k = lo; k < hi; k++)
                {
                    var rng = Rng.ForStream(o.Seed, ((ulong)gen << 32) | (uint)k);
                    var zk = z.AsSpan(k * n, n);
                    var yk = y.AsSpan(k * n, n);
                    for (int i = 0; i < n; i++)
                    {
                        zk[i] = rng.NextNormal();
                    }

                    // y = B (D z)
                    for (int i = 0; i < n; i++)
                    {
                        double sum = 0;
                        for (int j = 0; j < n; j++)
                        {
                            sum += b[i, j] * d[j] * zk[j];
                        }

                        yk[i] = sum;
                        x[i] = mean[i] + (s * sum);
                    }

                    values[k] = objective(x);
                }
            });
            evaluations += lambda;

            for (int k = 0; k < lambda; k++)
            {
                order[k] = k;
            }

            Array.Sort(order, (p, q) =>
            {
                int cmp = Worse(values[p]).CompareTo(Worse(values[q]));
                return cmp != 0 ? cmp : p.CompareTo(q);
            });
            if (values[order[0]] < bestValue)
            {
                bestValue = values[order[0]];
                for (int i = 0; i < n; i++)
                {
                    best[i] = mean[i] + (sigma * y[(order[0] * n) + i]);
                }
            }

            // Mean update by the weighted recombination of the mu best steps.
            Array.Clear(yw);
            for (int r = 0; r < mu; r++)
            {
                int k = order[r];
                for (int i = 0; i < n; i++)
                {
                    yw[i] += w[r] * y[(k * n) + i];
                }
            }

            for (int i = 0; i < n; i++)
            {
                mean[i] += sigma * yw[i];
            }

            // C^-1/2 y_w = B D^-1 B^T y_w.
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    sum += b[i, j] * yw[i];
                }

                tmp[j] = sum / d[j];
            }

            double normPs = 0;
            double csFactor = Math.Sqrt(cSigma * (2 - cSigma) * muEff);
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++)
                {
                    sum += b[i, j] * tmp[j];
                }

                pSigma[i] = ((1 - cSigma) * pSigma[i]) + (csFactor * sum);
                normPs += pSigma[i] * pSigma[i];
            }

            normPs = Math.Sqrt(normPs);
            int t = generation + 1;
            bool hSigma = normPs / Math.Sqrt(1 - Math.Pow(1 - cSigma, 2 * t)) < (1.4 + (2.0 / (n + 1))) * chiN;
            double ccFactor = Math.Sqrt(cc * (2 - cc) * muEff);
            for (int i = 0; i < n; i++)
            {
                pc[i] = ((1 - cc) * pc[i]) + (hSigma ? ccFactor * yw[i] : 0);
            }

            double delta = hSigma ? 0 : cc * (2 - cc);
            double keep = 1 + (c1 * delta) - c1 - cMu;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    double rankMu = 0;
                    for (int r = 0; r < mu; r++)
                    {
                        int k = order[r];
                        rankMu += w[r] * y[(k * n) + i] * y[(k * n) + j];
                    }

                    double v = (keep * c[i, j]) + (c1 * pc[i] * pc[j]) + (cMu * rankMu);
                    c[i, j] = v;
                    c[j, i] = v;
                }
            }

            sigma *= Math.Exp(cSigma / dSigma * ((normPs / chiN) - 1));

            // The O(n^3) eigendecomposition is refreshed only every 1 / ((c1 + c_mu) n 10) generations (Hansen's tutorial,
            // section B.2): C changes little per generation, so B and D stay accurate enough in between.
            if (generation + 1 - lastEigen >= eigenEvery)
            {
                lastEigen = generation + 1;
                SymmetricEigen.Decompose(c, d, b);
                for (int i = 0; i < n; i++)
                {
                    d[i] = Math.Sqrt(Math.Max(d[i], 1e-300));
                }
            }

            double maxD = 0;
            for (int i = 0; i < n; i++)
            {
                maxD = Math.Max(maxD, d[i]);
            }

            generation++;
            var step = new EvolutionProgress(generation, evaluations, bestValue, double.NaN, sigma);
            history.Add(step);
            progress?.Invoke(step);
            if (bestValue <= o.TargetValue)
            {
                reason = "target";
                break;
            }

            if (sigma * maxD < o.TolX)
            {
                reason = "tolx";
                break;
            }

            if (!double.IsFinite(sigma))
            {
                reason = "sigma diverged";
                break;
            }
        }

        return new EvolutionResult(best, bestValue, mean, evaluations, generation, history, reason);
    }

    private static double Worse(double v) => double.IsNaN(v) ? double.PositiveInfinity : v;
}
