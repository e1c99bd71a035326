using System.Buffers;
using System.Numerics.Tensors;

namespace Lapicque.Encoding;

/// <summary>
/// Population coding with Gaussian receptive fields (Bohte et al. 2002): each input feature drives
/// <see cref="NeuronsPerFeature"/> neurons whose preferred values (centres) span [Min, Max]; neuron j of feature i
/// responds r_ij = exp(-(x_i - c_j)^2 / (2 Sigma^2)), in (0, 1]. The responses are then spike-coded by
/// <see cref="Inner"/>: with a rate encoder the neuron nearest the value fires most, with a latency encoder it fires first.
/// </summary>
/// <remarks>
/// Centres: c_j = Min + j (Max - Min) / (M - 1) for M &gt;= 2, and the midpoint for M = 1. Output layout per sample:
/// feature i's M neurons are contiguous, neuron index i * M + j, so OutputFeatures(N) = Inner.OutputFeatures(N * M).
/// <see cref="Responses"/> exposes the receptive-field activations themselves, for use as input currents.
/// The seed is passed on to <see cref="Inner"/> unchanged. Encode rents one scratch buffer of B * N * M floats from
/// the shared array pool.
/// </remarks>
public sealed record PopulationEncoder : ISpikeEncoder
{
    /// <summary>Receptive fields per input feature, M (&gt;= 1). Default 8.</summary>
    public int NeuronsPerFeature { get; init; } = 8;

    /// <summary>Centre of the first receptive field, in input units (finite, &lt; Max). Default 0.</summary>
    public double Min { get; init; }

    /// <summary>Centre of the last receptive field, in input units (finite, &gt; Min). Default 1.</summary>
    public double Max { get; init; } = 1.0;

    /// <summary>
    /// Standard deviation of each field in input units (&gt; 0), or null for the spacing between centres
    /// ((Max - Min) / (M - 1); (Max - Min) / 2 when M = 1), where neighbouring fields cross at exp(-1/8) = 0.88.
    /// </summary>
    public double? Sigma { get; init; }

    /// <summary>The encoder that turns responses in (0, 1] into spikes. Default: a <see cref="RateEncoder"/> with gain 1.</summary>
    public ISpikeEncoder Inner { get; init; } = new RateEncoder();

    /// <summary>The width actually used: <see cref="Sigma"/> or its default.</summary>
    public double EffectiveSigma => Sigma ?? (NeuronsPerFeature > 1 ? (Max - Min) / (NeuronsPerFeature - 1) : (Max - Min) / 2.0);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Check.That(NeuronsPerFeature >= 1, nameof(NeuronsPerFeature), ">= 1", NeuronsPerFeature);
        Check.Finite(Min);
        Check.Finite(Max);
        Check.That(Max > Min, nameof(Max), $"> Min ({Check.Format(Min)})", Max);
        if (Sigma is double sigma)
        {
            Check.Positive(sigma, nameof(Sigma));
        }

        if (Inner is null)
        {
            throw new ArgumentException("Inner must be an ISpikeEncoder; was null.", nameof(Inner));
        }
    }

    /// <summary>The centre c_j of receptive field <paramref name="j"/>, in input units.</summary>
    public double Centre(int j)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(j, NeuronsPerFeature);
        return NeuronsPerFeature > 1 ? Min + (j * (Max - Min) / (NeuronsPerFeature - 1)) : 0.5 * (Min + Max);
    }

    /// <summary>
    /// Receptive-field responses: destination[i * M + j] = exp(-(values[i] - c_j)^2 / (2 sigma^2)). Any batch layout
    /// works, since each value is expanded on its own; destination.Length must be values.Length * M.
    /// </summary>
    public void Responses(ReadOnlySpan<float> values, Span<float> destination)
    {
        Validate();
        int m = NeuronsPerFeature;
        if (destination.Length != (long)values.Length * m)
        {
            throw new ArgumentException(
                $"destination.Length was {destination.Length}; expected values.Length * NeuronsPerFeature = {values.Length} * {m} = {(long)values.Length * m}.",
                nameof(destination));
        }

        double step = m > 1 ? (Max - Min) / (m - 1) : 0.0;
        double first = m > 1 ? Min : 0.5 * (Min + Max);
        double sigma = EffectiveSigma;
        double inverseTwoVariance = 1.0 / (2.0 * sigma * sigma);
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            Span<float> row = destination.Slice(i * m, m);
            for (int j = 0; j < m; j++)
            {
                double d = x - (first + (j * step));
                row[j] = (float)(-d * d * inverseTwoVariance);
            }
        }

        // One vectorised exponential over all exponents; its approximation can return 1 + 1 ulp at 0, so cap at 1.
        TensorPrimitives.Exp(destination, destination);
        TensorPrimitives.Min(destination, 1f, destination);
    }

    /// <inheritdoc/>
    public int OutputFeatures(int inputFeatures) => Inner.OutputFeatures(checked(inputFeatures * NeuronsPerFeature));

    /// <inheritdoc/>
    public void Encode(ReadOnlySpan<float> intensities, int batch, int steps, EncoderSeed seed, Span<float> destination)
    {
        Validate();
        int features = EncodingArgs.CheckBatch(intensities.Length, batch, "intensities");
        EncodingArgs.Positive(steps, "steps");
        EncodingArgs.CheckDestination(destination.Length, steps, batch, OutputFeatures(features));

        int length = checked(intensities.Length * NeuronsPerFeature);
        float[] scratch = ArrayPool<float>.Shared.Rent(length);
        try
        {
            Span<float> responses = scratch.AsSpan(0, length);
            Responses(intensities, responses);
            Inner.Encode(responses, batch, steps, seed, destination);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }
}
