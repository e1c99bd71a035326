namespace Lapicque.Encoding;

/// <summary>
/// Bernoulli rate coding (snnTorch's spikegen.rate): at every step each neuron fires independently with probability
/// p = clamp(Gain * x, 0, 1), so its expected count over T steps is T p.
/// </summary>
/// <remarks>
/// Output has one neuron per input feature. NaN intensities never fire. Probabilities are resolved to 2^-32
/// (see <see cref="Bernoulli"/>); the per-step work is one 32-bit comparison per neuron, parallel over the batch
/// with one random stream per sample (<see cref="EncoderSeed"/>), and the call allocates nothing when it runs on one
/// thread. Each sample's bits come from four interleaved xoshiro256** generators seeded from its stream, so they
/// are the same on every machine whatever its vector width or thread count.
/// </remarks>
public sealed record RateEncoder : ISpikeEncoder
{
    /// <summary>Multiplies the intensity before clamping to a probability (dimensionless, finite, &gt;= 0). Default 1.</summary>
    public double Gain { get; init; } = 1.0;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate() => Check.NonNegative(Gain);

    /// <summary>The spike probability per step for intensity <paramref name="intensity"/>.</summary>
    public double Probability(float intensity) => new Map((float)Gain).Probability(intensity);

    /// <inheritdoc/>
    public int OutputFeatures(int inputFeatures) => inputFeatures;

    /// <inheritdoc/>
    public void Encode(ReadOnlySpan<float> intensities, int batch, int steps, EncoderSeed seed, Span<float> destination)
    {
        Validate();
        EncodingArgs.CheckEncode(intensities.Length, batch, steps, destination.Length, 1);
        BernoulliBatch.Encode(new Map((float)Gain), intensities, batch, steps, seed, destination);
    }

    private readonly struct Map(float gain) : IProbabilityMap
    {
        public double Probability(float intensity) => Math.Clamp(gain * intensity, 0f, 1f);
    }
}
