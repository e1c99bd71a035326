using System.Globalization;
using System.Xml.Linq;
using Lapicque.Plotting;
using static Lapicque.Tests.Plotting.SvgTestHelpers;

namespace Lapicque.Tests.Plotting;

public class ChartTests
{
    [Fact]
    public void LineChart_TwoSeries_DrawsOnePathEach_WithLegendAndAxisTitles()
    {
        double[] x = [0, 1, 2, 3, 4];
        var chart = new LineChart
        {
            Title = "loss & accuracy <test>",
            XAxis = new Axis { Label = "epoch" },
            YAxis = new Axis { Label = "loss", Unit = "nats" },
        };
        chart.Add("train", x, [2.0, 1.0, 0.5, 0.3, 0.2]).Add("validation", x, [2.1, 1.2, 0.7, 0.6, 0.6]);

        var doc = Parse(chart.ToSvg());
        var paths = All(doc, "path").ToArray();
        Assert.Contains(paths, p => p.Attribute("stroke")?.Value == Palette.Series[0]);
        Assert.Contains(paths, p => p.Attribute("stroke")?.Value == Palette.Series[1]);
        var texts = All(doc, "text").Select(t => t.Value).ToArray();
        Assert.Contains("train", texts);
        Assert.Contains("validation", texts);
        Assert.Contains("loss (nats)", texts);
        Assert.Contains("epoch", texts);
        Assert.Contains("loss & accuracy <test>", texts);
    }

    [Fact]
    public void LineChart_LogY_LabelsPowersOfTen_AndSkipsNonPositiveValues()
    {
        var chart = new LineChart { YAxis = new Axis { Log = true } };
        chart.Add("", [1, 2, 3, 4], [1000.0, 10.0, 0.0, 0.05]);
        var doc = Parse(chart.ToSvg());
        var texts = All(doc, "text").Select(t => t.Value).ToHashSet();
        Assert.Subset(texts, new HashSet<string> { "0.01", "0.1", "1", "10", "100", "1000" });

        // The zero breaks the line: two sub-paths, the first with two points and the second with one.
        string d = All(doc, "path").Single().Attribute("d")!.Value;
        Assert.Equal(2, d.Count(c => c == 'M'));
    }

    [Fact]
    public void LineChart_MillionPointTrace_StaysSmall_AndKeepsAOneSamplePeak()
    {
        const int n = 1_000_000;
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = i * 0.001;
            y[i] = Math.Sin(i * 1e-4);
        }

        y[654_321] = 10;
        var chart = new LineChart();
        chart.Add("v", x, y);
        string svg = chart.ToSvg();
        Assert.InRange(svg.Length, 1, 200_000);

        var doc = Parse(svg);
        var points = PathPoints(All(doc, "path").Single().Attribute("d")!.Value);
        var topTick = All(doc, "text").Single(t => t.Value == "10");
        double topY = Attr(topTick, "y") - (0.35 * Chart.TickFontSize);
        Assert.Equal(topY, points.Min(p => p.Y), 0.02);
    }

    [Fact]
    public void LineChart_Steps_HoldsEachValueUntilTheNextX()
    {
        var chart = new LineChart();
        chart.Add("", [0, 10, 20, 30], [0.0, 5.0, 5.0, 0.0], SeriesStyle.Steps);
        var doc = Parse(chart.ToSvg());
        var points = PathPoints(All(doc, "path").Single().Attribute("d")!.Value);

        // A staircase has only horizontal and vertical segments.
        for (int i = 1; i < points.Count; i++)
        {
            Assert.True(Math.Abs(points[i].X - points[i - 1].X) < 1e-9 || Math.Abs(points[i].Y - points[i - 1].Y) < 1e-9);
        }

        Assert.Equal(2, points.Select(p => Math.Round(p.Y, 2)).Distinct().Count());
    }

    [Fact]
    public void Charts_UnderACommaCulture_WriteInvariantNumbers()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CommaCulture();
            var chart = new ScatterPlot { XAxis = new Axis { Label = "x" } };
            chart.Add("p", [0.25, 0.5, 0.75], [1.5, 2.5, 3.5]);
            var doc = Parse(chart.ToSvg());
            foreach (var e in doc.Descendants())
            {
                foreach (var a in e.Attributes().Where(a => a.Name.LocalName is "x" or "y" or "cx" or "cy" or "r" or "width" or "height" or "x1" or "x2" or "y1" or "y2"))
                {
                    Assert.True(double.TryParse(a.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"{a.Name}=\"{a.Value}\"");
                }
            }

            var labels = All(doc, "text").Select(t => t.Value).ToArray();
            Assert.Contains("0.5", labels);
            Assert.DoesNotContain(labels, l => l.Contains(',', StringComparison.Ordinal));
            Assert.Equal(3 + 1, All(doc, "circle").Count());   // the points and the legend swatch
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Histogram_BinsAreOneTwoFiveMultiples_AndCountEveryFiniteValue()
    {
        var values = new double[1000];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i * 0.037;
        }

        var h = new Histogram([.. values, double.NaN, double.PositiveInfinity]);
        Assert.Equal(1000, h.Count);
        Assert.Equal(1000, h.Counts.Sum());
        double width = h.Edges[1] - h.Edges[0];
        double mantissa = width / Math.Pow(10, Math.Floor(Math.Log10(width) + 1e-9));
        Assert.Contains(Math.Round(mantissa, 9), new[] { 1.0, 2.0, 5.0 });
        Assert.InRange(h.Counts.Length, 5, 50);
        Assert.True(h.Edges[0] <= 0 && h.Edges[^1] > 999 * 0.037);

        var fixedWidth = new Histogram([0.5, 1.5, 1.7, 9.99], binWidth: 1);
        Assert.Equal([1, 2, 0, 0, 0, 0, 0, 0, 0, 1], fixedWidth.Counts);
        Parse(fixedWidth.ToSvg());
    }

    [Fact]
    public void RasterPlot_PopulationRate_OfRegularFiring_IsTheFiringRate()
    {
        // 100 neurons each firing every 100 ms (10 Hz), staggered: every 100 ms bin holds one spike per neuron.
        var times = new List<double>();
        var ids = new List<int>();
        for (int n = 0; n < 100; n++)
        {
            for (double t = n * 0.9; t < 1000; t += 100)
            {
                times.Add(t);
                ids.Add(n);
            }
        }

        double[] rate = RasterPlot.PopulationRateHz(times.ToArray(), 100, 1000, 100);
        Assert.Equal(10, rate.Length);
        Assert.All(rate, r => Assert.Equal(10.0, r, 1e-9));

        var plot = new RasterPlot(times.ToArray(), ids.ToArray(), 100, 1000) { Title = "regular" };
        var doc = Parse(plot.ToSvg());
        Assert.Contains("rate (Hz)", All(doc, "text").Select(t => t.Value));
        Assert.Contains("neuron", All(doc, "text").Select(t => t.Value));
    }

    [Fact]
    public void RasterPlot_LargeRaster_StaysBoundedBySizeNotSpikes()
    {
        // 4000 neurons at about 40 Hz for 1 s: 160 000 spikes.
        var rng = new Lapicque.Numerics.Rng(3);
        int count = 160_000;
        var times = new double[count];
        var ids = new int[count];
        for (int k = 0; k < count; k++)
        {
            times[k] = rng.Uniform(0, 1000);
            ids[k] = rng.NextInt(4000);
        }

        string svg = new RasterPlot(times, ids, 4000, 1000).ToSvg();
        Parse(svg);
        Assert.InRange(svg.Length, 1, 3_000_000);
    }

    [Fact]
    public void RasterPanel_ContinuousFiring_MergesEachRowIntoOneSegment()
    {
        // 10 neurons firing every 0.1 ms for 1 s: 100 000 spikes, but every row is one unbroken run.
        var times = new List<double>();
        var ids = new List<int>();
        for (int n = 0; n < 10; n++)
        {
            for (int k = 0; k < 10_000; k++)
            {
                times.Add(k * 0.1);
                ids.Add(n);
            }
        }

        var panel = new SpikeRasterPanel(times.ToArray(), ids.ToArray(), 10, 1000) { XAxis = new Axis { Min = 0, Max = 1000 } };
        Parse(panel.ToSvg());
        Assert.Equal(10, panel.Segments);
    }

    [Fact]
    public void Heatmap_ConfusionMatrix_ColoursExtremesWithViridis_AndPrintsValues()
    {
        var m = new double[,] { { 50, 2, 0 }, { 3, 40, 7 }, { 0, 5, 45 } };
        var heat = new Heatmap(m) { RowTitle = "true class", ColumnTitle = "predicted class", ColorTitle = "count", Title = "confusion" };
        var doc = Parse(heat.ToSvg());
        var fills = All(doc, "rect").Select(r => r.Attribute("fill")!.Value).ToArray();
        Assert.Contains("#fde725", fills);   // viridis(1): the 50
        Assert.Contains("#440154", fills);   // viridis(0): the zeros
        var texts = All(doc, "text").Select(t => t.Value).ToArray();
        foreach (string v in new[] { "50", "2", "3", "40", "7", "5", "45" })
        {
            Assert.Contains(v, texts);
        }

        Assert.Contains("predicted class", texts);
        Assert.Contains("true class", texts);
    }

    [Fact]
    public void Heatmap_LargeMatrix_IsEmbeddedAsOnePng()
    {
        var m = new double[100, 100];
        for (int i = 0; i < 100; i++)
        {
            for (int j = 0; j < 100; j++)
            {
                m[i, j] = Math.Sin(i * 0.1) * Math.Cos(j * 0.1);
            }
        }

        var doc = Parse(new Heatmap(m).ToSvg());
        var image = All(doc, "image").Single();
        Assert.StartsWith("data:image/png;base64,", image.Attribute("href")!.Value, StringComparison.Ordinal);
        Assert.True(All(doc, "rect").Count() < 200);
    }

    [Fact]
    public void ImageGrid_MapsValuesToGray_ByTheChosenScaling()
    {
        var grid = new ImageGrid(2, 2) { ColumnsPerRow = 2 };
        grid.Add([0f, 1f, 2f, 4f], "a").Add([-1f, 0f, 0.5f, 1f], "b").Add([3f, 3f, 3f, 3f]);
        Assert.Equal(new byte[] { 0, 64, 128, 255 }, grid.GrayLevels(0));

        var signed = new ImageGrid(2, 2) { Scaling = ImageScaling.Symmetric };
        signed.Add([-1f, 0f, 0.5f, 1f]);
        Assert.Equal(new byte[] { 0, 128, 191, 255 }, signed.GrayLevels(0));

        var global = new ImageGrid(2, 2) { Scaling = ImageScaling.Global };
        global.Add([0f, 1f, 2f, 4f]).Add([0f, 0f, 0f, 8f]);
        Assert.Equal(new byte[] { 0, 32, 64, 128 }, global.GrayLevels(0));

        var doc = Parse(grid.ToSvg());
        Assert.Equal(3, All(doc, "image").Count());
        Assert.Contains("a", All(doc, "text").Select(t => t.Value));
    }

    [Fact]
    public void PanelStack_AlignsPlotAreas_AndLabelsOnlyTheBottomXAxis()
    {
        var top = new LineChart { YAxis = new Axis { Label = "v", Unit = "mV" }, XAxis = new Axis { Label = "time", Unit = "ms" } };
        top.Add("v", [0, 50, 100], [-70.0, -50.0, -65.0]);
        var bottom = new LineChart { YAxis = new Axis { Label = "I", Unit = "pA" }, XAxis = new Axis { Label = "time", Unit = "ms" } };
        bottom.Add("i", [0, 50, 100, 150], [0.0, 1000.0, 1000.0, 0.0], SeriesStyle.Steps);
        var doc = Parse(new PanelStack().Add(top, 2).Add(bottom).ToSvg());

        // The y-axis spines: vertical ink lines taller than tick marks; both at the same x.
        var spines = All(doc, "line")
            .Where(l => l.Attribute("stroke")?.Value == Palette.Ink && Attr(l, "x1") == Attr(l, "x2") && Math.Abs(Attr(l, "y2") - Attr(l, "y1")) > 20)
            .ToArray();
        Assert.Equal(2, spines.Length);
        Assert.Equal(Attr(spines[0], "x1"), Attr(spines[1], "x1"));

        // One x title, and the shared x range covers the longer panel (0..150).
        var texts = All(doc, "text").Select(t => t.Value).ToArray();
        Assert.Single(texts, t => t == "time (ms)");
        Assert.Single(texts, t => t == "150");
    }

    [Fact]
    public void Bars_StartAtZero_AndTheLastBarIsAsWideAsTheOneBefore()
    {
        var chart = new LineChart { ShowLegend = false };
        chart.Add("", [0, 1, 2], [3.0, 5.0, 4.0], SeriesStyle.Bars);
        var doc = Parse(chart.ToSvg());
        var bars = All(doc, "path").Single(p => p.Attribute("fill")?.Value == Palette.Series[0]);
        var points = PathPoints(bars.Attribute("d")!.Value);

        // Three closed rectangles of four points each, all of the same width, standing on the same baseline.
        Assert.Equal(12, points.Count);
        double[] widths = [points[2].X - points[1].X, points[6].X - points[5].X, points[10].X - points[9].X];
        Assert.All(widths, w => Assert.Equal(widths[0], w, 0.02));
        Assert.Single(new[] { points[0].Y, points[3].Y, points[4].Y, points[7].Y, points[8].Y, points[11].Y }.Distinct());
        Assert.Contains("0", All(doc, "text").Select(t => t.Value));
        Assert.Contains("3", All(doc, "text").Select(t => t.Value));
    }

    [Fact]
    public void SeriesChart_MismatchedLengths_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() => new LineChart().Add("s", [1.0, 2.0], [1.0]));
        Assert.Contains("x.Length was 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_WritesUtf8WithoutBom()
    {
        string path = Path.Combine(Path.GetTempPath(), $"lapicque-chart-{Guid.NewGuid():N}.svg");
        try
        {
            var chart = new LineChart { Title = "\u00b5s" };
            chart.Add("", [0, 1], [0.0, 1.0]);
            chart.Save(path);
            byte[] bytes = File.ReadAllBytes(path);
            Assert.NotEqual(0xEF, bytes[0]);
            Assert.Equal("\u00b5s", All(XDocument.Load(path), "text").First().Value);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
