namespace Lapicque.Encoding;

/// <summary>
/// Poisson rate coding: intensity x in [0, 1] sets a firing rate r = MaxRateHz * clamp(x, 0, 1), and each step of
/// DtMs fires with the probability that a Poisson process of rate r has at least one event in the step,
/// p = 1 - exp(-r * DtMs / 1000).
/// </summary>
/// <remarks>
/// With at most one spike per step the expected count over T steps is T p, slightly below the Poisson mean
/// r T DtMs / 1000; the relative shortfall is about r DtMs / 2000 (1 % at 20 Hz and 1 ms), so keep r DtMs well below
/// 1000. NaN intensities never fire. Sampling, streams and parallelism are those of <see cref="RateEncoder"/>.
/// </remarks>
public sealed record PoissonEncoder : ISpikeEncoder
{
    /// <summary>Firing rate in Hz of intensity 1 (finite, &gt;= 0). Default 100 Hz.</summary>
    public double MaxRateHz { get; init; } = 100.0;

    /// <summary>Time step in ms (&gt; 0). Default 1 ms.</summary>
    public double DtMs { get; init; } = 1.0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Check.NonNegative(MaxRateHz);
        Check.Positive(DtMs);
    }

    /// <summary>The spike probability per step for intensity <paramref name="intensity"/>.</summary>
    public double Probability(float intensity) => new Map(MaxRateHz * DtMs / 1000.0).Probability(intensity);

    /// <summary>The probability 1 - exp(-rateHz * dtMs / 1000) that a Poisson process has an event in one step.</summary>
    public static double StepProbability(double rateHz, double dtMs) => -double.ExpM1(-rateHz * dtMs / 1000.0);

    /// <inheritdoc/>
    public int OutputFeatures(int inputFeatures) => inputFeatures;

    /// <inheritdoc/>
    public void Encode(ReadOnlySpan<float> intensities, int batch, int steps, EncoderSeed seed, Span<float> destination)
    {
        Validate();
        EncodingArgs.CheckEncode(intensities.Length, batch, steps, destination.Length, 1);
        BernoulliBatch.Encode(new Map(MaxRateHz * DtMs / 1000.0), intensities, batch, steps, seed, destination);
    }

    private readonly struct Map(double eventsPerStepAtOne) : IProbabilityMap
    {
        public double Probability(float intensity) =>
            intensity > 0f ? -double.ExpM1(-eventsPerStepAtOne * Math.Min(intensity, 1f)) : 0.0;
    }
}
