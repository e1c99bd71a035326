using System.Runtime.CompilerServices;
using Lapicque.Numerics;

namespace Lapicque.Encoding;

/// <summary>
/// A struct copy of <see cref="Rng.ForStream(ulong, ulong)"/>'s xoshiro256** stream: the same bits, but the state
/// lives on the stack (registers in a hot loop) and creating it allocates nothing. Tests pin it to <see cref="Rng"/>.
/// </summary>
internal struct StreamBits
{
    private ulong _s0, _s1, _s2, _s3;

    public static StreamBits ForStream(ulong seed, ulong stream)
    {
        // Same derivation as Rng.ForStream followed by the Rng constructor.
        ulong x = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        ulong s = Rng.SplitMix64(ref x) ^ stream;
        StreamBits bits;
        bits._s0 = Rng.SplitMix64(ref s);
        bits._s1 = Rng.SplitMix64(ref s);
        bits._s2 = Rng.SplitMix64(ref s);
        bits._s3 = Rng.SplitMix64(ref s);
        return bits;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Fills <paramref name="destination"/> with consecutive 64-bit draws.</summary>
    public void Fill(Span<ulong> destination)
    {
        // Work on a local copy so that the JIT keeps the state in registers.
        StreamBits s = this;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = s.NextUInt64();
        }

        this = s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
