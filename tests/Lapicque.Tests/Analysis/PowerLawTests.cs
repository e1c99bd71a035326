using Lapicque.Analysis;
using Lapicque.Numerics;

namespace Lapicque.Tests.Analysis;

public class PowerLawTests
{
    [Theory]
    [InlineData(2.0, 1.0, 1.6449340668482264)] // pi^2 / 6
    [InlineData(3.0, 1.0, 1.2020569031595942)] // Apery's constant
    [InlineData(2.5, 1.0, 1.3414872572509171)]
    [InlineData(2.0, 2.0, 0.6449340668482264)] // pi^2 / 6 - 1
    [InlineData(4.0, 1.0, 1.0823232337111382)] // pi^4 / 90
    public void HurwitzZeta_MatchesKnownValues(double s, double q, double expected) =>
        Assert.Equal(expected, PowerLaw.HurwitzZeta(s, q), 12);

    [Fact]
    public void HurwitzZeta_SatisfiesTheShiftIdentity()
    {
        // zeta(s, q) - zeta(s, q + 1) = q^-s, also where the direct terms do not dominate.
        foreach (double s in new[] { 1.1, 1.5, 3.3 })
        {
            foreach (double q in new[] { 0.5, 7.0, 1000.0 })
            {
                double lhs = PowerLaw.HurwitzZeta(s, q) - PowerLaw.HurwitzZeta(s, q + 1);
                Assert.Equal(Math.Pow(q, -s), lhs, Math.Pow(q, -s) * 1e-9);
            }
        }
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(2.5)]
    public void Continuous_RecoversTheExponent(double alpha)
    {
        // Inverse-transform samples x = (1 - u)^(-1/(alpha - 1)) above x_min = 1, drawn here independently of the library.
        var rng = new Rng(11);
        var x = new double[4000];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = Math.Pow(1 - rng.NextDouble(), -1 / (alpha - 1));
        }

        var fit = PowerLaw.FitContinuous(x);
        Assert.False(fit.Discrete);
        Assert.InRange(fit.Alpha, alpha - Math.Max(0.05, 3 * fit.StandardError), alpha + Math.Max(0.05, 3 * fit.StandardError));

        // With x_min fixed at its true value the closed form has standard error (alpha - 1) / sqrt(n).
        var fixedFit = PowerLaw.FitContinuous(x, 1.0);
        Assert.Equal(4000, fixedFit.TailCount);
        Assert.InRange(fixedFit.Alpha, alpha - (3 * (alpha - 1) / Math.Sqrt(4000)), alpha + (3 * (alpha - 1) / Math.Sqrt(4000)));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(2.5)]
    public void DiscreteSampler_HasTheZetaProbabilities(double alpha)
    {
        var x = PowerLaw.SampleDiscrete(alpha, 1, 40000, new Rng(5));

        // P(X = 1) = 1 / zeta(alpha) and P(X = 2) = 2^-alpha / zeta(alpha); zeta(1.5) = 2.6123753486854883.
        double zeta = alpha == 1.5 ? 2.6123753486854883 : 1.3414872572509171;
        foreach (long k in new long[] { 1, 2 })
        {
            double p = Math.Pow(k, -alpha) / zeta;
            double observed = x.Count(v => v == k) / (double)x.Length;
            Assert.InRange(observed, p - (4 * Math.Sqrt(p * (1 - p) / x.Length)), p + (4 * Math.Sqrt(p * (1 - p) / x.Length)));
        }
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(2.5)]
    public void Discrete_RecoversTheExponent(double alpha)
    {
        var x = PowerLaw.SampleDiscrete(alpha, 1, 4000, new Rng(7));
        var fit = PowerLaw.FitDiscrete(x);
        Assert.True(fit.Discrete);
        Assert.InRange(fit.Alpha, alpha - Math.Max(0.05, 3 * fit.StandardError), alpha + Math.Max(0.05, 3 * fit.StandardError));
        var fixedFit = PowerLaw.FitDiscrete(x, 1);
        Assert.InRange(fixedFit.Alpha, alpha - (3 * (alpha - 1) / Math.Sqrt(4000)), alpha + (3 * (alpha - 1) / Math.Sqrt(4000)));
    }

    [Fact]
    public void GoodnessOfFit_IsLargeForPowerLawData_SmallForExponentialData()
    {
        var rng = new Rng(3);
        // The test's power grows with the sample and with the smallest tail allowed: an exponential tail of a few dozen
        // points over a short range is indistinguishable from a steep power law (Clauset et al. 2009, section 4).
        var power = new double[2000];
        var exponential = new double[2000];
        for (int i = 0; i < power.Length; i++)
        {
            power[i] = Math.Pow(1 - rng.NextDouble(), -1 / 1.5);
            exponential[i] = 1 + rng.NextExponential();
        }

        var options = new PowerLawOptions { Replicates = 60, Seed = 1, MinTail = 200, MaxCandidates = 50 };
        var pPower = PowerLaw.GoodnessOfFit(power, PowerLaw.FitContinuous(power, options), options);
        var pExp = PowerLaw.GoodnessOfFit(exponential, PowerLaw.FitContinuous(exponential, options), options);
        Assert.Equal(60, pPower.Replicates);
        Assert.True(pPower.PValue > 0.1, $"power-law data p = {pPower.PValue}");
        Assert.True(pExp.PValue < 0.1, $"exponential data p = {pExp.PValue}");
    }

    [Fact]
    public void GoodnessOfFit_Discrete_IsLargeForZetaData()
    {
        var x = PowerLaw.SampleDiscrete(2.5, 1, 500, new Rng(9));
        var options = new PowerLawOptions { Replicates = 50, Seed = 2, MaxCandidates = 20 };
        var fit = PowerLaw.GoodnessOfFit(x, PowerLaw.FitDiscrete(x, options), options);
        Assert.True(fit.PValue > 0.1, $"p = {fit.PValue}");
    }

    [Fact]
    public void GoodnessOfFit_IsTheSameWhateverTheThreadCount()
    {
        var x = PowerLaw.SampleContinuous(2.0, 1, 300, new Rng(4));
        var options = new PowerLawOptions { Replicates = 40, Seed = 8 };
        var fit = PowerLaw.FitContinuous(x, options);
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            double one = PowerLaw.GoodnessOfFit(x, fit, options).PValue;
            Parallelism.MaxThreads = 4;
            Assert.Equal(one, PowerLaw.GoodnessOfFit(x, fit, options).PValue);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void InvalidData_IsRejectedWithTheIndex()
    {
        var e = Assert.Throws<ArgumentException>(() => PowerLaw.FitContinuous([1.0, 2.0, -3.0]));
        Assert.Contains("data[2] must be > 0", e.Message);
        var d = Assert.Throws<ArgumentException>(() => PowerLaw.FitDiscrete([1L, 0L]));
        Assert.Contains("data[1] must be >= 1; was 0", d.Message);
    }
}
