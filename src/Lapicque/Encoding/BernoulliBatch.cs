using System.Buffers;
using System.Runtime.InteropServices;
using Lapicque.Numerics;

namespace Lapicque.Encoding;

/// <summary>Maps an intensity to a spike probability per step.</summary>
internal interface IProbabilityMap
{
    double Probability(float intensity);
}

/// <summary>
/// Bernoulli rate coding of a batch, parallel over samples. Sample b draws from <see cref="LaneBits"/> seeded with
/// stream seed.FirstSample + b of seed.Seed: for each step, W = ceil(N / 2) rounded up to a multiple of 4 64-bit
/// draws, whose low then high 32 bits are compared with the thresholds of neurons 0, 1, 2, ... (bits past 2N unused).
/// </summary>
internal static unsafe class BernoulliBatch
{
    // Below about this many output elements a call runs on one thread: a task costs more than the work.
    private const int MinElementsPerRange = 1 << 14;

    // Scratch up to this many features lives on the stack; beyond it, in pooled arrays.
    private const int StackFeatures = 2048;
    private const int StackWords = StackFeatures / 2;

    public static void Encode<TMap>(TMap map, ReadOnlySpan<float> intensities, int batch, int steps, EncoderSeed seed, Span<float> destination)
        where TMap : struct, IProbabilityMap
    {
        int features = intensities.Length / batch;
        fixed (float* input = intensities)
        fixed (float* output = destination)
        {
            var body = new Body<TMap>(map, input, output, features, batch, steps, seed);
            long perSample = Math.Max(1L, (long)steps * features);
            int minRange = (int)Math.Max(1L, MinElementsPerRange / perSample);

            // Parallelism.For allocates its closure on entry even when it then runs inline, so call the body directly
            // when there is one range: a single-threaded call stays allocation-free.
            if (Parallelism.RangeCount(batch, minRange) <= 1)
            {
                body.Invoke(0, batch);
            }
            else
            {
                Parallelism.For(batch, minRange, body);
            }
        }
    }

    /// <summary>Encodes sample <paramref name="b"/> with caller-provided scratch (thresholds N, bits <see cref="Words"/>(N)).</summary>
    public static void EncodeSample<TMap>(
        in TMap map, ReadOnlySpan<float> x, int b, int batch, int steps, EncoderSeed seed, Span<uint> thresholds, Span<ulong> bits, Span<float> destination)
        where TMap : struct, IProbabilityMap
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            thresholds[i] = Bernoulli.Threshold(map.Probability(x[i]));
        }

        var stream = LaneBits.ForStream(seed.Seed, seed.FirstSample + (ulong)b);
        ReadOnlySpan<uint> bits32 = MemoryMarshal.Cast<ulong, uint>(bits)[..n];
        for (int t = 0; t < steps; t++)
        {
            stream.Fill(bits);
            Bernoulli.Sample(thresholds, bits32, destination.Slice(((t * batch) + b) * n, n));
        }
    }

    /// <summary>64-bit draws per step for <paramref name="features"/> neurons: two neurons per draw, whole lane groups.</summary>
    public static int Words(int features) => LaneBits.RoundUp((features + 1) / 2);

    private readonly struct Body<TMap> : IRangeBody
        where TMap : struct, IProbabilityMap
    {
        private readonly TMap _map;
        private readonly float* _input;
        private readonly float* _output;
        private readonly int _features;
        private readonly int _batch;
        private readonly int _steps;
        private readonly EncoderSeed _seed;

        public Body(TMap map, float* input, float* output, int features, int batch, int steps, EncoderSeed seed)
        {
            _map = map;
            _input = input;
            _output = output;
            _features = features;
            _batch = batch;
            _steps = steps;
            _seed = seed;
        }

        public void Invoke(int start, int end)
        {
            int n = _features;
            int words = Words(n);
            uint[]? rentedThresholds = null;
            ulong[]? rentedBits = null;
            Span<uint> thresholds = n <= StackFeatures ? stackalloc uint[StackFeatures] : (rentedThresholds = ArrayPool<uint>.Shared.Rent(n));
            Span<ulong> bits = n <= StackFeatures ? stackalloc ulong[StackWords] : (rentedBits = ArrayPool<ulong>.Shared.Rent(words));
            try
            {
                var input = new ReadOnlySpan<float>(_input, _batch * n);
                var output = new Span<float>(_output, _steps * _batch * n);
                for (int b = start; b < end; b++)
                {
                    EncodeSample(_map, input.Slice(b * n, n), b, _batch, _steps, _seed, thresholds[..n], bits[..words], output);
                }
            }
            finally
            {
                if (rentedThresholds is not null)
                {
                    ArrayPool<uint>.Shared.Return(rentedThresholds);
                }

                if (rentedBits is not null)
                {
                    ArrayPool<ulong>.Shared.Return(rentedBits);
                }
            }
        }
    }
}
