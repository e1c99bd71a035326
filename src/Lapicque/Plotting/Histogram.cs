namespace Lapicque.Plotting;

/// <summary>
/// A histogram of values (for example inter-spike intervals), with equal bins whose width is a 1-2-5 number and whose
/// edges are multiples of it. By default about sqrt(n) bins (5 to 50); values that are not finite are ignored.
/// </summary>
public sealed class Histogram : XYChart
{
    /// <summary>Bins the values. <paramref name="binWidth"/> fixes the width (&gt; 0); otherwise it is chosen from the data.</summary>
    public Histogram(ReadOnlySpan<double> values, double? binWidth = null)
    {
        var finite = new List<double>(values.Length);
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                finite.Add(v);
            }
        }

        Count = finite.Count;
        if (binWidth is double w)
        {
            Check.Positive(w, nameof(binWidth));
        }

        if (finite.Count == 0)
        {
            Edges = [0, binWidth ?? 1];
            Counts = [0];
            return;
        }

        double lo = finite.Min(), hi = finite.Max();
        double width = binWidth ?? NiceBinWidth(lo, hi, Math.Clamp((int)Math.Round(Math.Sqrt(finite.Count)), 5, 50));
        long first = (long)Math.Floor(lo / width);
        long last = Math.Max(first + 1, (long)Math.Floor(hi / width) + 1);
        int bins = (int)Math.Min(last - first, 100_000);
        Edges = new double[bins + 1];
        for (int k = 0; k <= bins; k++)
        {
            Edges[k] = (first + k) * width;
        }

        Counts = new int[bins];
        foreach (double v in finite)
        {
            int k = (int)Math.Clamp(Math.Floor(v / width) - first, 0, bins - 1);
            Counts[k]++;
        }
    }

    /// <summary>Bin edges, length <c>Counts.Length + 1</c>; bin k holds values in [Edges[k], Edges[k+1]).</summary>
    public double[] Edges { get; }

    /// <summary>Number of values in each bin.</summary>
    public int[] Counts { get; }

    /// <summary>Number of finite values binned.</summary>
    public int Count { get; }

    /// <summary>Plot the probability density (count / (n * width)) instead of the counts.</summary>
    public bool Density { get; init; }

    /// <summary>Bar colour.</summary>
    public string Color { get; init; } = Palette.Series[0];

    /// <summary>Smallest 1-2-5 width that splits [lo, hi] into at most <paramref name="targetBins"/> bins.</summary>
    public static double NiceBinWidth(double lo, double hi, int targetBins)
    {
        double span = hi - lo;
        if (!(span > 0))
        {
            return Math.Abs(hi) > 0 ? Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(hi))) - 1) : 1;
        }

        double raw = span / targetBins;
        double decade = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double m in (ReadOnlySpan<double>)[1, 2, 5, 10])
        {
            if (m * decade >= raw * (1 - 1e-12))
            {
                return m * decade;
            }
        }

        return 10 * decade;
    }

    private double BarHeight(int k) => Density ? Counts[k] / (Count * (Edges[k + 1] - Edges[k])) : Counts[k];

    /// <inheritdoc/>
    protected override (double Min, double Max) XDataRange() => (Edges[0], Edges[^1]);

    /// <inheritdoc/>
    protected override (double Min, double Max) YDataRange(double xMin, double xMax)
    {
        double hi = 0;
        for (int k = 0; k < Counts.Length; k++)
        {
            hi = Math.Max(hi, BarHeight(k));
        }

        return (0, hi > 0 ? hi : 1);
    }

    /// <inheritdoc/>
    protected override void DrawData(SvgWriter svg, PlotFrame frame)
    {
        var path = new PathBuilder();
        double baseY = frame.Py(Math.Max(frame.Y.Min, 0));
        for (int k = 0; k < Counts.Length; k++)
        {
            if (Counts[k] == 0)
            {
                continue;
            }

            path.MoveTo(frame.Px(Edges[k]), baseY).VerticalTo(frame.Py(BarHeight(k))).HorizontalTo(frame.Px(Edges[k + 1])).VerticalTo(baseY).Close();
        }

        svg.Path(path.ToString(), "#ffffff", 0.6, Color);
    }
}
