using Lapicque.Numerics;

namespace Lapicque.Analysis;

/// <summary>
/// Power-law fitting after Clauset, Shalizi and Newman, "Power-law distributions in empirical data", SIAM Review 51, 2009.
/// </summary>
/// <remarks>
/// <para>Continuous law p(x) = (alpha - 1) / x_min (x / x_min)^-alpha for x &gt;= x_min, with the closed-form maximum
/// likelihood alpha = 1 + n / sum ln(x_i / x_min). Discrete law p(x) = x^-alpha / zeta(alpha, x_min) on integers x &gt;= x_min
/// (zeta the Hurwitz zeta function), alpha maximising -n ln zeta(alpha, x_min) - alpha sum ln x_i numerically.</para>
/// <para>x_min is the candidate minimising the Kolmogorov-Smirnov distance D = max |S(x) - P(x)| between the empirical and
/// fitted CDFs of the tail. The goodness of fit is a semi-parametric bootstrap: each synthetic sample of size n draws, with
/// probability n_tail / n, from the fitted law above x_min and otherwise uniformly from the observations below x_min; it is
/// refitted the same way (x_min included) and p is the fraction of synthetic D at least the observed D. p &lt;= 0.1 rules the
/// power law out.</para>
/// </remarks>
public static class PowerLaw
{
    /// <summary>Fits the continuous law, choosing x_min by the KS distance.</summary>
    public static PowerLawFit FitContinuous(ReadOnlySpan<double> data, PowerLawOptions? options = null)
    {
        options ??= new PowerLawOptions();
        options.Validate();
        var x = SortedPositive(data);
        return Scan(x, false, options);
    }

    /// <summary>Fits the continuous law above a given x_min (&gt; 0).</summary>
    public static PowerLawFit FitContinuous(ReadOnlySpan<double> data, double xMin)
    {
        Check.Positive(xMin, nameof(xMin));
        var x = SortedPositive(data);
        return FitAt(x, LowerBound(x, xMin), xMin, false, 6);
    }

    /// <summary>Fits the discrete law to positive integers, choosing x_min by the KS distance.</summary>
    public static PowerLawFit FitDiscrete(ReadOnlySpan<long> data, PowerLawOptions? options = null)
    {
        options ??= new PowerLawOptions();
        options.Validate();
        return Scan(SortedIntegers(data), true, options);
    }

    /// <summary>Fits the discrete law above a given integer x_min (&gt;= 1).</summary>
    public static PowerLawFit FitDiscrete(ReadOnlySpan<long> data, long xMin, double maxAlpha = 6)
    {
        Check.That(xMin >= 1, nameof(xMin), ">= 1", xMin);
        var x = SortedIntegers(data);
        return FitAt(x, LowerBound(x, xMin), xMin, true, maxAlpha);
    }

    /// <summary>Adds the semi-parametric bootstrap p-value to a continuous fit of <paramref name="data"/>.</summary>
    public static PowerLawFit GoodnessOfFit(ReadOnlySpan<double> data, PowerLawFit fit, PowerLawOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Bootstrap(SortedPositive(data), fit, options ?? new PowerLawOptions());
    }

    /// <summary>Adds the semi-parametric bootstrap p-value to a discrete fit of <paramref name="data"/>.</summary>
    public static PowerLawFit GoodnessOfFit(ReadOnlySpan<long> data, PowerLawFit fit, PowerLawOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return Bootstrap(SortedIntegers(data), fit, options ?? new PowerLawOptions());
    }

    /// <summary>Draws <paramref name="count"/> values from the continuous law by inverse transform: x = x_min (1 - u)^(-1 / (alpha - 1)).</summary>
    public static double[] SampleContinuous(double alpha, double xMin, int count, Rng rng)
    {
        Check.That(alpha > 1, nameof(alpha), "> 1", alpha);
        Check.Positive(xMin, nameof(xMin));
        ArgumentNullException.ThrowIfNull(rng);
        var x = new double[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = xMin * Math.Pow(1 - rng.NextDouble(), -1 / (alpha - 1));
        }

        return x;
    }

    /// <summary>
    /// Draws <paramref name="count"/> integers from the discrete law by inverse transform on the exact survival function
    /// P(X &gt;= x) = zeta(alpha, x) / zeta(alpha, x_min), tabulated for the first 10^4 values; beyond the table (probability
    /// below the table's last survival) the continuous approximation x = floor((x0 - 1/2) (u / S0)^(-1/(alpha - 1)) + 1/2) is used.
    /// </summary>
    public static long[] SampleDiscrete(double alpha, long xMin, int count, Rng rng)
    {
        Check.That(alpha > 1, nameof(alpha), "> 1", alpha);
        Check.That(xMin >= 1, nameof(xMin), ">= 1", xMin);
        ArgumentNullException.ThrowIfNull(rng);
        var sampler = new DiscreteSampler(alpha, xMin);
        var x = new long[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = sampler.Next(rng);
        }

        return x;
    }

    /// <summary>
    /// The Hurwitz zeta function zeta(s, q) = sum_{k &gt;= 0} (q + k)^-s for s &gt; 1, q &gt; 0, by Euler-Maclaurin summation
    /// (nine direct terms, seven Bernoulli corrections; relative error near machine precision).
    /// </summary>
    public static double HurwitzZeta(double s, double q)
    {
        Check.That(s > 1, nameof(s), "> 1", s);
        Check.Positive(q, nameof(q));
        const int n = 9;
        double sum = 0;
        for (int k = 0; k < n; k++)
        {
            sum += Math.Pow(q + k, -s);
        }

        double a = q + n;
        double aPow = Math.Pow(a, -s);
        sum += (a * aPow / (s - 1)) + (0.5 * aPow);

        // Terms B_2j / (2j)! s (s + 1) ... (s + 2j - 2) a^(-s - 2j + 1).
        double rising = s, term = aPow / a, inv2 = 1 / (a * a);
        for (int j = 1; j <= BernoulliOverFactorial.Length; j++)
        {
            sum += BernoulliOverFactorial[j - 1] * rising * term;
            rising *= (s + (2 * j) - 1) * (s + (2 * j));
            term *= inv2;
        }

        return sum;
    }

    // B_2j / (2j)! for j = 1..7.
    private static readonly double[] BernoulliOverFactorial =
    [
        1.0 / 6 / 2,
        -1.0 / 30 / 24,
        1.0 / 42 / 720,
        -1.0 / 30 / 40320,
        5.0 / 66 / 3628800,
        -691.0 / 2730 / 479001600,
        7.0 / 6 / 87178291200,
    ];

    private static double[] SortedPositive(ReadOnlySpan<double> data)
    {
        var x = data.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            if (!(x[i] > 0) || double.IsInfinity(x[i]))
            {
                throw new ArgumentException($"data[{i}] must be > 0 and finite; was {Check.Format(x[i])}.", nameof(data));
            }
        }

        Array.Sort(x);
        return x;
    }

    private static double[] SortedIntegers(ReadOnlySpan<long> data)
    {
        var x = new double[data.Length];
        for (int i = 0; i < x.Length; i++)
        {
            if (data[i] < 1)
            {
                throw new ArgumentException($"data[{i}] must be >= 1; was {data[i]}.", nameof(data));
            }

            x[i] = data[i];
        }

        Array.Sort(x);
        return x;
    }

    // First index of sorted x with x[i] >= value.
    private static int LowerBound(double[] x, double value)
    {
        int lo = 0, hi = x.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (x[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    // Scans x_min over distinct values that leave at least MinTail observations; keeps the smallest KS distance.
    private static PowerLawFit Scan(double[] x, bool discrete, PowerLawOptions o)
    {
        if (x.Length < o.MinTail)
        {
            throw new ArgumentException($"data has {x.Length} values; a fit needs at least MinTail = {o.MinTail}.", "data");
        }

        var starts = new List<int>();
        for (int i = 0; i <= x.Length - o.MinTail; i++)
        {
            if (i == 0 || x[i] != x[i - 1])
            {
                starts.Add(i);
            }
        }

        // Need at least two distinct values in the tail for a fit: drop candidates whose tail is one repeated value.
        starts.RemoveAll(i => x[i] == x[^1]);
        if (starts.Count == 0)
        {
            throw new ArgumentException("data has fewer than two distinct values in every admissible tail; no power law can be fitted.", "data");
        }

        int c = starts.Count;
        int used = Math.Min(c, o.MaxCandidates);
        PowerLawFit? best = null;
        for (int j = 0; j < used; j++)
        {
            int idx = used == 1 ? 0 : (int)Math.Round(j * (c - 1) / (double)(used - 1));
            int i0 = starts[idx];
            var fit = FitAt(x, i0, x[i0], discrete, o.MaxAlpha);
            if (best is null || fit.KsDistance < best.KsDistance)
            {
                best = fit;
            }
        }

        return best!;
    }

    // Fits the tail x[i0..] at x_min and measures its KS distance.
    private static PowerLawFit FitAt(double[] x, int i0, double xMin, bool discrete, double maxAlpha)
    {
        int n = x.Length - i0;
        if (n < 2)
        {
            throw new ArgumentException($"Only {n} value(s) at or above x_min = {Check.Format(xMin)}; a fit needs at least 2.", nameof(xMin));
        }

        double sumLog = 0;
        for (int i = i0; i < x.Length; i++)
        {
            sumLog += Math.Log(x[i]);
        }

        double ks = 0, alpha;
        if (!discrete)
        {
            double s = sumLog - (n * Math.Log(xMin));
            alpha = s > 0 ? 1 + (n / s) : double.PositiveInfinity;
            for (int j = 0; j < n; j++)
            {
                double f = 1 - Math.Pow(x[i0 + j] / xMin, 1 - alpha);
                ks = Math.Max(ks, Math.Max(Math.Abs(f - (j / (double)n)), Math.Abs(f - ((j + 1) / (double)n))));
            }
        }
        else
        {
            double mean = sumLog / n;
            alpha = BranchingRatio.GoldenSection(a => Math.Log(HurwitzZeta(a, xMin)) + (a * mean), 1 + 1e-6, maxAlpha, 1e-7);
            double z0 = HurwitzZeta(alpha, xMin);
            for (int j = 0; j < n; j++)
            {
                // The empirical CDF at a distinct value counts every observation equal to it.
                if (j + 1 < n && x[i0 + j + 1] == x[i0 + j])
                {
                    continue;
                }

                double f = 1 - (HurwitzZeta(alpha, x[i0 + j] + 1) / z0);
                ks = Math.Max(ks, Math.Abs(f - ((j + 1) / (double)n)));
            }
        }

        return new PowerLawFit(alpha, xMin, n, x.Length, ks, (alpha - 1) / Math.Sqrt(n), discrete);
    }

    private static PowerLawFit Bootstrap(double[] x, PowerLawFit fit, PowerLawOptions o)
    {
        o.Validate();
        int n = x.Length;
        int below = LowerBound(x, fit.XMin);

        double pTail = (n - below) / (double)n;
        var ks = new double[o.Replicates];
        var sampler = fit.Discrete ? new DiscreteSampler(fit.Alpha, (long)fit.XMin) : null;
        Parallelism.For(o.Replicates, 1, (start, end) =>
        {
            for (int r = start; r < end; r++)
            {
                var rng = Rng.ForStream(o.Seed, (ulong)r);
                var y = new double[n];
                for (int i = 0; i < n; i++)
                {
                    if (below == 0 || rng.NextDouble() < pTail)
                    {
                        y[i] = sampler is null
                            ? fit.XMin * Math.Pow(1 - rng.NextDouble(), -1 / (fit.Alpha - 1))
                            : sampler.Next(rng);
                    }
                    else
                    {
                        y[i] = x[rng.NextInt(below)];
                    }
                }

                Array.Sort(y);
                try
                {
                    ks[r] = Scan(y, fit.Discrete, o).KsDistance;
                }
                catch (ArgumentException)
                {
                    // A synthetic sample too degenerate to fit counts as fitting worse than the data.
                    ks[r] = double.PositiveInfinity;
                }
            }
        });

        int atLeast = 0;
        foreach (double d in ks)
        {
            if (d >= fit.KsDistance)
            {
                atLeast++;
            }
        }

        return fit with { PValue = atLeast / (double)o.Replicates, Replicates = o.Replicates };
    }

    // Exact inverse-transform sampling of the discrete law from a table of survival probabilities.
    private sealed class DiscreteSampler
    {
        private const int TableLength = 10_000;
        private readonly double[] _survival = new double[TableLength];
        private readonly double _alpha;
        private readonly long _xMin;

        public DiscreteSampler(double alpha, long xMin)
        {
            _alpha = alpha;
            _xMin = xMin;

            // S(x) = zeta(alpha, x) / zeta(alpha, x_min); zeta(alpha, x + 1) = zeta(alpha, x) - x^-alpha.
            double z0 = HurwitzZeta(alpha, xMin);
            _survival[0] = 1;
            for (int k = 1; k < TableLength; k++)
            {
                _survival[k] = HurwitzZeta(alpha, xMin + k) / z0;
            }
        }

        public long Next(Rng rng)
        {
            double u = 1 - rng.NextDouble(); // in (0, 1]
            if (u < _survival[^1])
            {
                double x0 = _xMin + TableLength - 1;
                double x = Math.Floor(((x0 - 0.5) * Math.Pow(u / _survival[^1], -1 / (_alpha - 1))) + 0.5);
                return x >= long.MaxValue / 2 ? long.MaxValue / 2 : Math.Max((long)x, (long)x0);
            }

            // Largest k with S(x_min + k) >= u.
            int lo = 0, hi = TableLength - 1;
            while (lo < hi)
            {
                int mid = (lo + hi + 1) / 2;
                if (_survival[mid] >= u)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return _xMin + lo;
        }
    }
}
