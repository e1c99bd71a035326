namespace Lapicque.Analysis;

/// <summary>
/// A power law p(x) ~ x^-Alpha fitted to the tail x &gt;= XMin of a sample by maximum likelihood (Clauset, Shalizi and
/// Newman 2009).
/// </summary>
/// <param name="Alpha">The exponent (&gt; 1).</param>
/// <param name="XMin">Lower bound of the power-law tail.</param>
/// <param name="TailCount">Observations at or above XMin.</param>
/// <param name="SampleCount">All observations.</param>
/// <param name="KsDistance">Kolmogorov-Smirnov distance between the tail and the fitted law.</param>
/// <param name="StandardError">Asymptotic standard error of Alpha, (Alpha - 1) / sqrt(TailCount).</param>
/// <param name="Discrete">True for the discrete (zeta) law on integers, false for the continuous (Pareto) law.</param>
public sealed record PowerLawFit(double Alpha, double XMin, int TailCount, int SampleCount, double KsDistance, double StandardError, bool Discrete)
{
    /// <summary>Goodness-of-fit p-value from the bootstrap (NaN until <see cref="PowerLaw.GoodnessOfFit(ReadOnlySpan{double}, PowerLawFit, PowerLawOptions?)"/>).</summary>
    public double PValue { get; init; } = double.NaN;

    /// <summary>Bootstrap replicates behind <see cref="PValue"/>.</summary>
    public int Replicates { get; init; }
}

/// <summary>Settings of power-law fitting.</summary>
public sealed record PowerLawOptions
{
    /// <summary>Smallest tail (observations &gt;= x_min) an x_min candidate must leave. Default 10.</summary>
    public int MinTail { get; init; } = 10;

    /// <summary>Most x_min candidates scanned; with more distinct values, evenly spaced ones are used. Default 100.</summary>
    public int MaxCandidates { get; init; } = 100;

    /// <summary>Largest exponent searched by the discrete fit. Default 6.</summary>
    public double MaxAlpha { get; init; } = 6;

    /// <summary>Bootstrap replicates of the goodness-of-fit test (Clauset et al. suggest 2500 for p to within 0.01). Default 200.</summary>
    public int Replicates { get; init; } = 200;

    /// <summary>Seed of the bootstrap; replicate r draws from Rng.ForStream(Seed, r), so p does not depend on the thread count.</summary>
    public ulong Seed { get; init; }

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        Check.That(MinTail >= 2, nameof(MinTail), ">= 2", MinTail);
        Check.That(MaxCandidates >= 1, nameof(MaxCandidates), ">= 1", MaxCandidates);
        Check.That(MaxAlpha > 1 && double.IsFinite(MaxAlpha), nameof(MaxAlpha), "> 1 and finite", MaxAlpha);
        Check.That(Replicates >= 1, nameof(Replicates), ">= 1", Replicates);
    }
}
