using Lapicque.Data;
using Lapicque.Learning.Evolution;
using Xunit.Abstractions;

namespace Lapicque.Tests.Learning.Evolution;

public class YinYangSnnTests
{
    private readonly ITestOutputHelper _output;

    public YinYangSnnTests(ITestOutputHelper output) => _output = output;

    private static YinYangSet Subset(YinYangSet set, int count) =>
        new(set.Features.AsSpan(0, count * YinYang.FeatureCount).ToArray(), set.Labels.AsSpan(0, count).ToArray());

    [Fact]
    public void CmaEs_TrainsTheSpikingClassifier_WellAboveChance()
    {
        var net = new YinYangSnn(hidden: 8);
        var train = Subset(YinYang.Train(), 150);
        var test = Subset(YinYang.Test(), 300);
        var start = net.InitialParameters(1);
        double before = net.Accuracy(start, test);
        var result = new CmaEs(new CmaEsOptions { InitialSigma = 0.5, MaxEvaluations = 600, Seed = 1 })
            .Minimize(p => net.Loss(p, train), start);
        double after = net.Accuracy(result.Best, test);
        _output.WriteLine($"params {net.ParameterCount}, evaluations {result.Evaluations}, test accuracy {before:F3} -> {after:F3}, loss {result.BestValue:F3}");

        // Chance is about 1/3 (the three classes are roughly balanced); the loss starts near or above ln 3.
        Assert.True(after > 0.6, $"test accuracy {after}");
        Assert.True(result.BestValue < net.Loss(start, train));
    }

    [Fact]
    public void WrongParameterCount_IsRejected()
    {
        var net = new YinYangSnn(hidden: 4);
        var e = Assert.Throws<ArgumentException>(() => net.Loss(new double[3], YinYang.Test()));
        Assert.Contains("parameters.Length must be 32; was 3", e.Message);
    }
}
