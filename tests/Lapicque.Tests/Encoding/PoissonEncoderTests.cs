using Lapicque.Encoding;

namespace Lapicque.Tests.Encoding;

public class PoissonEncoderTests
{
    [Theory]
    [InlineData(20.0, 1.0, 1f)]
    [InlineData(100.0, 0.5, 0.4f)]
    [InlineData(5.0, 0.1, 1f)]
    public void Encode_CountMatchesRateTimesDuration(double maxRateHz, double dtMs, float intensity)
    {
        const int steps = 20000, neurons = 64;
        var encoder = new PoissonEncoder { MaxRateHz = maxRateHz, DtMs = dtMs };
        float[] x = new float[neurons];
        x.AsSpan().Fill(intensity);
        float[] spikes = new float[steps * neurons];
        encoder.Encode(x, 1, steps, new EncoderSeed(31), spikes);

        double rateHz = maxRateHz * intensity;
        double durationS = steps * dtMs / 1000.0;
        double p = 1 - Math.Exp(-rateHz * dtMs / 1000.0);
        double meanCount = spikes.Sum() / neurons;

        // Binomial yardstick: mean count T p within 5 standard errors.
        double sd = Math.Sqrt(steps * p * (1 - p) / neurons);
        Assert.InRange(meanCount, (steps * p) - (5 * sd), (steps * p) + (5 * sd));

        // Poisson yardstick: the mean count is r * duration up to the documented one-spike-per-step shortfall r dt / 2.
        double poisson = rateHz * durationS;
        double shortfall = poisson * rateHz * dtMs / 2000.0;
        Assert.InRange(meanCount, poisson - shortfall - (5 * sd), poisson + (5 * sd));
    }

    [Fact]
    public void StepProbability_IsPoissonProbabilityOfAtLeastOneEvent()
    {
        // P(N >= 1) = 1 - P(N = 0) = 1 - exp(-lambda), lambda = r dt.
        Assert.Equal(1 - Math.Exp(-0.05), PoissonEncoder.StepProbability(50, 1), 15);
        Assert.Equal(0.0, PoissonEncoder.StepProbability(0, 1));
        Assert.Equal(1 - Math.Exp(-0.25), new PoissonEncoder { MaxRateHz = 500, DtMs = 1 }.Probability(0.5f), 12);
        Assert.Equal(1 - Math.Exp(-0.5), new PoissonEncoder { MaxRateHz = 500, DtMs = 1 }.Probability(4f), 12);
        Assert.Equal(0.0, new PoissonEncoder().Probability(-1f));
    }

    [Fact]
    public void Validate_NamesField()
    {
        Assert.StartsWith("DtMs must be > 0; was 0.", Assert.Throws<ArgumentException>(new PoissonEncoder { DtMs = 0 }.Validate).Message);
        Assert.StartsWith("MaxRateHz must be >= 0; was -3.", Assert.Throws<ArgumentException>(new PoissonEncoder { MaxRateHz = -3 }.Validate).Message);
    }
}
