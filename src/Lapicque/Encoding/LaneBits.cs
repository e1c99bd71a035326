using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Lapicque.Numerics;

namespace Lapicque.Encoding;

/// <summary>
/// Four interleaved xoshiro256** generators stepped together in one 256-bit vector: about four times the throughput
/// of one scalar generator, for the rate encoders' hot loop. Output k is draw k / 4 of lane k % 4.
/// </summary>
/// <remarks>
/// Lane j is seeded like <c>new Rng(r_j)</c>, where r_0..r_3 are the first four draws of
/// <c>Rng.ForStream(seed, stream)</c>, so each lane is a full xoshiro256** stream derived from the library's Rng.
/// The lane count is fixed at four whatever the hardware vector width, so the bits are the same on every machine;
/// <see cref="FillScalar"/> is the scalar twin. Multiplications by 5 and 9 are written as shifts and adds, which every
/// 256-bit instruction set has.
/// </remarks>
internal struct LaneBits
{
    /// <summary>Number of interleaved generators; fills are whole multiples of it.</summary>
    public const int Lanes = 4;

    private Vector256<ulong> _s0, _s1, _s2, _s3;

    public static LaneBits ForStream(ulong seed, ulong stream)
    {
        var root = StreamBits.ForStream(seed, stream);
        Span<ulong> s = stackalloc ulong[4 * Lanes];
        for (int j = 0; j < Lanes; j++)
        {
            // The Rng constructor: four SplitMix64 outputs from the lane seed.
            ulong x = root.NextUInt64();
            s[j] = Rng.SplitMix64(ref x);
            s[Lanes + j] = Rng.SplitMix64(ref x);
            s[(2 * Lanes) + j] = Rng.SplitMix64(ref x);
            s[(3 * Lanes) + j] = Rng.SplitMix64(ref x);
        }

        LaneBits bits;
        bits._s0 = Vector256.Create<ulong>(s[..Lanes]);
        bits._s1 = Vector256.Create<ulong>(s.Slice(Lanes, Lanes));
        bits._s2 = Vector256.Create<ulong>(s.Slice(2 * Lanes, Lanes));
        bits._s3 = Vector256.Create<ulong>(s.Slice(3 * Lanes, Lanes));
        return bits;
    }

    /// <summary>Fills <paramref name="destination"/> (length a multiple of <see cref="Lanes"/>) with the next draws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(Span<ulong> destination)
    {
        CheckLength(destination.Length);
        if (!Vector256.IsHardwareAccelerated)
        {
            FillScalar(destination);
            return;
        }

        // Local copies keep the state in registers for the whole loop.
        Vector256<ulong> s0 = _s0, s1 = _s1, s2 = _s2, s3 = _s3;
        ref ulong d = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(destination);
        for (int i = 0; i < destination.Length; i += Lanes)
        {
            Vector256<ulong> m5 = (s1 << 2) + s1;
            Vector256<ulong> r = (m5 << 7) | (m5 >>> 57);
            ((r << 3) + r).StoreUnsafe(ref d, (nuint)i);

            Vector256<ulong> t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = (s3 << 45) | (s3 >>> 19);
        }

        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    /// <summary>The scalar twin of <see cref="Fill"/>: the same bits, lane by lane.</summary>
    public void FillScalar(Span<ulong> destination)
    {
        CheckLength(destination.Length);
        Span<ulong> s = stackalloc ulong[4 * Lanes];
        _s0.CopyTo(s[..Lanes]);
        _s1.CopyTo(s.Slice(Lanes, Lanes));
        _s2.CopyTo(s.Slice(2 * Lanes, Lanes));
        _s3.CopyTo(s.Slice(3 * Lanes, Lanes));
        for (int i = 0; i < destination.Length; i += Lanes)
        {
            for (int j = 0; j < Lanes; j++)
            {
                ref ulong s0 = ref s[j];
                ref ulong s1 = ref s[Lanes + j];
                ref ulong s2 = ref s[(2 * Lanes) + j];
                ref ulong s3 = ref s[(3 * Lanes) + j];
                destination[i + j] = ulong.RotateLeft(s1 * 5, 7) * 9;
                ulong t = s1 << 17;
                s2 ^= s0;
                s3 ^= s1;
                s1 ^= s2;
                s0 ^= s3;
                s2 ^= t;
                s3 = ulong.RotateLeft(s3, 45);
            }
        }

        _s0 = Vector256.Create<ulong>(s[..Lanes]);
        _s1 = Vector256.Create<ulong>(s.Slice(Lanes, Lanes));
        _s2 = Vector256.Create<ulong>(s.Slice(2 * Lanes, Lanes));
        _s3 = Vector256.Create<ulong>(s.Slice(3 * Lanes, Lanes));
    }

    /// <summary>The smallest multiple of <see cref="Lanes"/> that is at least <paramref name="words"/>.</summary>
    public static int RoundUp(int words) => (words + Lanes - 1) & ~(Lanes - 1);

    private static void CheckLength(int length)
    {
        if (length % Lanes != 0)
        {
            throw new ArgumentException($"destination.Length was {length}; expected a multiple of {Lanes}.", "destination");
        }
    }
}
