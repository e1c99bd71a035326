namespace Lapicque.Plotting;

/// <summary>An x-y chart of one or more <see cref="Series"/> (the shared part of <see cref="LineChart"/> and <see cref="ScatterPlot"/>).</summary>
public abstract class SeriesChart : XYChart
{
    private readonly List<Series> _series = [];

    /// <summary>The series in drawing order.</summary>
    public IReadOnlyList<Series> Series => _series;

    /// <summary>Line width in pixels.</summary>
    public double LineWidth { get; init; } = 1.5;

    /// <summary>Marker radius in pixels.</summary>
    public double MarkerRadius { get; init; } = 3;

    /// <summary>Style used by the Add overloads that take none.</summary>
    protected abstract SeriesStyle DefaultStyle { get; }

    /// <summary>Adds a series (copies the data). Throws when the lengths differ.</summary>
    public SeriesChart Add(string name, ReadOnlySpan<double> x, ReadOnlySpan<double> y, SeriesStyle? style = null, string? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Series '{name}': x.Length was {x.Length} and y.Length {y.Length}; they must be equal.", nameof(y));
        }

        _series.Add(new Series(name, x.ToArray(), y.ToArray(), style ?? DefaultStyle, color));
        return this;
    }

    /// <summary>Adds a series of floats (copies the data).</summary>
    public SeriesChart Add(string name, ReadOnlySpan<double> x, ReadOnlySpan<float> y, SeriesStyle? style = null, string? color = null)
    {
        var yd = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            yd[i] = y[i];
        }

        return Add(name, x, yd, style, color);
    }

    /// <summary>Adds event times (for example spikes), drawn as ticks along the top of the plot.</summary>
    public SeriesChart AddEvents(string name, ReadOnlySpan<double> x, string? color = null) =>
        Add(name, x, new double[x.Length], SeriesStyle.Events, color);

    /// <inheritdoc/>
    protected override (double Min, double Max) XDataRange()
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var s in _series)
        {
            foreach (double v in s.X)
            {
                if (double.IsFinite(v))
                {
                    lo = Math.Min(lo, v);
                    hi = Math.Max(hi, v);
                }
            }

            if (s.Style == SeriesStyle.Bars && s.X.Length > 0 && double.IsFinite(BarEnd(s.X, s.X.Length - 1)))
            {
                hi = Math.Max(hi, BarEnd(s.X, s.X.Length - 1));
            }
        }

        return lo <= hi ? (lo, hi) : (double.NaN, double.NaN);
    }

    /// <inheritdoc/>
    protected override (double Min, double Max) YDataRange(double xMin, double xMax)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var s in _series)
        {
            if (s.Style == SeriesStyle.Events)
            {
                continue;
            }

            for (int i = 0; i < s.X.Length; i++)
            {
                double v = s.Y[i];
                if (double.IsFinite(v) && s.X[i] >= xMin && s.X[i] <= xMax && (!YAxis.Log || v > 0))
                {
                    lo = Math.Min(lo, v);
                    hi = Math.Max(hi, v);
                }
            }
        }

        if (lo <= hi && !YAxis.Log && _series.Any(s => s.Style == SeriesStyle.Bars))
        {
            // Bars grow from zero, so zero is part of the range.
            (lo, hi) = (Math.Min(lo, 0), Math.Max(hi, 0));
        }

        if (lo < hi && !YAxis.Log && _series.Any(s => s.Style == SeriesStyle.Events))
        {
            // Headroom so that the event ticks along the top do not sit on the data.
            hi += 0.15 * (hi - lo);
        }

        return lo <= hi ? (lo, hi) : (double.NaN, double.NaN);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<LegendEntry> LegendEntries =>
        _series.Select((s, i) => new LegendEntry(s.Name, ColorOf(s, i), s.Style)).ToArray();

    /// <inheritdoc/>
    protected override void DrawData(SvgWriter svg, PlotFrame frame)
    {
        for (int i = 0; i < _series.Count; i++)
        {
            var s = _series[i];
            string color = ColorOf(s, i);
            switch (s.Style)
            {
                case SeriesStyle.Markers:
                    for (int k = 0; k < s.X.Length; k++)
                    {
                        if (Drawable(s.X[k], s.Y[k]))
                        {
                            svg.Circle(frame.Px(s.X[k]), frame.Py(s.Y[k]), MarkerRadius, color, opacity: 0.8);
                        }
                    }

                    break;
                case SeriesStyle.Events:
                    DrawEvents(svg, frame, s.X, color);
                    break;
                case SeriesStyle.Bars:
                    DrawBars(svg, frame, s, color);
                    break;
                default:
                    svg.Path(Trace(frame, s.X, s.Y, s.Style == SeriesStyle.Steps), color, LineWidth, extra: "stroke-linejoin=\"round\"");
                    break;
            }
        }
    }

    // Bar k ends where bar k+1 starts; the last one is as wide as the one before it (or 1 when it is alone).
    private static double BarEnd(double[] x, int k) =>
        k + 1 < x.Length ? x[k + 1] : x[k] + (x.Length >= 2 ? x[k] - x[k - 1] : 1);

    private bool Drawable(double x, double y) => double.IsFinite(x) && double.IsFinite(y) && (!YAxis.Log || y > 0) && (!XAxis.Log || x > 0);

    private static string ColorOf(Series s, int i) => s.Color ?? Palette.SeriesColor(i);

    private static void DrawEvents(SvgWriter svg, PlotFrame frame, double[] x, string color)
    {
        // One path of short vertical ticks; events closer than a quarter pixel share one tick.
        var path = new PathBuilder();
        double top = frame.Area.Y + 1, bottom = frame.Area.Y + Math.Min(12, frame.Area.Height * 0.1);
        double last = double.NegativeInfinity;
        foreach (double t in x.Order())
        {
            double px = frame.Px(t);
            if (double.IsFinite(px) && px - last >= 0.25)
            {
                path.MoveTo(px, top).VerticalTo(bottom);
                last = px;
            }
        }

        svg.Path(path.ToString(), color, 1.2);
    }

    private static void DrawBars(SvgWriter svg, PlotFrame frame, Series s, string color)
    {
        var path = new PathBuilder();
        double baseY = frame.Y.IsLog ? frame.Area.Bottom : frame.Py(Math.Max(frame.Y.Min, Math.Min(0, frame.Y.Max)));
        for (int k = 0; k < s.X.Length; k++)
        {
            double y = s.Y[k];
            if (!(y > 0) && !(y < 0))
            {
                continue;
            }

            double x0 = frame.Px(s.X[k]), x1 = frame.Px(BarEnd(s.X, k)), py = frame.Py(y);
            path.MoveTo(x0, baseY).VerticalTo(py).HorizontalTo(x1).VerticalTo(baseY).Close();
        }

        svg.Path(path.ToString(), "#ffffff", 0.6, color);
    }

    // Builds the path of a line or staircase. Series much longer than the plot is wide are reduced to the first,
    // lowest, highest and last point of each half-pixel column, in their original order: the drawing is the same
    // to the eye (spikes and resets survive) and the file stays small.
    private string Trace(PlotFrame frame, double[] x, double[] y, bool steps)
    {
        var path = new PathBuilder();
        bool open = false;
        double lastY = 0;
        int n = x.Length;
        bool reduce = n > 4 * frame.Area.Width && IsIncreasing(x);
        double columnPx = 0.5;
        int i = 0;
        while (i < n)
        {
            if (!Drawable(x[i], y[i]))
            {
                open = false;
                i++;
                continue;
            }

            if (reduce && !steps)
            {
                long column = (long)Math.Floor(frame.Px(x[i]) / columnPx);
                int first = i, lo = i, hi = i, last = i;
                int j = i + 1;
                while (j < n && Drawable(x[j], y[j]) && (long)Math.Floor(frame.Px(x[j]) / columnPx) == column)
                {
                    if (y[j] < y[lo])
                    {
                        lo = j;
                    }

                    if (y[j] > y[hi])
                    {
                        hi = j;
                    }

                    last = j;
                    j++;
                }

                int a = Math.Min(lo, hi), b = Math.Max(lo, hi);
                foreach (int k in (ReadOnlySpan<int>)[first, a, b, last])
                {
                    Emit(path, frame, x[k], y[k], ref open);
                }

                i = j;
                continue;
            }

            double px = frame.Px(x[i]), py = frame.Py(y[i]);
            if (!open)
            {
                path.MoveTo(px, py);
                open = true;
            }
            else if (steps)
            {
                if (y[i] != lastY)
                {
                    path.HorizontalTo(px).VerticalTo(py);
                }
                else if (i == n - 1 || !Drawable(x[i + 1], y[i + 1]))
                {
                    path.HorizontalTo(px);
                }
            }
            else
            {
                path.LineTo(px, py);
            }

            lastY = y[i];
            i++;
        }

        return path.ToString();
    }

    private static void Emit(PathBuilder path, PlotFrame frame, double x, double y, ref bool open)
    {
        if (open)
        {
            path.LineTo(frame.Px(x), frame.Py(y));
        }
        else
        {
            path.MoveTo(frame.Px(x), frame.Py(y));
            open = true;
        }
    }

    private static bool IsIncreasing(double[] x)
    {
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] < x[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
