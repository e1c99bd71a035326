using Lapicque.Numerics;

namespace Lapicque.Analysis;

/// <summary>
/// Synthetic activity of a driven branching process (Galton-Watson with immigration), the model behind the branching-ratio
/// estimators: each of the A(t) active units has Poisson(m) offspring and Poisson(h) units are activated from outside, so
/// A(t + 1) ~ Poisson(m A(t) + h). Stationary mean h / (1 - m) for m &lt; 1.
/// </summary>
public static class BranchingProcess
{
    /// <summary>
    /// Simulates <paramref name="steps"/> steps with branching ratio <paramref name="m"/> (&gt;= 0) and drive
    /// <paramref name="h"/> (&gt;= 0), starting from <paramref name="initial"/> (default: the stationary mean, rounded, when
    /// m &lt; 1, else h).
    /// </summary>
    public static long[] Simulate(double m, double h, int steps, Rng rng, long? initial = null)
    {
        Check.NonNegative(m, nameof(m));
        Check.NonNegative(h, nameof(h));
        Check.That(steps >= 0, nameof(steps), ">= 0", steps);
        ArgumentNullException.ThrowIfNull(rng);
        var a = new long[steps];
        if (steps == 0)
        {
            return a;
        }

        a[0] = initial ?? (long)Math.Round(m < 1 ? h / (1 - m) : h);
        for (int t = 1; t < steps; t++)
        {
            a[t] = RandomVariates.Poisson(rng, (m * a[t - 1]) + h);
        }

        return a;
    }

    /// <summary>
    /// Subsampling: each active unit is observed with probability <paramref name="fraction"/>, a(t) ~ Binomial(A(t), fraction),
    /// as when only some neurons of a network are recorded (Wilting and Priesemann 2018).
    /// </summary>
    public static long[] Subsample(ReadOnlySpan<long> activity, double fraction, Rng rng)
    {
        Check.InRange(fraction, 0, 1, nameof(fraction));
        ArgumentNullException.ThrowIfNull(rng);
        var a = new long[activity.Length];
        for (int t = 0; t < a.Length; t++)
        {
            a[t] = RandomVariates.Binomial(rng, activity[t], fraction);
        }

        return a;
    }
}
