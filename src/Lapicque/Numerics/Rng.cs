using System.Runtime.CompilerServices;

namespace Lapicque.Numerics;

/// <summary>
/// The library's fast random source: xoshiro256** (Blackman and Vigna 2018) seeded through SplitMix64.
/// Every random draw in Lapicque comes from an <see cref="Rng"/> created from an explicit seed.
/// For parallel work, derive one generator per sample or per row with <see cref="ForStream(ulong, ulong)"/>
/// so that results do not depend on the thread count.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>Creates a generator from a 64-bit seed.</summary>
    public Rng(ulong seed)
    {
        Seed = seed;
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The seed this generator was created from.</summary>
    public ulong Seed { get; }

    /// <summary>
    /// A generator for stream <paramref name="stream"/> of <paramref name="seed"/>: independent of other streams,
    /// and the same whatever order or thread the streams are created on.
    /// </summary>
    public static Rng ForStream(ulong seed, ulong stream)
    {
        ulong x = seed ^ (0x9E3779B97F4A7C15UL * (stream + 1));
        return new Rng(SplitMix64(ref x) ^ stream);
    }

    /// <summary>A fresh 64-bit state from the SplitMix64 sequence.</summary>
    public static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitRotate(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    /// <summary>Next 32 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32() => (uint)(NextUInt64() >> 32);

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextFloat() => (NextUInt64() >> 40) * (1.0f / 16777216.0f);

    /// <summary>Uniform double in [low, high).</summary>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>Uniform integer in [0, maxExclusive), without bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "maxExclusive must be > 0.");
        }

        ulong range = (ulong)maxExclusive;
        ulong m = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0UL - range) % range;
            while (low < threshold)
            {
                m = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (int)m;
    }

    /// <summary>Standard normal deviate (Marsaglia polar method).</summary>
    public double NextNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }

        double u, v, s;
        do
        {
            u = (2.0 * NextDouble()) - 1.0;
            v = (2.0 * NextDouble()) - 1.0;
            s = (u * u) + (v * v);
        }
        while (s >= 1.0 || s == 0.0);

        double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareNormal = v * f;
        _hasSpareNormal = true;
        return u * f;
    }

    /// <summary>Normal deviate with the given mean and standard deviation.</summary>
    public double Normal(double mean, double std) => mean + (std * NextNormal());

    /// <summary>Exponential deviate with rate 1.</summary>
    public double NextExponential() => -Math.Log(1.0 - NextDouble());

    /// <summary>Fills <paramref name="destination"/> with uniform floats in [low, high).</summary>
    public void FillUniform(Span<float> destination, float low = 0f, float high = 1f)
    {
        float scale = high - low;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = low + (scale * NextFloat());
        }
    }

    /// <summary>Fills <paramref name="destination"/> with normal floats.</summary>
    public void FillNormal(Span<float> destination, float mean = 0f, float std = 1f)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)(mean + (std * NextNormal()));
        }
    }

    /// <summary>Shuffles <paramref name="values"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BitRotate(ulong x, int k) => (x << k) | (x >> (64 - k));
}
