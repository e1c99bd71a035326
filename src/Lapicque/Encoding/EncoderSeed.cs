using Lapicque.Numerics;

namespace Lapicque.Encoding;

/// <summary>
/// Where a stochastic encoder takes its random bits from: sample b of a call draws from
/// <c>Rng.ForStream(Seed, FirstSample + b)</c>.
/// </summary>
/// <remarks>
/// How a caller supplies seeds: give every sample that will ever be encoded its own stream number. A training loop
/// uses <see cref="ForEpoch"/> with its run seed, the epoch and the position of the batch's first sample in the epoch
/// (batchIndex * batchSize), so that every sample of every epoch sees fresh, reproducible spikes whatever the thread
/// count, and a resumed run reproduces them exactly. A one-off call may use <see cref="From(Rng)"/>, which draws the
/// seed from a generator the caller keeps.
/// </remarks>
/// <param name="Seed">The 64-bit seed shared by all streams of the call.</param>
/// <param name="FirstSample">The stream number of sample 0 of the call.</param>
public readonly record struct EncoderSeed(ulong Seed, ulong FirstSample = 0)
{
    /// <summary>A seed drawn from <paramref name="rng"/> (one 64-bit draw), with streams starting at 0.</summary>
    public static EncoderSeed From(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return new EncoderSeed(rng.NextUInt64(), 0);
    }

    /// <summary>
    /// The seed for epoch <paramref name="epoch"/> of a run seeded with <paramref name="runSeed"/>, whose batch
    /// starts at position <paramref name="firstSample"/> of the epoch. Different epochs get unrelated seeds.
    /// </summary>
    public static EncoderSeed ForEpoch(ulong runSeed, int epoch, long firstSample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSample);
        ulong x = runSeed ^ (0xD1B54A32D192ED03UL * ((ulong)epoch + 1));
        return new EncoderSeed(Rng.SplitMix64(ref x), (ulong)firstSample);
    }

    /// <summary>The generator of sample <paramref name="sample"/> of the call (allocates; the kernels use a struct twin).</summary>
    public Rng ForSample(int sample) => Rng.ForStream(Seed, FirstSample + (ulong)sample);
}
