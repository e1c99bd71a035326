using Lapicque.Analysis;
using Lapicque.Numerics;

namespace Lapicque.Tests.Analysis;

public class AvalanchesTests
{
    [Fact]
    public void FromCounts_RunsBetweenEmptyBins_EdgeRunsDropped()
    {
        var set = Avalanches.FromCounts([1, 0, 2, 3, 0, 0, 1, 0, 4]);
        Assert.Equal([5L, 1L], set.Sizes);
        Assert.Equal([2, 1], set.Durations);
    }

    [Fact]
    public void FromTimes_BinsAtTheMeanInterEventInterval()
    {
        // Five events over 0.8 ms: mean interval 0.2 ms. Bins from 0.1: [0.1, 0.3) 3 events, [0.3, 0.5) none,
        // [0.5, 0.7) 1, [0.7, 0.9) none, [0.9, 1.1) 1: three avalanches of sizes 3, 1, 1.
        double[] times = [0.1, 0.1, 0.2, 0.5, 0.9];
        Assert.Equal(0.2, Avalanches.MeanInterEventInterval(times), 12);
        var set = Avalanches.FromTimes(times, resolution: 0.1);
        Assert.Equal(0.2, set.BinWidth, 12);
        Assert.Equal([3L, 1L, 1L], set.Sizes);
        Assert.Equal([1, 1, 1], set.Durations);
    }

    [Fact]
    public void FromStepCounts_RoundsTheBinToWholeSteps()
    {
        // 4 events from step 1 to step 9: mean interval 8 / 3 = 2.67 steps, rounded to 3.
        var set = Avalanches.FromStepCounts([0, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0]);
        Assert.Equal(3, set.BinWidth);
        Assert.Equal([1L, 2L, 0L, 1L], set.Counts);
    }

    [Fact]
    public void CriticalBranchingProcess_HasSizeExponentNearThreeHalves()
    {
        // Separated avalanches of a critical Poisson branching process (one seed, m = 1): sizes follow s^-3/2 (mean field).
        var rng = new Rng(12);
        var sizes = new long[3000];
        for (int k = 0; k < sizes.Length; k++)
        {
            long active = 1, size = 0;
            while (active > 0 && size < 1_000_000)
            {
                size += active;
                active = RandomVariates.Poisson(rng, active);
            }

            sizes[k] = size;
        }

        var fit = PowerLaw.FitDiscrete(sizes, new PowerLawOptions { MaxCandidates = 30 });
        Assert.Equal(1.5, fit.Alpha, 0.1);
    }
}
