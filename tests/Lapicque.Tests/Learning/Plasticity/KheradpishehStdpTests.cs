using Lapicque.Learning.Plasticity;

namespace Lapicque.Tests.Learning.Plasticity;

public class KheradpishehStdpTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.97)]
    public void Window_IsTheSignOfTheTiming_TimesTheSoftBound(double w0)
    {
        double[] delays = Enumerable.Range(-10, 21).Select(k => k * 10.0).Concat([-0.5, 0.5]).ToArray();
        var dw = PairingProtocol.Window(() => new KheradpishehStdp(0.004, 0.003), w0, delays);
        for (int k = 0; k < delays.Length; k++)
        {
            // dw = a+ w (1 - w) for t_pre <= t_post, a- w (1 - w) otherwise (a+ = 0.004, a- = -0.003), whatever |d|.
            double expected = (delays[k] >= 0 ? 0.004 : -0.003) * w0 * (1 - w0);
            Assert.Equal(expected, dw[k], 7);
        }
    }

    [Fact]
    public void RepeatedPotentiation_StaysBelowOne_AndFollowsTheLogisticMap()
    {
        var times = Enumerable.Range(1, 200).Select(k => k * 5.0).ToArray();
        double w = PairingProtocol.Run(new KheradpishehStdp(0.05, 0.03, oncePerPresentation: false), 0.2, times, times);
        double expected = 0.2;
        for (int k = 0; k < times.Length; k++)
        {
            expected += 0.05 * expected * (1 - expected);
        }

        Assert.InRange(w, 0.0, 1.0);
        Assert.Equal(expected, w, 4);
    }

    [Fact]
    public void OncePerPresentation_LearnsAtTheFirstPostSpikeOnly()
    {
        double w = PairingProtocol.Run(new KheradpishehStdp(0.1, 0.1), 0.5, [5], [10, 20, 30]);
        Assert.Equal(0.5 + (0.1 * 0.25), w, 6);
    }
}
