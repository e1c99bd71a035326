namespace Lapicque.Learning.Evolution;

/// <summary>Settings of <see cref="CmaEs"/>; the strategy parameters not listed take Hansen's defaults.</summary>
public sealed record CmaEsOptions
{
    /// <summary>Initial step size sigma_0, in parameter units (about a quarter of the search range). Default 0.5.</summary>
    public double InitialSigma { get; init; } = 0.5;

    /// <summary>Offspring per generation; null gives Hansen's default 4 + floor(3 ln n).</summary>
    public int? PopulationSize { get; init; }

    /// <summary>Generations at most. Default 10,000.</summary>
    public int MaxGenerations { get; init; } = 10_000;

    /// <summary>Objective evaluations at most (the run stops before a generation that would exceed it). Default unlimited.</summary>
    public long MaxEvaluations { get; init; } = long.MaxValue;

    /// <summary>Stop once the best value is at or below this. Default negative infinity (never).</summary>
    public double TargetValue { get; init; } = double.NegativeInfinity;

    /// <summary>Stop when sigma times the largest axis of the distribution is below this. Default 1e-12.</summary>
    public double TolX { get; init; } = 1e-12;

    /// <summary>Seed; candidate k of generation g draws from Rng.ForStream(Seed, g * 2^32 + k).</summary>
    public ulong Seed { get; init; }

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        Check.Positive(InitialSigma);
        if (PopulationSize is { } l)
        {
            Check.That(l >= 2, nameof(PopulationSize), ">= 2", l);
        }

        Check.That(MaxGenerations >= 1, nameof(MaxGenerations), ">= 1", MaxGenerations);
        Check.That(MaxEvaluations >= 1, nameof(MaxEvaluations), ">= 1", MaxEvaluations);
        Check.NonNegative(TolX);
    }
}
