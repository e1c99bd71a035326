namespace Lapicque.Plotting;

/// <summary>
/// Base of charts with an x and a y axis: computes nice ticks from the data, draws light horizontal grid lines,
/// the left and bottom axes with ticks, tick labels and titles, clips the data to the plotting area and adds a legend.
/// </summary>
public abstract class XYChart : Chart
{
    /// <summary>The x axis.</summary>
    public Axis XAxis { get; init; } = new();

    /// <summary>The y axis.</summary>
    public Axis YAxis { get; init; } = new();

    /// <summary>Whether to draw a legend (only when at least one entry has a name).</summary>
    public bool ShowLegend { get; init; } = true;

    /// <summary>Smallest and largest x of the data; (NaN, NaN) when there is none.</summary>
    protected abstract (double Min, double Max) XDataRange();

    /// <summary>Smallest and largest y of the data with x in [<paramref name="xMin"/>, <paramref name="xMax"/>].</summary>
    protected abstract (double Min, double Max) YDataRange(double xMin, double xMax);

    /// <summary>Draws the data; the caller has set a clip to the plotting area.</summary>
    protected abstract void DrawData(SvgWriter svg, PlotFrame frame);

    /// <summary>Legend entries: name, colour and how the swatch is drawn.</summary>
    protected virtual IReadOnlyList<LegendEntry> LegendEntries => [];

    /// <inheritdoc/>
    public override void Render(SvgWriter svg, Box box)
    {
        var inner = RenderTitle(svg, box);
        var x = ResolveX(inner.Width);
        var y = ResolveY(x, inner.Height);
        RenderPanel(svg, inner, x, y, LeftMargin(y), showXLabels: true);
    }

    /// <summary>The data's x range, for panels that share an axis.</summary>
    internal (double Min, double Max) DataRangeX() => XDataRange();

    /// <summary>Most ticks that fit along <paramref name="lengthPx"/> pixels at the given spacing (4 to 8).</summary>
    internal static int TickBudget(double lengthPx, double spacingPx) => Math.Clamp((int)(lengthPx / spacingPx), 4, 8);

    /// <summary>The x ticks this chart would use on its own in a box <paramref name="widthPx"/> wide.</summary>
    internal AxisTicks ResolveX(double widthPx)
    {
        var (lo, hi) = XDataRange();
        return XAxis.Resolve(lo, hi, TickBudget(widthPx, 70));
    }

    /// <summary>The y ticks for the data visible within the x axis, in a box <paramref name="heightPx"/> tall.</summary>
    internal AxisTicks ResolveY(AxisTicks x, double heightPx)
    {
        var (lo, hi) = YDataRange(x.Min, x.Max);
        return YAxis.Resolve(lo, hi, TickBudget(heightPx, 28));
    }

    /// <summary>Space for the y tick labels and the y title.</summary>
    internal double LeftMargin(AxisTicks y)
    {
        double widest = 0;
        foreach (double v in y.Values)
        {
            widest = Math.Max(widest, TextWidth(y.Label(v), TickFontSize));
        }

        return widest + (string.IsNullOrEmpty(YAxis.Title) ? 14 : 32);
    }

    /// <summary>Draws axes, grid, data and legend with the given ticks and left margin into <paramref name="box"/>.</summary>
    internal void RenderPanel(SvgWriter svg, Box box, AxisTicks x, AxisTicks y, double left, bool showXLabels)
    {
        double bottom = showXLabels ? (string.IsNullOrEmpty(XAxis.Title) ? 24 : 44) : 8;
        var legend = ShowLegend ? LegendEntries.Where(e => !string.IsNullOrEmpty(e.Name)).ToArray() : [];
        // Room on the right for half of the last x tick label, which is centred on the right edge.
        double right = Math.Max(16, (x.Values.Count > 0 ? TextWidth(x.Label(x.Values[^1]), TickFontSize) / 2 : 0) + 6);
        var area = box.Inset(left, legend.Length > 0 ? 22 : 8, right, bottom);
        var frame = new PlotFrame(area, x, y);

        foreach (double v in y.Values)
        {
            double py = frame.Py(v);
            if (Math.Abs(py - area.Bottom) > 0.5)
            {
                svg.Line(area.X, py, area.Right, py, Palette.Grid);
            }
        }

        string clip = svg.NextId("clip");
        svg.ClipRect(clip, area.X - 1, area.Y - 1, area.Width + 2, area.Height + 2);
        svg.BeginGroup(clip);
        DrawData(svg, frame);
        svg.EndGroup();

        svg.Line(area.X, area.Bottom, area.Right, area.Bottom, Palette.Ink);
        svg.Line(area.X, area.Y, area.X, area.Bottom, Palette.Ink);
        foreach (double v in x.Values)
        {
            double px = frame.Px(v);
            svg.Line(px, area.Bottom, px, area.Bottom + 4, Palette.Ink);
            if (showXLabels)
            {
                svg.Text(px, area.Bottom + 6, x.Label(v), TickFontSize, "middle", baseline: 0.9);
            }
        }

        foreach (double v in y.Values)
        {
            double py = frame.Py(v);
            svg.Line(area.X - 4, py, area.X, py, Palette.Ink);
            svg.Text(area.X - 6, py, y.Label(v), TickFontSize, "end", baseline: 0.35);
        }

        if (showXLabels && !string.IsNullOrEmpty(XAxis.Title))
        {
            svg.Text(area.X + (area.Width / 2), area.Bottom + 36, XAxis.Title, LabelFontSize, "middle");
        }

        if (!string.IsNullOrEmpty(YAxis.Title))
        {
            svg.Text(box.X + 14, area.Y + (area.Height / 2), YAxis.Title, LabelFontSize, "middle", rotate: -90);
        }

        if (legend.Length > 0)
        {
            DrawLegend(svg, area, legend);
        }
    }

    // The legend is one row above the plotting area, right-aligned, so that it never hides data.
    private static void DrawLegend(SvgWriter svg, Box area, LegendEntry[] entries)
    {
        const double swatch = 16, gap = 14;
        double total = entries.Sum(e => swatch + 5 + TextWidth(e.Name, TickFontSize)) + (gap * (entries.Length - 1));
        double x = Math.Max(area.X, area.Right - total);
        double cy = area.Y - 11;
        foreach (var e in entries)
        {
            switch (e.Style)
            {
                case SeriesStyle.Markers:
                    svg.Circle(x + (swatch / 2), cy, 3.5, e.Color);
                    break;
                case SeriesStyle.Events:
                    svg.Line(x + (swatch / 2), cy - 5, x + (swatch / 2), cy + 5, e.Color, 1.5);
                    break;
                case SeriesStyle.Bars:
                    svg.Rect(x + 2, cy - 5, swatch - 4, 10, e.Color);
                    break;
                default:
                    svg.Line(x, cy, x + swatch, cy, e.Color, 2);
                    break;
            }

            svg.Text(x + swatch + 5, cy, e.Name, TickFontSize, baseline: 0.35);
            x += swatch + 5 + TextWidth(e.Name, TickFontSize) + gap;
        }
    }
}

/// <summary>One legend row.</summary>
/// <param name="Name">Text shown.</param>
/// <param name="Color">Swatch colour.</param>
/// <param name="Style">How the swatch is drawn.</param>
public sealed record LegendEntry(string Name, string Color, SeriesStyle Style);
