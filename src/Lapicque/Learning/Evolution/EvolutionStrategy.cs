using Lapicque.Numerics;

namespace Lapicque.Learning.Evolution;

/// <summary>
/// Natural evolution strategy as in Salimans, Ho, Chen, Sidor and Sutskever, "Evolution strategies as a scalable alternative
/// to reinforcement learning" (2017): antithetic Gaussian perturbations, rank-based fitness shaping and a first-order optimiser
/// on the estimated gradient. Suited to many parameters and noisy objectives; for small parameter counts <see cref="CmaEs"/>
/// converges much faster.
/// </summary>
/// <remarks>
/// Each generation draws eps_j ~ N(0, I) for j = 1..P and evaluates f(x + sigma eps_j) and f(x - sigma eps_j). The 2P values
/// are replaced by centred ranks u in [-1/2, 1/2] (lowest value -1/2), which makes the update invariant to monotone
/// transformations of f and robust to outliers. The gradient estimate is g = 1 / (2 P sigma) sum_j (u_j+ - u_j-) eps_j
/// (+ weight decay x), applied by SGD or Adam. Candidates are evaluated in parallel; each perturbation comes from its own
/// random stream and ties are broken by candidate index, so a seed gives the same result whatever the thread count.
/// </remarks>
public sealed class EvolutionStrategy
{
    /// <summary>Creates the optimiser.</summary>
    public EvolutionStrategy(EvolutionStrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The settings.</summary>
    public EvolutionStrategyOptions Options { get; }

    /// <summary>Minimises <paramref name="objective"/> from <paramref name="start"/>; <paramref name="progress"/> is called after each generation.</summary>
    public EvolutionResult Minimize(Objective objective, ReadOnlySpan<double> start, Action<EvolutionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        Check.That(start.Length >= 1, "start.Length", ">= 1", start.Length);
        var o = Options;
        int n = start.Length, pairs = o.Pairs, lambda = 2 * pairs;
        var x = start.ToArray();
        var noise = new double[pairs * n];
        var values = new double[lambda];
        var order = new int[lambda];
        var utility = new double[lambda];
        var g = new double[n];
        var m1 = new double[n];
        var m2 = new double[n];
        var best = x.ToArray();
        double bestValue = double.PositiveInfinity;
        long evaluations = 0;
        var history = new List<EvolutionProgress>();
        string reason = "generations";
        int generation = 0;
        while (generation < o.MaxGenerations)
        {
            if (evaluations + lambda + (o.EvaluateCenter ? 1 : 0) > o.MaxEvaluations)
            {
                reason = "evaluations";
                break;
            }

            int gen = generation;
            var center = x;
            Parallelism.For(pairs, 1, (a, b) =>
            {
                var candidate = new double[n];
                for (int j = a; j < b; j++)
                {
                    var eps = noise.AsSpan(j * n, n);
                    var rng = Rng.ForStream(o.Seed, ((ulong)gen << 32) | (uint)j);
                    for (int i = 0; i < n; i++)
                    {
                        eps[i] = rng.NextNormal();
                    }

                    for (int i = 0; i < n; i++)
                    {
                        candidate[i] = center[i] + (o.Sigma * eps[i]);
                    }

                    values[2 * j] = objective(candidate);
                    for (int i = 0; i < n; i++)
                    {
                        candidate[i] = center[i] - (o.Sigma * eps[i]);
                    }

                    values[(2 * j) + 1] = objective(candidate);
                }
            });
            evaluations += lambda;

            for (int k = 0; k < lambda; k++)
            {
                order[k] = k;
                if (values[k] < bestValue)
                {
                    bestValue = values[k];
                    double sign = k % 2 == 0 ? 1 : -1;
                    for (int i = 0; i < n; i++)
                    {
                        best[i] = x[i] + (sign * o.Sigma * noise[((k / 2) * n) + i]);
                    }
                }
            }

            // Centred ranks; NaN sorts last (worst), ties by index.
            Array.Sort(order, (p, q) =>
            {
                int c = Worse(values[p]).CompareTo(Worse(values[q]));
                return c != 0 ? c : p.CompareTo(q);
            });
            for (int r = 0; r < lambda; r++)
            {
                utility[order[r]] = lambda == 1 ? 0 : (r / (double)(lambda - 1)) - 0.5;
            }

            Array.Clear(g);
            for (int j = 0; j < pairs; j++)
            {
                double w = utility[2 * j] - utility[(2 * j) + 1];
                for (int i = 0; i < n; i++)
                {
                    g[i] += w * noise[(j * n) + i];
                }
            }

            double scale = 1.0 / (lambda * o.Sigma);
            for (int i = 0; i < n; i++)
            {
                g[i] = (g[i] * scale) + (o.WeightDecay * x[i]);
            }

            int t = generation + 1;
            if (o.Optimizer == EsOptimizer.Sgd)
            {
                for (int i = 0; i < n; i++)
                {
                    x[i] -= o.LearningRate * g[i];
                }
            }
            else
            {
                const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
                double c1 = 1 - Math.Pow(beta1, t), c2 = 1 - Math.Pow(beta2, t);
                for (int i = 0; i < n; i++)
                {
                    m1[i] = (beta1 * m1[i]) + ((1 - beta1) * g[i]);
                    m2[i] = (beta2 * m2[i]) + ((1 - beta2) * g[i] * g[i]);
                    x[i] -= o.LearningRate * (m1[i] / c1) / (Math.Sqrt(m2[i] / c2) + epsilon);
                }
            }

            double centerValue = double.NaN;
            if (o.EvaluateCenter)
            {
                centerValue = objective(x);
                evaluations++;
                if (centerValue < bestValue)
                {
                    bestValue = centerValue;
                    Array.Copy(x, best, n);
                }
            }

            generation++;
            var step = new EvolutionProgress(generation, evaluations, bestValue, centerValue, o.Sigma);
            history.Add(step);
            progress?.Invoke(step);
            if (bestValue <= o.TargetValue)
            {
                reason = "target";
                break;
            }
        }

        return new EvolutionResult(best, bestValue, x, evaluations, generation, history, reason);
    }

    private static double Worse(double v) => double.IsNaN(v) ? double.PositiveInfinity : v;
}
