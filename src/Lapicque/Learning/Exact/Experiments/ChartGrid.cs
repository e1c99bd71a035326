using Lapicque.Plotting;

namespace Lapicque.Learning.Exact.Experiments;

/// <summary>
/// Independent charts laid out in a grid of equal cells, row by row, under one title (unlike <see cref="PanelStack"/>,
/// whose panels share one x axis). A cell may hold any <see cref="Chart"/>, a <see cref="PanelStack"/> included.
/// </summary>
internal sealed class ChartGrid : Chart
{
    private readonly Chart[] _cells;
    private readonly int _columns;

    /// <summary>Creates a grid with <paramref name="columns"/> cells per row (&gt;= 1).</summary>
    public ChartGrid(int columns, params Chart[] cells)
    {
        Check.That(columns >= 1, nameof(columns), ">= 1", columns);
        _columns = columns;
        _cells = cells;
    }

    /// <summary>Relative row heights (one per row); null for equal rows.</summary>
    public double[]? RowWeights { get; init; }

    /// <inheritdoc/>
    public override void Render(SvgWriter svg, Box box)
    {
        var inner = RenderTitle(svg, box);
        int rows = (_cells.Length + _columns - 1) / _columns;
        if (rows == 0)
        {
            return;
        }

        double[] weights = RowWeights is { Length: > 0 } w && w.Length == rows ? w : Enumerable.Repeat(1.0, rows).ToArray();
        double total = weights.Sum();
        double width = inner.Width / _columns;
        double y = inner.Y;
        for (int r = 0; r < rows; r++)
        {
            double height = inner.Height * weights[r] / total;
            for (int c = 0; c < _columns; c++)
            {
                int k = (r * _columns) + c;
                if (k < _cells.Length)
                {
                    _cells[k].Render(svg, new Box(inner.X + (c * width), y, width, height));
                }
            }

            y += height;
        }
    }
}
