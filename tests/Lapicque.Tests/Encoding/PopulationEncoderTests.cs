using Lapicque.Encoding;

namespace Lapicque.Tests.Encoding;

public class PopulationEncoderTests
{
    [Fact]
    public void Centres_SpanMinToMaxEvenly()
    {
        var e = new PopulationEncoder { NeuronsPerFeature = 5, Min = -1, Max = 3 };
        Assert.Equal([-1.0, 0.0, 1.0, 2.0, 3.0], Enumerable.Range(0, 5).Select(e.Centre).ToArray());
        Assert.Equal(1.0, new PopulationEncoder { NeuronsPerFeature = 1, Min = -1, Max = 3 }.Centre(0));
    }

    [Fact]
    public void Responses_AreGaussianReceptiveFields()
    {
        var e = new PopulationEncoder { NeuronsPerFeature = 5, Min = 0, Max = 1, Sigma = 0.2 };
        float[] x = [0.5f, 0.6f, -0.3f];
        float[] r = new float[15];
        e.Responses(x, r);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                double c = j * 0.25;
                Assert.Equal(Math.Exp(-((x[i] - c) * (x[i] - c)) / (2 * 0.04)), r[(i * 5) + j], 6);
            }
        }

        // At a centre, that neuron responds 1 and the others fall off on both sides.
        Assert.Equal(1f, r[2]);
        Assert.True(r[1] == r[3] && r[1] < r[2] && r[0] < r[1]);
    }

    [Fact]
    public void DefaultSigma_IsCentreSpacing_NeighboursCrossAtExpMinusOneEighth()
    {
        var e = new PopulationEncoder { NeuronsPerFeature = 9, Min = 0, Max = 2 };
        Assert.Equal(0.25, e.EffectiveSigma, 12);
        float[] r = new float[9];
        e.Responses([0.375f], r); // midway between centres 0.25 and 0.5
        Assert.Equal(Math.Exp(-1.0 / 8), r[1], 6);
        Assert.Equal(r[1], r[2]);
    }

    [Theory]
    [InlineData(0f, 0)]
    [InlineData(0.5f, 4)]
    [InlineData(0.625f, 5)]
    [InlineData(1f, 8)]
    public void RateCoded_NeuronWhoseCentreIsTheValueFiresMost(float value, int centre)
    {
        const int m = 9, steps = 4000;
        var e = new PopulationEncoder { NeuronsPerFeature = m, Sigma = 0.1 };
        Assert.Equal(m, e.OutputFeatures(1));
        float[] spikes = new float[steps * m];
        e.Encode([value], 1, steps, new EncoderSeed(17), spikes);
        double[] counts = new double[m];
        for (int t = 0; t < steps; t++)
        {
            for (int j = 0; j < m; j++)
            {
                counts[j] += spikes[(t * m) + j];
            }
        }

        // Responses 1 at the centre and exp(-0.78) = 0.46 at the neighbours: far apart relative to binomial noise.
        Assert.Equal(steps, counts[centre]);
        for (int j = 0; j < m; j++)
        {
            if (j != centre)
            {
                Assert.True(counts[j] < counts[centre], $"neuron {j}: {counts[j]} vs centre {counts[centre]}");
            }
        }

        // Further from the value, fewer spikes (monotone on each side, allowing no ties beyond noise at near-zero rates).
        for (int j = centre + 1; j < m - 1 && counts[j + 1] > 50; j++)
        {
            Assert.True(counts[j + 1] < counts[j]);
        }
    }

    [Fact]
    public void LatencyCoded_CentreNeuronFiresFirst_AndLayoutIsFeatureMajor()
    {
        const int m = 6, steps = 20;
        var e = new PopulationEncoder { NeuronsPerFeature = m, Min = 0, Max = 1, Inner = new LatencyEncoder { Threshold = 0.05 } };
        float[] x = [0.2f, 0.8f]; // centres are 0, 0.2, 0.4, 0.6, 0.8, 1
        float[] spikes = new float[steps * 2 * m];
        e.Encode(x, 1, steps, default, spikes);
        var first = new float[2 * m];
        SpikeDecoders.FirstSpikeStep(spikes, steps, first);
        Assert.Equal(0f, first[1]);        // feature 0, neuron at 0.2
        Assert.Equal(0f, first[m + 4]);    // feature 1, neuron at 0.8
        for (int j = 0; j < m; j++)
        {
            if (j != 1)
            {
                Assert.True(first[j] > 0f);
            }

            if (j != 4)
            {
                Assert.True(first[m + j] > 0f);
            }
        }
    }

    [Fact]
    public void Encode_BatchShapesAndSeedPassThrough()
    {
        var e = new PopulationEncoder { NeuronsPerFeature = 3 };
        float[] x = [0.1f, 0.9f, 0.5f, 0.4f];
        float[] spikes = new float[7 * 2 * 6];
        e.Encode(x, 2, 7, new EncoderSeed(5, 3), spikes);

        // Same as rate-coding the responses directly with the same seed.
        float[] r = new float[12];
        e.Responses(x, r);
        float[] expected = new float[spikes.Length];
        new RateEncoder().Encode(r, 2, 7, new EncoderSeed(5, 3), expected);
        Assert.Equal(expected, spikes);
        Assert.Contains("destination.Length was 10; expected steps * batch * outputFeatures = 7 * 2 * 6 = 84.",
            Assert.Throws<ArgumentException>(() => e.Encode(x, 2, 7, default, new float[10])).Message);
    }

    [Fact]
    public void Validate_NamesFieldExpectationAndValue()
    {
        Assert.StartsWith("NeuronsPerFeature must be >= 1; was 0.",
            Assert.Throws<ArgumentException>(new PopulationEncoder { NeuronsPerFeature = 0 }.Validate).Message);
        Assert.StartsWith("Max must be > Min (1); was 1.",
            Assert.Throws<ArgumentException>(new PopulationEncoder { Min = 1, Max = 1 }.Validate).Message);
        Assert.StartsWith("Sigma must be > 0; was -0.1.",
            Assert.Throws<ArgumentException>(new PopulationEncoder { Sigma = -0.1 }.Validate).Message);
        Assert.StartsWith("Inner must be an ISpikeEncoder; was null.",
            Assert.Throws<ArgumentException>(new PopulationEncoder { Inner = null! }.Validate).Message);
    }
}
