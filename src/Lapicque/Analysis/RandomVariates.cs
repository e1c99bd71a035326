using Lapicque.Numerics;

namespace Lapicque.Analysis;

/// <summary>Discrete random variates for synthetic activity: Poisson and binomial counts drawn from an <see cref="Rng"/>.</summary>
public static class RandomVariates
{
    /// <summary>
    /// A Poisson(<paramref name="lambda"/>) count: multiplication of uniforms (Knuth) below 30, the transformed-rejection
    /// method PTRS (Hoermann, "The transformed rejection method for generating Poisson random variables", 1993) above.
    /// </summary>
    public static long Poisson(Rng rng, double lambda)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(lambda >= 0) || double.IsInfinity(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "lambda must be finite and >= 0.");
        }

        if (lambda == 0)
        {
            return 0;
        }

        if (lambda < 30)
        {
            double limit = Math.Exp(-lambda), product = rng.NextDouble();
            long k = 0;
            while (product > limit)
            {
                k++;
                product *= rng.NextDouble();
            }

            return k;
        }

        double slam = Math.Sqrt(lambda), logLam = Math.Log(lambda);
        double b = 0.931 + (2.53 * slam);
        double a = -0.059 + (0.02483 * b);
        double invAlpha = 1.1239 + (1.1328 / (b - 3.4));
        double vr = 0.9277 - (3.6224 / (b - 2));
        while (true)
        {
            double u = rng.NextDouble() - 0.5;
            double v = rng.NextDouble();
            double us = 0.5 - Math.Abs(u);
            double kd = Math.Floor((((2 * a / us) + b) * u) + lambda + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return (long)kd;
            }

            if (kd < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log((a / (us * us)) + b) <= -lambda + (kd * logLam) - LogFactorial((long)kd))
            {
                return (long)kd;
            }
        }
    }

    /// <summary>
    /// A Binomial(<paramref name="n"/>, <paramref name="p"/>) count by geometric waiting times between successes (Devroye 1986,
    /// X.4): cost proportional to n p rather than n.
    /// </summary>
    public static long Binomial(Rng rng, long n, double p)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (n < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be >= 0.");
        }

        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in [0, 1].");
        }

        if (p == 0 || n == 0)
        {
            return 0;
        }

        if (p == 1)
        {
            return n;
        }

        if (p > 0.5)
        {
            return n - Binomial(rng, n, 1 - p);
        }

        double logQ = Math.Log(1 - p);
        long count = 0, position = 0;
        while (true)
        {
            // Trials up to and including the next success: Geometric(p) on {1, 2, ...}.
            position += 1 + (long)Math.Floor(Math.Log(1 - rng.NextDouble()) / logQ);
            if (position > n)
            {
                return count;
            }

            count++;
        }
    }

    /// <summary>ln(k!) exactly summed below 256, by Stirling's series above.</summary>
    public static double LogFactorial(long k)
    {
        if (k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be >= 0.");
        }

        if (k < LogFactorials.Length)
        {
            return LogFactorials[k];
        }

        double x = k + 1.0;
        double inv = 1.0 / x, inv2 = inv * inv;
        return ((x - 0.5) * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI)) + (inv * ((1.0 / 12) - (inv2 * ((1.0 / 360) - (inv2 / 1260)))));
    }

    private static readonly double[] LogFactorials = BuildLogFactorials();

    private static double[] BuildLogFactorials()
    {
        var t = new double[256];
        for (int i = 1; i < t.Length; i++)
        {
            t[i] = t[i - 1] + Math.Log(i);
        }

        return t;
    }
}
