using System.Globalization;

namespace Lapicque.Plotting;

/// <summary>
/// A matrix drawn as coloured cells (viridis, row 0 at the top), with a colour bar and, when the cells are large
/// enough, the value printed in each cell: for example a confusion matrix (rows true class, columns predicted).
/// Matrices of more than 4096 cells are embedded as one PNG bitmap instead of one rectangle per cell.
/// </summary>
public sealed class Heatmap : Chart
{
    private readonly double[,] _values;

    /// <summary>Creates the heatmap (copies the values).</summary>
    public Heatmap(double[,] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Check.That(values.GetLength(0) >= 1 && values.GetLength(1) >= 1, "values", "a non-empty matrix (rows x columns)", values.Length);
        _values = (double[,])values.Clone();
        Width = 560;
        Height = 480;
    }

    /// <summary>Number of rows.</summary>
    public int Rows => _values.GetLength(0);

    /// <summary>Number of columns.</summary>
    public int Columns => _values.GetLength(1);

    /// <summary>Labels of the rows (left); null for the indices.</summary>
    public IReadOnlyList<string>? RowLabels { get; init; }

    /// <summary>Labels of the columns (bottom); null for the indices.</summary>
    public IReadOnlyList<string>? ColumnLabels { get; init; }

    /// <summary>Title of the row axis, for example "true class".</summary>
    public string? RowTitle { get; init; }

    /// <summary>Title of the column axis, for example "predicted class".</summary>
    public string? ColumnTitle { get; init; }

    /// <summary>Title of the colour bar, for example "count".</summary>
    public string? ColorTitle { get; init; }

    /// <summary>Print the values in the cells: true, false, or null to do so when they fit.</summary>
    public bool? ShowValues { get; init; }

    /// <summary>Format of printed values (invariant culture).</summary>
    public string ValueFormat { get; init; } = "0.##";

    /// <summary>Value mapped to the low end of the colour map; null for the minimum.</summary>
    public double? ColorMin { get; init; }

    /// <summary>Value mapped to the high end of the colour map; null for the maximum.</summary>
    public double? ColorMax { get; init; }

    /// <inheritdoc/>
    public override void Render(SvgWriter svg, Box box)
    {
        var inner = RenderTitle(svg, box);
        var (lo, hi) = ColorRange();
        var rowLabels = Labels(RowLabels, Rows);
        var colLabels = Labels(ColumnLabels, Columns);
        double rowLabelWidth = rowLabels.Max(l => TextWidth(l ?? "", TickFontSize));
        double left = rowLabelWidth + 10 + (string.IsNullOrEmpty(RowTitle) ? 0 : 22);
        double bottom = 22 + (string.IsNullOrEmpty(ColumnTitle) ? 0 : 22);
        const double barGap = 18, barWidth = 14, barLabels = 60;
        double right = barGap + barWidth + barLabels + (string.IsNullOrEmpty(ColorTitle) ? 0 : 18);
        var avail = inner.Inset(left, 8, right, bottom);
        double cell = Math.Min(avail.Width / Columns, avail.Height / Rows);
        double cw = cell, ch = cell;
        if (Rows * 4 < Columns || Columns * 4 < Rows)
        {
            // Very elongated matrices fill the space instead of keeping square cells.
            cw = avail.Width / Columns;
            ch = avail.Height / Rows;
        }

        var grid = new Box(avail.X + ((avail.Width - (cw * Columns)) / 2), avail.Y, cw * Columns, ch * Rows);
        DrawCells(svg, grid, cw, ch, lo, hi);

        for (int r = 0; r < Rows; r++)
        {
            if (rowLabels[r] is string label)
            {
                svg.Text(grid.X - 6, grid.Y + ((r + 0.5) * ch), label, TickFontSize, "end", baseline: 0.35);
            }
        }

        for (int c = 0; c < Columns; c++)
        {
            if (colLabels[c] is string label)
            {
                svg.Text(grid.X + ((c + 0.5) * cw), grid.Bottom + 6, label, TickFontSize, "middle", baseline: 0.9);
            }
        }

        if (!string.IsNullOrEmpty(RowTitle))
        {
            svg.Text(grid.X - rowLabelWidth - 20, grid.Y + (grid.Height / 2), RowTitle, LabelFontSize, "middle", rotate: -90);
        }

        if (!string.IsNullOrEmpty(ColumnTitle))
        {
            svg.Text(grid.X + (grid.Width / 2), grid.Bottom + 36, ColumnTitle, LabelFontSize, "middle");
        }

        DrawColorBar(svg, new Box(grid.Right + barGap, grid.Y, barWidth, grid.Height), lo, hi);
    }

    private (double Lo, double Hi) ColorRange()
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in _values)
        {
            if (double.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        lo = ColorMin ?? (lo <= hi ? lo : 0);
        hi = ColorMax ?? (lo <= hi ? hi : 1);
        if (!(hi > lo))
        {
            hi = lo + 1;
        }

        return (lo, hi);
    }

    private void DrawCells(SvgWriter svg, Box grid, double cw, double ch, double lo, double hi)
    {
        if (Rows * Columns > 4096)
        {
            var rgb = new byte[Rows * Columns * 3];
            for (int r = 0; r < Rows; r++)
            {
                for (int c = 0; c < Columns; c++)
                {
                    var color = Palette.Viridis((_values[r, c] - lo) / (hi - lo));
                    int k = ((r * Columns) + c) * 3;
                    (rgb[k], rgb[k + 1], rgb[k + 2]) = color;
                }
            }

            svg.Image(grid.X, grid.Y, grid.Width, grid.Height, PngWriter.EncodeRgb(Columns, Rows, rgb));
            return;
        }

        double size = Math.Min(TickFontSize, ch * 0.45);
        bool show = ShowValues ?? (cw >= 26 && ch >= 16 && Rows * Columns <= 900);
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                double v = _values[r, c];
                var color = double.IsFinite(v) ? Palette.Viridis((v - lo) / (hi - lo)) : ((byte)220, (byte)220, (byte)220);
                double x = grid.X + (c * cw), y = grid.Y + (r * ch);
                svg.Rect(x, y, cw + 0.3, ch + 0.3, Palette.Hex(color));
                if (show && double.IsFinite(v))
                {
                    string text = v.ToString(ValueFormat, CultureInfo.InvariantCulture);
                    string ink = Palette.Luminance(color) < 0.5 ? "#ffffff" : "#000000";
                    svg.Text(x + (cw / 2), y + (ch / 2), text, size, "middle", fill: ink, baseline: 0.35);
                }
            }
        }
    }

    private void DrawColorBar(SvgWriter svg, Box bar, double lo, double hi)
    {
        const int steps = 64;
        double h = bar.Height / steps;
        for (int k = 0; k < steps; k++)
        {
            var color = Palette.Viridis((k + 0.5) / steps);
            svg.Rect(bar.X, bar.Bottom - ((k + 1) * h), bar.Width, h + 0.3, Palette.Hex(color));
        }

        svg.Rect(bar.X, bar.Y, bar.Width, bar.Height, "none", Palette.Ink, 0.8);
        var axis = new Axis { Min = lo, Max = hi }.Resolve(lo, hi);
        double widest = 0;
        foreach (double v in axis.Values)
        {
            double y = bar.Bottom - (axis.Fraction(v) * bar.Height);
            svg.Line(bar.Right, y, bar.Right + 4, y, Palette.Ink);
            string label = axis.Label(v);
            widest = Math.Max(widest, TextWidth(label, TickFontSize));
            svg.Text(bar.Right + 6, y, label, TickFontSize, baseline: 0.35);
        }

        if (!string.IsNullOrEmpty(ColorTitle))
        {
            svg.Text(bar.Right + 14 + widest, bar.Y + (bar.Height / 2), ColorTitle, LabelFontSize, "middle", rotate: 90);
        }
    }

    // Every label when they fit (up to 30); otherwise every k-th index, k a 1-2-5 number.
    private static string?[] Labels(IReadOnlyList<string>? given, int count)
    {
        var labels = new string?[count];
        int every = count <= 30 ? 1 : (int)Histogram.NiceBinWidth(0, count, 10);
        for (int i = 0; i < count; i++)
        {
            if (i % every == 0)
            {
                labels[i] = given is not null && i < given.Count ? given[i] : i.ToString(CultureInfo.InvariantCulture);
            }
        }

        return labels;
    }
}
