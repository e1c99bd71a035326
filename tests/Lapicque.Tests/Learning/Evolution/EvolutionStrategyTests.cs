using Lapicque.Learning.Evolution;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Evolution;

public class EvolutionStrategyTests
{
    private static double[] Filled(int n, double v) => Enumerable.Repeat(v, n).ToArray();

    [Fact]
    public void Sphere10_WithAdam_ReachesTolerance_WithinBudget()
    {
        var es = new EvolutionStrategy(new EvolutionStrategyOptions
        {
            Pairs = 20, Sigma = 0.05, LearningRate = 0.02, MaxEvaluations = 41 * 400, TargetValue = 1e-2, Seed = 1,
        });
        var r = es.Minimize(TestFunctions.Sphere, Filled(10, 1.0));
        Assert.Equal("target", r.StopReason);
        Assert.True(TestFunctions.Sphere(r.Center) <= 1e-2 || r.BestValue <= 1e-2);
    }

    [Fact]
    public void Sphere_WithSgd_DescendsAlongTheTrueGradientDirection()
    {
        // On the sphere the gradient at x points along x; the first SGD step must shrink every coordinate.
        var es = new EvolutionStrategy(new EvolutionStrategyOptions
        {
            Pairs = 200, Sigma = 0.1, LearningRate = 0.05, Optimizer = EsOptimizer.Sgd, MaxGenerations = 1, Seed = 2,
        });
        var start = new[] { 1.0, -2.0, 0.5 };
        var r = es.Minimize(TestFunctions.Sphere, start);
        for (int i = 0; i < start.Length; i++)
        {
            Assert.True(Math.Abs(r.Center[i]) < Math.Abs(start[i]), $"coordinate {i}: {r.Center[i]}");
        }

        var longer = new EvolutionStrategy(es.Options with { MaxGenerations = 300, LearningRate = 0.01 }).Minimize(TestFunctions.Sphere, start);
        Assert.True(TestFunctions.Sphere(longer.Center) < 0.05, $"f = {TestFunctions.Sphere(longer.Center)}");
    }

    [Fact]
    public void Rosenbrock2_Approaches_TheMinimum()
    {
        var es = new EvolutionStrategy(new EvolutionStrategyOptions { Pairs = 25, Sigma = 0.05, LearningRate = 0.02, MaxGenerations = 1500, Seed = 3 });
        var r = es.Minimize(TestFunctions.Rosenbrock, [-1.0, 1.0]);
        Assert.True(r.BestValue < 0.05, $"f = {r.BestValue}");
    }

    [Fact]
    public void RankShaping_MakesTheRunInvariantToMonotoneTransforms()
    {
        // exp(f) has the same ranks as f, so the whole trajectory must be identical.
        var options = new EvolutionStrategyOptions { Pairs = 10, MaxGenerations = 30, EvaluateCenter = false, Seed = 4 };
        var a = new EvolutionStrategy(options).Minimize(TestFunctions.Rosenbrock, [0.3, -0.2, 0.1]);
        var b = new EvolutionStrategy(options).Minimize(x => Math.Exp(TestFunctions.Rosenbrock(x)), [0.3, -0.2, 0.1]);
        Assert.Equal(a.Center, b.Center);
    }

    [Fact]
    public void SameSeed_SameBits_WhateverTheThreadCount()
    {
        var options = new EvolutionStrategyOptions { Pairs = 16, MaxGenerations = 25, Seed = 5 };
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = new EvolutionStrategy(options).Minimize(TestFunctions.Rosenbrock, Filled(5, 0.0));
            Parallelism.MaxThreads = 4;
            var four = new EvolutionStrategy(options).Minimize(TestFunctions.Rosenbrock, Filled(5, 0.0));
            Assert.Equal(one.Center, four.Center);
            Assert.Equal(one.Best, four.Best);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void InvalidOptions_NameTheField()
    {
        var e = Assert.Throws<ArgumentException>(() => new EvolutionStrategy(new EvolutionStrategyOptions { Pairs = 0 }));
        Assert.Contains("Pairs must be >= 1; was 0", e.Message);
    }
}
