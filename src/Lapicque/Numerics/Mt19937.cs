using System.Runtime.CompilerServices;

namespace Lapicque.Numerics;

/// <summary>
/// The 32-bit Mersenne Twister MT19937 (Matsumoto and Nishimura 1998), reproducing numpy's legacy
/// <c>numpy.random.RandomState(seed)</c> bit for bit for an integer seed. Use it only where a published data set or
/// split must be regenerated exactly (for example <see cref="Lapicque.Data.YinYang"/>); everything else uses the faster
/// <see cref="Rng"/>.
/// </summary>
/// <remarks>
/// Seeding is the classic <c>init_genrand</c>: mt[0] = seed, mt[i] = 1812433253 * (mt[i-1] ^ (mt[i-1] &gt;&gt; 30)) + i
/// (mod 2^32), which is what numpy does for an integer seed. The draws match numpy as follows:
/// <list type="bullet">
/// <item><see cref="NextUInt32"/>: one tempered word (numpy's internal <c>random_raw</c> / <c>rk_random</c>).</item>
/// <item><see cref="NextDouble"/>: <c>RandomState.random_sample()</c> / <c>rand()</c>, 53 bits from two words a, b:
/// ((a &gt;&gt; 5) * 2^26 + (b &gt;&gt; 6)) / 2^53.</item>
/// <item><see cref="NextBounded"/> and <see cref="NextInt(int)"/>: <c>RandomState.randint</c> for ranges that fit in 32 bits
/// (numpy's masked rejection, as in <c>rk_interval</c>): mask = smallest 2^k - 1 &gt;= max; draw w &amp; mask, one word per
/// attempt, redraw while it exceeds max.</item>
/// </list>
/// Not thread-safe: use one instance per thread.
/// </remarks>
public sealed class Mt19937
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908B0DFu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7FFFFFFFu;

    private readonly uint[] _mt = new uint[N];
    private int _index;

    /// <summary>Creates a generator seeded like <c>numpy.random.RandomState(seed)</c> (any seed in [0, 2^32 - 1]).</summary>
    public Mt19937(uint seed)
    {
        Seed = seed;
        _mt[0] = seed;
        for (int i = 1; i < N; i++)
        {
            uint prev = _mt[i - 1];
            _mt[i] = unchecked((1812433253u * (prev ^ (prev >> 30))) + (uint)i);
        }

        // Forces a regeneration of the whole state block on the first draw, as init_genrand leaves mti = N.
        _index = N;
    }

    /// <summary>The seed this generator was created from.</summary>
    public uint Seed { get; }

    /// <summary>Next tempered 32-bit output word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32()
    {
        if (_index >= N)
        {
            Twist();
        }

        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>
    /// Uniform double in [0, 1) with 53 random bits, from two consecutive words a then b:
    /// ((a &gt;&gt; 5) * 67108864 + (b &gt;&gt; 6)) / 9007199254740992 (numpy's <c>random_sample</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary>
    /// Uniform integer in the closed range [0, <paramref name="max"/>] by masked rejection, exactly as numpy's legacy
    /// <c>randint(max + 1)</c>: each attempt consumes one word w and yields w &amp; mask, where mask is the smallest
    /// 2^k - 1 &gt;= max; attempts above max are redrawn. <paramref name="max"/> = 0 returns 0 without consuming a word.
    /// </summary>
    public uint NextBounded(uint max)
    {
        if (max == 0)
        {
            return 0;
        }

        uint mask = max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;

        uint value;
        do
        {
            value = NextUInt32() & mask;
        }
        while (value > max);

        return value;
    }

    /// <summary>Uniform integer in [0, <paramref name="high"/>), as numpy's legacy <c>RandomState.randint(high)</c>.</summary>
    /// <param name="high">Exclusive upper bound; must be &gt;= 1.</param>
    public int NextInt(int high)
    {
        if (high < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"high must be >= 1; was {high}.");
        }

        return (int)NextBounded((uint)(high - 1));
    }

    /// <summary>Uniform integer in [<paramref name="low"/>, <paramref name="high"/>), as numpy's legacy <c>RandomState.randint(low, high)</c>.</summary>
    /// <param name="low">Inclusive lower bound.</param>
    /// <param name="high">Exclusive upper bound; must be &gt; low.</param>
    public int NextInt(int low, int high)
    {
        if (high <= low)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"high must be > low ({low}); was {high}.");
        }

        // The span high - low fits in 32 bits for any pair of ints, so numpy uses one word per attempt here too.
        uint range = (uint)((long)high - low - 1);
        return (int)(low + (long)NextBounded(range));
    }

    /// <summary>Fills <paramref name="destination"/> with <see cref="NextDouble"/> values, in order (numpy's <c>rand(n)</c>).</summary>
    public void FillDouble(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = NextDouble();
        }
    }

    // Regenerates all N state words at once (the reference genrand_int32 block update).
    private void Twist()
    {
        uint[] mt = _mt;
        int k = 0;
        for (; k < N - M; k++)
        {
            uint y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + M] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
        }

        for (; k < N - 1; k++)
        {
            uint y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + (M - N)] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
        }

        uint last = (mt[N - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[N - 1] = mt[M - 1] ^ (last >> 1) ^ ((last & 1u) * MatrixA);
        _index = 0;
    }
}
