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
        var x = ResolveX();
        var y = ResolveY(x);
        RenderPanel(svg, inner, x, y, LeftMargin(y), showXLabels: true);
    }

    /// <summary>The data's x range, for panels that share an axis.</summary>
    internal (double Min, double Max) DataRangeX() => XDataRange();

    /// <summary>The x ticks this chart would use on its own.</summary>
    internal AxisTicks ResolveX()
    {
        var (lo, hi) = XDataRange();
        return XAxis.Resolve(lo, hi);
    }

    /// <summary>The y ticks for the data visible within the x axis.</summary>
    internal AxisTicks ResolveY(AxisTicks x)
    {
        var (lo, hi) = YDataRange(x.Min, x.Max);
        return YAxis.Resolve(lo, hi);
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
        var area = box.Inset(left, 8, 16, bottom);
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

        if (ShowLegend)
        {
            DrawLegend(svg, area);
        }
    }

    private void DrawLegend(SvgWriter svg, Box area)
    {
        var entries = LegendEntries.Where(e => !string.IsNullOrEmpty(e.Name)).ToArray();
        if (entries.Length == 0)
        {
            return;
        }

        const double row = 16, swatch = 18;
        double width = entries.Max(e => TextWidth(e.Name, TickFontSize)) + swatch + 18;
        double height = (entries.Length * row) + 8;
        double x0 = area.Right - width - 6, y0 = area.Y + 6;
        svg.Rect(x0, y0, width, height, "#ffffff", "#cccccc", 1, "fill-opacity=\"0.85\"");
        for (int i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            double cy = y0 + 4 + (row * i) + (row / 2);
            double sx = x0 + 6;
            switch (e.Style)
            {
                case SeriesStyle.Markers:
                    svg.Circle(sx + (swatch / 2), cy, 3.5, e.Color);
                    break;
                case SeriesStyle.Events:
                    svg.Line(sx + (swatch / 2), cy - 5, sx + (swatch / 2), cy + 5, e.Color, 1.5);
                    break;
                case SeriesStyle.Bars:
                    svg.Rect(sx + 3, cy - 5, swatch - 6, 10, e.Color);
                    break;
                default:
                    svg.Line(sx, cy, sx + swatch, cy, e.Color, 2);
                    break;
            }

            svg.Text(sx + swatch + 6, cy, e.Name, TickFontSize, baseline: 0.35);
        }
    }
}

/// <summary>One legend row.</summary>
/// <param name="Name">Text shown.</param>
/// <param name="Color">Swatch colour.</param>
/// <param name="Style">How the swatch is drawn.</param>
public sealed record LegendEntry(string Name, string Color, SeriesStyle Style);
