using Lapicque.Analysis;
using Lapicque.Numerics;

namespace Lapicque.Tests.Analysis;

public class SpikeStatisticsTests
{
    private static List<double> Poisson(Rng rng, double rateHz, double durationMs)
    {
        var t = new List<double>();
        double time = 0;
        while (true)
        {
            time += rng.NextExponential() * 1000.0 / rateHz;
            if (time >= durationMs)
            {
                return t;
            }

            t.Add(time);
        }
    }

    [Fact]
    public void PoissonTrains_HaveCvAndFanoNearOne_AndLowSynchrony()
    {
        var rng = new Rng(5);
        var trains = Enumerable.Range(0, 200).Select(_ => (IReadOnlyList<double>)Poisson(rng, 20, 10_000)).ToList();
        Assert.InRange(SpikeStatistics.MeanRateHz(trains, 10_000), 19.5, 20.5);
        Assert.InRange(SpikeStatistics.MeanIsiCv(trains), 0.95, 1.05);
        Assert.InRange(SpikeStatistics.MeanFanoFactor(trains, 10_000, 100), 0.9, 1.1);

        // Independent trains: chi about 1/sqrt(N) = 0.07.
        Assert.InRange(SpikeStatistics.Synchrony(trains, 10_000, 5), 0.0, 0.12);
    }

    [Fact]
    public void RegularTrains_HaveZeroCv_AndIdenticalTrainsFullSynchrony()
    {
        var regular = Enumerable.Range(0, 100).Select(k => 10.0 * (k + 1)).ToList();
        var trains = Enumerable.Range(0, 50).Select(_ => (IReadOnlyList<double>)regular).ToList();
        Assert.Equal(0.0, SpikeStatistics.MeanIsiCv(trains), 9);
        Assert.Equal(1.0, SpikeStatistics.Synchrony(trains, 1000, 5), 9);
    }
}
