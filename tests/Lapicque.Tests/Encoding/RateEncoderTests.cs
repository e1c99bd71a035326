using Lapicque.Encoding;
using Lapicque.Numerics;

namespace Lapicque.Tests.Encoding;

public class RateEncoderTests
{
    [Theory]
    [InlineData(0.05f, 1.0)]
    [InlineData(0.3f, 1.0)]
    [InlineData(0.5f, 1.0)]
    [InlineData(0.97f, 1.0)]
    [InlineData(0.2f, 2.5)]
    public void Encode_MeanOverStepsConvergesToProbability_WithinBinomialBound(float intensity, double gain)
    {
        const int steps = 2000, batch = 4, features = 50;
        float[] x = new float[batch * features];
        x.AsSpan().Fill(intensity);
        float[] spikes = new float[steps * batch * features];
        new RateEncoder { Gain = gain }.Encode(x, batch, steps, new EncoderSeed(2024), spikes);

        // Overall mean over n = 400k Bernoulli trials, and every neuron's own mean over 2000 steps: 5 sigma.
        double p = Math.Min(1.0, intensity * gain);
        double n = spikes.Length;
        double mean = spikes.Sum() / n;
        Assert.InRange(mean, p - (5 * Math.Sqrt(p * (1 - p) / n)), p + (5 * Math.Sqrt(p * (1 - p) / n)));
        double perNeuronBound = 5.5 * Math.Sqrt(p * (1 - p) / steps);
        for (int k = 0; k < batch * features; k++)
        {
            double count = 0;
            for (int t = 0; t < steps; t++)
            {
                count += spikes[(t * batch * features) + k];
            }

            Assert.InRange(count / steps, p - perNeuronBound, p + perNeuronBound);
        }
    }

    [Fact]
    public void Encode_SpikesAreZeroOrOne_AndClampedIntensitiesAreExact()
    {
        // Intensity <= 0 (and NaN) never fires; intensity * gain >= 1 always fires.
        float[] x = [0f, -1f, float.NaN, 1f, 3f, 0.5f];
        float[] spikes = new float[300 * x.Length];
        new RateEncoder().Encode(x, 1, 300, new EncoderSeed(1), spikes);
        for (int t = 0; t < 300; t++)
        {
            ReadOnlySpan<float> row = spikes.AsSpan(t * x.Length, x.Length);
            Assert.Equal(0f, row[0]);
            Assert.Equal(0f, row[1]);
            Assert.Equal(0f, row[2]);
            Assert.Equal(1f, row[3]);
            Assert.Equal(1f, row[4]);
            Assert.True(row[5] == 0f || row[5] == 1f);
        }
    }

    [Fact]
    public void Encode_StepsAreIndependent_LagOneCorrelationNearZero()
    {
        const int steps = 20000;
        float[] spikes = new float[steps];
        new RateEncoder().Encode([0.5f], 1, steps, new EncoderSeed(99), spikes);
        double both = 0;
        for (int t = 1; t < steps; t++)
        {
            both += spikes[t] * spikes[t - 1];
        }

        // P(spike at t and t-1) = 0.25 for independent steps; the bound is 5 sigma of the (weakly dependent) sum.
        Assert.InRange(both / (steps - 1), 0.25 - (5 * Math.Sqrt(0.1875 * 3 / steps)), 0.25 + (5 * Math.Sqrt(0.1875 * 3 / steps)));
    }

    [Fact]
    public void Encode_ResultDoesNotDependOnThreadCount()
    {
        const int batch = 13, features = 784, steps = 25;
        float[] x = new float[batch * features];
        new Rng(5).FillUniform(x);
        int saved = Parallelism.MaxThreads;
        try
        {
            float[] one = new float[steps * batch * features], four = new float[one.Length];
            Parallelism.MaxThreads = 1;
            new RateEncoder().Encode(x, batch, steps, new EncoderSeed(77, 1000), one);
            Parallelism.MaxThreads = 4;
            new RateEncoder().Encode(x, batch, steps, new EncoderSeed(77, 1000), four);
            Assert.Equal(one, four);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(37)]
    [InlineData(3001)] // beyond the stack scratch: pooled buffers
    public void Encode_SampleDependsOnlyOnItsStream_NotOnHowTheBatchIsSplit(int features)
    {
        // Sample 2 of a batch starting at stream 10 is stream 12; encoding it alone with FirstSample = 12 must agree.
        const int batch = 4, steps = 9;
        float[] x = new float[batch * features];
        new Rng(8).FillUniform(x);
        float[] all = new float[steps * batch * features];
        var encoder = new RateEncoder();
        encoder.Encode(x, batch, steps, new EncoderSeed(3, 10), all);
        float[] alone = new float[steps * features];
        encoder.Encode(x.AsSpan(2 * features, features), 1, steps, new EncoderSeed(3, 12), alone);
        for (int t = 0; t < steps; t++)
        {
            Assert.Equal(alone.AsSpan(t * features, features).ToArray(), all.AsSpan(((t * batch) + 2) * features, features).ToArray());
        }
    }

    [Fact]
    public void Encode_SameSeedSameSpikes_DifferentSeedOrStreamDifferentSpikes()
    {
        float[] x = new float[100];
        x.AsSpan().Fill(0.5f);
        float[] a = new float[1000], b = new float[1000], c = new float[1000], d = new float[1000];
        var e = new RateEncoder();
        e.Encode(x, 1, 10, new EncoderSeed(1), a);
        e.Encode(x, 1, 10, new EncoderSeed(1), b);
        e.Encode(x, 1, 10, new EncoderSeed(2), c);
        e.Encode(x, 1, 10, new EncoderSeed(1, 1), d);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);
    }

    [Fact]
    public void Encode_SingleSample_AllocatesNothing()
    {
        float[] x = new float[784];
        new Rng(2).FillUniform(x);
        float[] spikes = new float[25 * 784];
        var e = new RateEncoder();
        var deltas = new long[5];
        for (int i = 0; i < deltas.Length; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            e.Encode(x, 1, 25, new EncoderSeed((ulong)i), spikes);
            deltas[i] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(new long[5], deltas);
    }

    [Fact]
    public void Encode_TensorForm_ShapesAndAgreesWithSpanForm()
    {
        var x = new Tensor(3, 2, 4);
        new Rng(4).FillUniform(x.Span);
        var spikes = new RateEncoder().Encode(x, 6, new EncoderSeed(9));
        Assert.Equal([6, 3, 8], spikes.Shape.ToArray());
        float[] expected = new float[6 * 3 * 8];
        new RateEncoder().Encode(x.Span, 3, 6, new EncoderSeed(9), expected);
        Assert.Equal(expected, spikes.Span.ToArray());
    }

    [Fact]
    public void Encode_BadArguments_NameArgumentExpectationAndValue()
    {
        var e = new RateEncoder();
        float[] x = new float[10];
        Assert.Contains("batch must be > 0; was 0.", Assert.ThrowsAny<ArgumentException>(() => e.Encode(x, 0, 5, default, new float[50])).Message);
        Assert.Contains("steps must be > 0; was -1.", Assert.ThrowsAny<ArgumentException>(() => e.Encode(x, 2, -1, default, new float[50])).Message);
        Assert.Contains("intensities.Length was 10; expected a multiple of batch (3).",
            Assert.Throws<ArgumentException>(() => e.Encode(x, 3, 5, default, new float[50])).Message);
        Assert.Contains("destination.Length was 49; expected steps * batch * outputFeatures = 5 * 2 * 5 = 50.",
            Assert.Throws<ArgumentException>(() => e.Encode(x, 2, 5, default, new float[49])).Message);
        Assert.StartsWith("Gain must be >= 0; was -1.",
            Assert.Throws<ArgumentException>(() => new RateEncoder { Gain = -1 }.Encode(x, 2, 5, default, new float[50])).Message);
    }
}
