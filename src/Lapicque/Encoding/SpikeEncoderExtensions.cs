using Lapicque.Numerics;

namespace Lapicque.Encoding;

/// <summary>Tensor forms of the encoders: intensities [B, ...] (features flattened) to spikes [T, B, N'].</summary>
public static class SpikeEncoderExtensions
{
    /// <summary>Encodes <paramref name="intensities"/> ([B, ...], rank &gt;= 1; rank 1 means one feature per sample) into a new [steps, B, N'] tensor.</summary>
    public static Tensor Encode(this ISpikeEncoder encoder, Tensor intensities, int steps, EncoderSeed seed)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        int batch = Batch(intensities);
        EncodingArgs.Positive(steps, nameof(steps));
        int features = batch == 0 ? 0 : intensities.Length / batch;
        var destination = new Tensor(steps, batch, encoder.OutputFeatures(features));
        encoder.Encode(intensities.Span, batch, steps, seed, destination.Span);
        return destination;
    }

    /// <summary>Encodes <paramref name="intensities"/> ([B, ...]) into <paramref name="destination"/> ([T, B, ...] with T * B * N' elements).</summary>
    public static void Encode(this ISpikeEncoder encoder, Tensor intensities, EncoderSeed seed, Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(destination);
        int batch = Batch(intensities);
        if (destination.Rank < 2 || destination.Dim(1) != batch)
        {
            throw new ArgumentException($"destination has shape {destination.ShapeText}; expected [T, {batch}, ...].", nameof(destination));
        }

        encoder.Encode(intensities.Span, batch, destination.Dim(0), seed, destination.Span);
    }

    /// <summary>Delta-encodes <paramref name="signal"/> ([T, B, ...], features flattened) into a new [T, B, 2N] tensor.</summary>
    public static Tensor Encode(this DeltaEncoder encoder, Tensor signal)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.Rank < 2)
        {
            throw new ArgumentException($"signal has shape {signal.ShapeText}; expected [T, B, ...] (rank >= 2).", nameof(signal));
        }

        int steps = signal.Dim(0), batch = signal.Dim(1);
        int features = steps * batch == 0 ? 0 : signal.Length / (steps * batch);
        var destination = new Tensor(steps, batch, DeltaEncoder.OutputFeatures(features));
        encoder.Encode(signal.Span, steps, batch, destination.Span);
        return destination;
    }

    private static int Batch(Tensor intensities)
    {
        ArgumentNullException.ThrowIfNull(intensities);
        if (intensities.Rank < 1)
        {
            throw new ArgumentException($"intensities has shape {intensities.ShapeText}; expected [B, ...] (rank >= 1).", nameof(intensities));
        }

        return intensities.Dim(0);
    }
}
