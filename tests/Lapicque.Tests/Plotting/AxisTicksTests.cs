using Lapicque.Numerics;
using Lapicque.Plotting;

namespace Lapicque.Tests.Plotting;

public class AxisTicksTests
{
    public static IEnumerable<object[]> Ranges()
    {
        yield return [0.0, 200.0];
        yield return [0.0, 1.0];
        yield return [-65.0, 30.0];
        yield return [-1e-6, 3e-6];
        yield return [12345.0, 12346.0];
        yield return [0.001, 1e9];
        yield return [-70.2, -69.9];
        var rng = new Rng(20261122);
        for (int k = 0; k < 200; k++)
        {
            double scale = Math.Pow(10, rng.Uniform(-8, 9));
            double a = rng.Uniform(-1, 1) * scale;
            double b = a + (rng.Uniform(1e-3, 5) * scale);
            yield return [a, b];
        }
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Linear_CoversRange_WithOneTwoFiveSteps_AndFourToEightTicks(double lo, double hi)
    {
        var t = AxisTicks.Linear(lo, hi);

        Assert.InRange(t.Values.Count, 4, 8);
        Assert.True(t.Values[0] <= lo && t.Values[^1] >= hi, $"ticks {t.Values[0]}..{t.Values[^1]} do not cover [{lo}, {hi}]");

        // Not wider than needed: the bounds are the multiples of the step just outside the data.
        Assert.True(t.Values[0] > lo - t.Step && t.Values[^1] < hi + t.Step);

        double mantissa = t.Step / Math.Pow(10, Math.Floor(Math.Log10(t.Step) + 1e-9));
        Assert.Contains(Math.Round(mantissa, 9), new[] { 1.0, 2.0, 5.0 });
        for (int i = 1; i < t.Values.Count; i++)
        {
            Assert.Equal(t.Step, t.Values[i] - t.Values[i - 1], t.Step * 1e-6);
        }

        // The ticks are multiples of the step.
        foreach (double v in t.Values)
        {
            Assert.Equal(Math.Round(v / t.Step), v / t.Step, 1e-6);
        }
    }

    [Fact]
    public void Linear_KnownRanges_GiveTheHandPickedTicks()
    {
        Assert.Equal([0, 50, 100, 150, 200], AxisTicks.Linear(0, 200).Values);
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1], AxisTicks.Linear(0, 1).Values);
        Assert.Equal([-80, -60, -40, -20, 0, 20, 40], AxisTicks.Linear(-65, 30).Values);
    }

    [Theory]
    [InlineData(5.0, 5.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(-3e-9, -3e-9)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(double.NegativeInfinity, double.PositiveInfinity)]
    public void Linear_DegenerateInput_StillGivesAtLeastThreeFiniteTicks(double lo, double hi)
    {
        var t = AxisTicks.Linear(lo, hi);
        Assert.InRange(t.Values.Count, 3, 10);
        Assert.All(t.Values, v => Assert.True(double.IsFinite(v)));
        if (double.IsFinite(lo))
        {
            Assert.True(t.Values[0] <= lo && t.Values[^1] >= lo);
        }
    }

    [Fact]
    public void Log_GivesPowersOfTenCoveringTheRange()
    {
        var t = AxisTicks.Log(0.003, 200);
        Assert.Equal([0.001, 0.01, 0.1, 1, 10, 100, 1000], t.Values.Select(v => Math.Round(v, 12)).ToArray());
        Assert.Equal("0.001", t.Label(0.001));
        Assert.Equal("1000", t.Label(1000));

        var wide = AxisTicks.Log(1e-12, 1e12);
        Assert.InRange(wide.Values.Count, 3, 10);
        Assert.Equal("1E-12", wide.Label(1e-12));
    }

    [Fact]
    public void Label_UsesTheDecimalsTheStepNeeds()
    {
        var t = AxisTicks.Linear(0, 1);
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], t.Values.Select(t.Label).ToArray());
        var mv = AxisTicks.Linear(-65, 30);
        Assert.Equal("-80", mv.Label(-80));
        var tiny = AxisTicks.Linear(0, 3e-6);
        Assert.Contains("E", tiny.Label(tiny.Values[1]), StringComparison.Ordinal);
    }
}
