namespace Lapicque.Analysis;

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
