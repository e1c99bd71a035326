using Lapicque.Learning.Evolution;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Evolution;

public class CmaEsTests
{
    private static double[] Filled(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    [Fact]
    public void Sphere10_ReachesTolerance_WithinBudget()
    {
        // Hansen's tutorial: on the sphere CMA-ES converges linearly; 10-D to 1e-10 takes a few thousand evaluations.
        var r = new CmaEs(new CmaEsOptions { InitialSigma = 0.5, TargetValue = 1e-10, MaxEvaluations = 10_000, Seed = 1 })
            .Minimize(TestFunctions.Sphere, Filled(10, 1.0));
        Assert.Equal("target", r.StopReason);
        Assert.True(r.BestValue <= 1e-10);
        Assert.True(r.Evaluations < 10_000);
        Assert.Equal(TestFunctions.Sphere(r.Best), r.BestValue);
    }

    [Theory]
    [InlineData(5, 20_000)]
    [InlineData(10, 40_000)]
    public void Rosenbrock_ReachesTheValleyMinimum_WithinBudget(int n, int budget)
    {
        var r = new CmaEs(new CmaEsOptions { InitialSigma = 0.5, TargetValue = 1e-10, MaxEvaluations = budget, Seed = 2 })
            .Minimize(TestFunctions.Rosenbrock, Filled(n, 0.0));
        Assert.True(r.BestValue <= 1e-10, $"f = {r.BestValue} after {r.Evaluations}");
        foreach (double v in r.Best)
        {
            Assert.Equal(1.0, v, 1e-4);
        }
    }

    [Fact]
    public void IllConditionedEllipsoid_IsSolved_ByAdaptingTheCovariance()
    {
        // Condition 1e6: without covariance adaptation the step size would follow the narrowest axis.
        var r = new CmaEs(new CmaEsOptions { InitialSigma = 1, TargetValue = 1e-8, MaxEvaluations = 30_000, Seed = 3 })
            .Minimize(TestFunctions.Ellipsoid, Filled(8, 1.0));
        Assert.True(r.BestValue <= 1e-8, $"f = {r.BestValue}");
    }

    [Fact]
    public void SameSeed_SameBits_WhateverTheThreadCount()
    {
        var options = new CmaEsOptions { MaxGenerations = 40, Seed = 9, PopulationSize = 16 };
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = new CmaEs(options).Minimize(TestFunctions.Rosenbrock, Filled(6, 0.0));
            Parallelism.MaxThreads = 4;
            var four = new CmaEs(options).Minimize(TestFunctions.Rosenbrock, Filled(6, 0.0));
            Assert.Equal(one.Best, four.Best);
            Assert.Equal(one.Center, four.Center);
            Assert.Equal(one.BestValue, four.BestValue);
            var other = new CmaEs(options with { Seed = 10 }).Minimize(TestFunctions.Rosenbrock, Filled(6, 0.0));
            Assert.NotEqual(one.Best, other.Best);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void Budget_IsNeverExceeded_AndHistoryCountsEvaluations()
    {
        // n = 4: lambda = 4 + floor(3 ln 4) = 8; a budget of 100 allows 12 generations (96 evaluations).
        var r = new CmaEs(new CmaEsOptions { MaxEvaluations = 100 }).Minimize(TestFunctions.Sphere, Filled(4, 3.0));
        Assert.Equal("evaluations", r.StopReason);
        Assert.Equal(96, r.Evaluations);
        Assert.Equal(12, r.History.Count);
        Assert.Equal(8, r.History[0].Evaluations);
    }

    [Fact]
    public void InvalidOptions_NameTheField()
    {
        var e = Assert.Throws<ArgumentException>(() => new CmaEs(new CmaEsOptions { InitialSigma = -1 }));
        Assert.Contains("InitialSigma must be > 0; was -1", e.Message);
    }
}
