using Lapicque.Analysis;
using Lapicque.Numerics;

namespace Lapicque.Tests.Analysis;

public class BranchingRatioTests
{
    [Theory]
    [InlineData(0.9, 10.0)]
    [InlineData(0.98, 2.0)]
    [InlineData(1.0, 1.0)]
    public void Naive_RecoversTheBranchingRatio_UnderFullSampling(double m, double h)
    {
        var a = BranchingProcess.Simulate(m, h, 20000, new Rng(1));
        Assert.Equal(m, BranchingRatio.Naive(a), 0.015);
        var mr = BranchingRatio.MultistepRegression(a, maxLag: 20);
        Assert.Equal(m, mr.BranchingRatio, 0.015);
        Assert.Equal(1.0, mr.Amplitude, 0.1);
    }

    [Theory]
    [InlineData(0.9, 100.0)]
    [InlineData(0.98, 20.0)]
    public void MultistepRegression_RecoversTheBranchingRatio_UnderSubsampling_WhereNaiveFails(double m, double h)
    {
        // A mean activity of 1000 observed at 2%: the naive slope falls far below m, multistep regression does not.
        var rng = new Rng(2);
        var full = BranchingProcess.Simulate(m, h, 40000, rng);
        var observed = BranchingProcess.Subsample(full, 0.02, rng);
        double naive = BranchingRatio.Naive(observed);
        var mr = BranchingRatio.MultistepRegression(observed, maxLag: m > 0.95 ? 60 : 20);
        Assert.True(naive < m - 0.2, $"naive {naive}");
        Assert.Equal(m, mr.BranchingRatio, 0.02);

        // b absorbs the subsampling bias: b = r_1 / m.
        Assert.True(mr.Amplitude < 0.8, $"b {mr.Amplitude}");
        Assert.Equal(-1 / Math.Log(mr.BranchingRatio), mr.AutocorrelationSteps, 9);
    }

    [Fact]
    public void Subsample_KeepsTheExpectedFraction()
    {
        var rng = new Rng(3);
        var full = new long[2000];
        Array.Fill(full, 500);
        var part = BranchingProcess.Subsample(full, 0.1, rng);

        // Binomial(500, 0.1): mean 50, variance 45.
        double mean = part.Average();
        double variance = part.Select(v => (v - mean) * (v - mean)).Average();
        Assert.Equal(50, mean, 0.5);
        Assert.Equal(45, variance, 5.0);
    }

    [Theory]
    [InlineData(3.5)]
    [InlineData(250.0)]
    public void Poisson_HasMeanAndVarianceLambda(double lambda)
    {
        var rng = new Rng(4);
        var x = new double[20000];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = RandomVariates.Poisson(rng, lambda);
        }

        double mean = x.Average();
        double variance = x.Select(v => (v - mean) * (v - mean)).Average();
        Assert.Equal(lambda, mean, 4 * Math.Sqrt(lambda / x.Length));
        Assert.Equal(lambda, variance, lambda * 0.05);
    }

    [Fact]
    public void ShortSeries_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => BranchingRatio.MultistepRegression(new long[10], maxLag: 40));
        Assert.Contains("activity.Length must be > maxLag + 2 = 42; was 10", e.Message);
    }
}
