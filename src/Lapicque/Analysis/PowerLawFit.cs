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
