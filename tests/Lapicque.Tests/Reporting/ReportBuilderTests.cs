using System.Text.RegularExpressions;
using System.Xml.Linq;
using Lapicque.Learning.Metrics;
using Lapicque.Numerics;
using Lapicque.Reporting;

namespace Lapicque.Tests.Reporting;

public partial class ReportBuilderTests
{
    [GeneratedRegex("<svg.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Svg();

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex Id();

    [GeneratedRegex("url\\(#([^)]+)\\)")]
    private static partial Regex Reference();

    internal static ReportBuilder Full()
    {
        var rng = new Rng(11);
        var metrics = Enumerable.Range(1, 6).Select(e => new EpochMetrics(
            e, 1.5 / e, 1 - (0.5 / e), 1.6 / e, 1 - (0.55 / e), 1e-3, 3000 + (10 * e), 0.2, 40 + e)).ToList();
        var cm = new ConfusionMatrix(10);
        for (int i = 0; i < 2000; i++)
        {
            int t = rng.NextInt(10);
            cm.Add(t, rng.NextDouble() < 0.9 ? t : rng.NextInt(10));
        }

        var b = new ReportBuilder("mnist-fc <test> & co") { Subtitle = "runs/mnist-fc-20261122-120304" }
            .WithMetrics(metrics)
            .WithConfusionMatrix(cm)
            .AddMetric("test loss", 0.0712)
            .WithConfig("{\n  \"dataset\": \"mnist\",\n  \"note\": \"</pre><script>\"\n}");
        int[] sizes = [784, 1000, 10];
        string[] names = ["input", "hidden", "output"];
        for (int l = 0; l < 3; l++)
        {
            var times = new List<double>();
            var neurons = new List<int>();
            var rates = new double[sizes[l]];
            for (int n = 0; n < sizes[l]; n++)
            {
                double p = l == 0 ? 0.3 * rng.NextDouble() : 0.08 * rng.NextDouble() * rng.NextDouble();
                for (int t = 0; t < 25; t++)
                {
                    if (rng.NextDouble() < p)
                    {
                        times.Add(t);
                        neurons.Add(n);
                        rates[n] += 1000.0 / 25;
                    }
                }
            }

            b.AddRasterLayer(names[l], times.ToArray(), neurons.ToArray(), sizes[l], 25);
            b.AddFiringRates(names[l], rates);
        }

        return b;
    }

    [Fact]
    public void FullReport_IsSelfContainedWithEverySection()
    {
        string html = Full().ToHtml();
        foreach (string heading in new[] { "Final metrics", "Training curves", "Confusion matrix", "Spike raster", "Firing rates per layer", "Configuration" })
        {
            Assert.Contains("<h2>" + heading + "</h2>", html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase); // the config's "<script>" is escaped
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("href=\"(?!data:)", html); // embedded bitmaps only, as data: URIs
        Assert.Contains("mnist-fc &lt;test&gt; &amp; co", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/pre&gt;&lt;script&gt;", html, StringComparison.Ordinal);

        var svgs = Svg().Matches(html).Select(m => m.Value).ToList();
        Assert.Equal(2 + 1 + 1 + 3, svgs.Count); // loss, accuracy, confusion, raster, three histograms
        foreach (string svg in svgs)
        {
            Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName); // each inline SVG is well-formed XML
        }

        // Ids are unique across the page and every clip reference resolves to its own chart's clip path.
        var ids = Id().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (string svg in svgs)
        {
            var local = Id().Matches(svg).Select(m => m.Groups[1].Value).ToHashSet();
            Assert.All(Reference().Matches(svg), r => Assert.Contains(r.Groups[1].Value, local));
        }
    }

    [Fact]
    public void FinalMetrics_ComeFromTheLastEpochAndTheBestValidation()
    {
        var metrics = new[]
        {
            new EpochMetrics(1, 0.9, 0.7, 0.8, 0.75, Seconds: 10),
            new EpochMetrics(2, 0.5, 0.8, 0.6, 0.85, Seconds: 12),
            new EpochMetrics(3, 0.4, 0.9, 0.7, 0.80, Seconds: 14),
        };
        string html = new ReportBuilder("r").WithMetrics(metrics).ToHtml();
        Assert.Contains("<tr><th>final validation accuracy</th><td>80.00 %</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>best validation accuracy</th><td>85.00 % (epoch 2)</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>training time</th><td>36 s (12 s per epoch)</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void PerClassTable_MatchesTheConfusionMatrix()
    {
        var cm = new ConfusionMatrix(2);
        cm.Add([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0]);
        string html = new ReportBuilder("r").WithConfusionMatrix(cm, ["cat", "dog"]).ToHtml();
        Assert.Contains("<tr><td>cat</td><td>75.00 %</td><td>75.00 %</td><td>4</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>dog</td><td>50.00 %</td><td>50.00 %</td><td>2</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("66.67 % (4 of 6)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyReport_HasOnlyTheTitle()
    {
        string html = new ReportBuilder("nothing yet").ToHtml();
        Assert.DoesNotContain("<h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<h1>nothing yet</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void BadRasterInput_IsRejected()
    {
        var b = new ReportBuilder("r");
        Assert.Throws<ArgumentException>(() => b.AddRasterLayer("l", [1.0, 2.0], [0], 5, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.AddRasterLayer("l", [1.0], [5], 5, 10));
        Assert.Throws<ArgumentException>(() => b.WithConfusionMatrix(new ConfusionMatrix(3), ["a"]));
    }

    [Fact]
    public void WritesDemoReport_WhenAsked()
    {
        // Set LAPICQUE_REPORT_DEMO=path to write the full example for inspection in a browser.
        string? path = Environment.GetEnvironmentVariable("LAPICQUE_REPORT_DEMO");
        if (path is not null)
        {
            Full().Save(path);
            Assert.True(File.Exists(path));
        }
    }
}
