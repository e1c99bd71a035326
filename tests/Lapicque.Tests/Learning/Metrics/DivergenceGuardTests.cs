using Lapicque.Learning.Metrics;
using Lapicque.Learning.Optimizers;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Learning.Metrics;

public class DivergenceGuardTests
{
    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void FirstNonFinite_MatchesScalarTwin_ForEveryPositionAndKind(int n)
    {
        var clean = Enumerable.Range(0, n).Select(i => (float)Math.Sin(i) * 1e30f).ToArray();
        Assert.Equal(-1, DivergenceGuard.FirstNonFinite<float>(clean));
        Assert.Equal(-1, DivergenceGuard.FirstNonFiniteScalar<float>(clean));
        int[] positions = n == 0 ? [] : n > 50 ? [0, n / 2, n - 1] : Enumerable.Range(0, n).ToArray();
        foreach (int at in positions)
        {
            foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
            {
                var x = (float[])clean.Clone();
                x[at] = bad;
                if (at + 1 < n)
                {
                    x[n - 1] = float.NaN; // a later one must not be reported first
                }

                Assert.Equal(at, DivergenceGuard.FirstNonFiniteScalar<float>(x));
                Assert.Equal(at, DivergenceGuard.FirstNonFinite<float>(x));
                var d = x.Select(v => (double)v).ToArray();
                Assert.Equal(at, DivergenceGuard.FirstNonFinite<double>(d));
            }
        }
    }

    [Fact]
    public void CheckLoss_NamesEpochStepAndQuantity()
    {
        DivergenceGuard.CheckLoss(0.3, 1, 10);
        var e = Assert.Throws<TrainingDivergedException>(() => DivergenceGuard.CheckLoss(double.NaN, 3, 1207));
        Assert.Equal(3, e.Epoch);
        Assert.Equal(1207, e.Step);
        Assert.Equal("loss", e.Quantity);
        Assert.StartsWith("Training diverged at epoch 3, step 1207: loss is NaN.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckGradients_NamesTheParameterAndIndex()
    {
        var a = new Parameter<float>("fc1.weight", new float[40]);
        var b = new Parameter<float>("fc2.weight", new float[40]);
        DivergenceGuard.CheckGradients([a, b], 2, 5);
        b.Gradient[17] = float.NegativeInfinity;
        var e = Assert.Throws<TrainingDivergedException>(() => DivergenceGuard.CheckGradients([a, b], 2, 5));
        Assert.Equal("gradient of fc2.weight[17]", e.Quantity);
        Assert.Equal(double.NegativeInfinity, e.Value);
        a.Value[3] = float.NaN;
        Assert.Equal("value of fc1.weight[3]", Assert.Throws<TrainingDivergedException>(() => DivergenceGuard.CheckValues([a, b], 2, 5)).Quantity);
    }
}
