using System.Globalization;
using Lapicque.Analysis;
using Xunit.Abstractions;

namespace Lapicque.Tests.Analysis;

public class CriticalitySweepTests
{
    private readonly ITestOutputHelper _output;

    public CriticalitySweepTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void BranchingRatioCrossesOne_WhereSizesFollowThreeHalves()
    {
        var options = new CriticalitySweepOptions { Couplings = [0.8, 0.9, 1.0, 1.1, 1.2], Trials = 1500, Seed = 3 };
        var points = CriticalitySweep.Run(options);
        var csv = new StringWriter(CultureInfo.InvariantCulture);
        CriticalitySweep.WriteCsv(csv, points);
        _output.WriteLine(csv.ToString());

        // The estimators follow the coupling: below 1 subcritical, above 1 supercritical.
        for (int i = 0; i < points.Length; i++)
        {
            Assert.Equal(points[i].Coupling, points[i].Harris, 0.06);
            Assert.Equal(points[i].Coupling, points[i].MultistepRegression, 0.08);
        }

        Assert.True(points[1].MultistepRegression < 1 && points[3].MultistepRegression > 1);

        // At sigma = 1 sizes follow s^-alpha with alpha near 3/2; subcritical sizes fall off much faster.
        var critical = points[2].SizeFit!;
        Assert.Equal(1.5, critical.Alpha, 0.2);
        Assert.True(points[0].SizeFit!.Alpha > critical.Alpha + 0.3, $"alpha at 0.8: {points[0].SizeFit!.Alpha}");
        Assert.True(points[0].MeanSize < points[2].MeanSize);
        Assert.True(points[4].CappedFraction > 0.2);
        Assert.Equal(6, csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
