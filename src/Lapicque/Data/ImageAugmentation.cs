using Lapicque.Numerics;

namespace Lapicque.Data;

/// <summary>
/// Random training-time changes to image samples: a translation by up to <see cref="MaxShift"/> pixels in each direction
/// (the uncovered border is filled with zeros, the usual "pad and random crop"), and, with <see cref="HorizontalFlip"/>,
/// a left-right mirror with probability 1/2. Applied by <see cref="DataLoader"/> to the samples it copies into a batch,
/// before encoding; the data set itself is never changed.
/// </summary>
/// <remarks>
/// The draw for a sample depends only on (seed, epoch, sample index), through <see cref="Rng.SplitMix64"/>, so a batch
/// is the same whichever thread or order it is made in, and a resumed run sees exactly the samples it would have seen.
/// Samples must be images: shape [C, H, W], or [H, W] read as one channel.
/// </remarks>
public sealed record ImageAugmentation
{
    /// <summary>Largest translation in pixels along each axis (0 = none); each axis draws uniformly from -MaxShift..MaxShift.</summary>
    public int MaxShift { get; init; }

    /// <summary>Mirror left-right with probability 1/2 (for natural images such as CIFAR-10, not for digits).</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>Whether this augmentation changes anything.</summary>
    public bool IsIdentity => MaxShift == 0 && !HorizontalFlip;

    /// <summary>Checks the settings and that samples of <paramref name="sampleShape"/> are images this can change.</summary>
    /// <exception cref="ArgumentException">A negative shift, or samples that are not [C, H, W] or [H, W].</exception>
    public void Validate(ReadOnlySpan<int> sampleShape)
    {
        Check.That(MaxShift >= 0, nameof(MaxShift), ">= 0", MaxShift);
        if (sampleShape.Length is not (2 or 3))
        {
            throw new ArgumentException(
                $"sample shape was [{string.Join(", ", sampleShape.ToArray())}]; image augmentation expects images of shape [C, H, W] or [H, W].", nameof(sampleShape));
        }

        int h = sampleShape[^2], w = sampleShape[^1];
        if (MaxShift >= h || MaxShift >= w)
        {
            throw new ArgumentException($"MaxShift was {MaxShift}; expected less than the image size {h}x{w}.", nameof(MaxShift));
        }
    }

    /// <summary>
    /// Writes the changed copy of <paramref name="source"/> (one sample of <paramref name="sampleShape"/>) to
    /// <paramref name="destination"/>, drawn from (<paramref name="seed"/>, <paramref name="epoch"/>, <paramref name="sample"/>).
    /// </summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination, ReadOnlySpan<int> sampleShape, ulong seed, int epoch, int sample)
    {
        int h = sampleShape[^2], w = sampleShape[^1];
        int channels = sampleShape.Length == 3 ? sampleShape[0] : 1;
        Check.That(source.Length == channels * h * w, "source.Length", $"{channels * h * w} (one sample)", source.Length);
        Check.That(destination.Length >= source.Length, "destination.Length", $">= {source.Length}", destination.Length);
        var (dy, dx, flip) = Draw(seed, epoch, sample);
        int plane = h * w;
        for (int c = 0; c < channels; c++)
        {
            var src = source.Slice(c * plane, plane);
            var dst = destination.Slice(c * plane, plane);
            for (int y = 0; y < h; y++)
            {
                var row = dst.Slice(y * w, w);
                int sy = y - dy;
                if ((uint)sy >= (uint)h)
                {
                    row.Clear();
                    continue;
                }

                var srcRow = src.Slice(sy * w, w);
                if (!flip)
                {
                    // out[x] = in[x - dx]: a contiguous copy with zeros on the uncovered side.
                    int x0 = Math.Max(0, dx), x1 = Math.Min(w, w + dx);
                    row[..x0].Clear();
                    srcRow.Slice(x0 - dx, x1 - x0).CopyTo(row[x0..x1]);
                    row[x1..].Clear();
                }
                else
                {
                    // Mirror, then shift: out[x] = in[w - 1 - (x - dx)].
                    for (int x = 0; x < w; x++)
                    {
                        int sx = w - 1 - (x - dx);
                        row[x] = (uint)sx < (uint)w ? srcRow[sx] : 0f;
                    }
                }
            }
        }
    }

    /// <summary>The translation (rows, columns) and mirror drawn for one sample of one epoch.</summary>
    public (int Dy, int Dx, bool Flip) Draw(ulong seed, int epoch, int sample)
    {
        ulong state = seed ^ 0xA06D_5EED_0000_0000UL ^ ((ulong)(uint)epoch << 32) ^ (uint)sample;
        ulong bits = Rng.SplitMix64(ref state);
        int span = (2 * MaxShift) + 1;
        int dy = (int)((bits & 0xFFFF_FFFFUL) % (ulong)span) - MaxShift;
        int dx = (int)(((bits >> 32) & 0x7FFF_FFFFUL) % (ulong)span) - MaxShift;
        bool flip = HorizontalFlip && (bits >> 63) != 0;
        return (dy, dx, flip);
    }
}
