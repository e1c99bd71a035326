namespace Lapicque.Plotting;

/// <summary>
/// The dot-raster panel of <see cref="RasterPlot"/>: one row per neuron (neuron 0 at the bottom), a tick per spike.
/// Spikes are first binned onto a grid of half-pixel columns and pixel rows, then each row's runs of occupied cells
/// become one path segment, so the file size is bounded by the plot size, not by the spike count.
/// </summary>
internal sealed class SpikeRasterPanel : XYChart
{
    private readonly double[] _times;
    private readonly int[] _neurons;
    private readonly int _neuronCount;
    private readonly double _durationMs;

    public SpikeRasterPanel(double[] times, int[] neurons, int neuronCount, double durationMs)
    {
        _times = times;
        _neurons = neurons;
        _neuronCount = neuronCount;
        _durationMs = durationMs;
    }

    public string Color { get; init; } = "#1a1a1a";

    /// <summary>Number of path segments written by the last render (for tests of the merging).</summary>
    public int Segments { get; private set; }

    protected override (double Min, double Max) XDataRange() => (0, _durationMs);

    protected override (double Min, double Max) YDataRange(double xMin, double xMax) => (0, _neuronCount);

    protected override void DrawData(SvgWriter svg, PlotFrame frame)
    {
        const double cell = 0.5;
        var area = frame.Area;
        int cols = Math.Max(1, (int)Math.Ceiling(area.Width / cell));
        double rowPx = area.Height / Math.Max(1, _neuronCount);
        int rows = rowPx >= 1 ? _neuronCount : Math.Max(1, (int)Math.Ceiling(area.Height));
        double rowHeight = area.Height / Math.Max(1, rows);
        var grid = new bool[rows * cols];
        for (int k = 0; k < _times.Length; k++)
        {
            double t = _times[k];
            int n = _neurons[k];
            if (!double.IsFinite(t) || n < 0 || n >= _neuronCount)
            {
                continue;
            }

            double fx = frame.X.Fraction(t);
            if (fx < 0 || fx > 1)
            {
                continue;
            }

            int c = Math.Min(cols - 1, (int)(fx * area.Width / cell));
            int r = rowPx >= 1 ? n : Math.Min(rows - 1, (int)(n * rowPx));
            grid[(r * cols) + c] = true;
        }

        // Few neurons: a tick 70% of the row tall with a gap between rows; many: rows touch.
        double tick = rowPx >= 3 ? Math.Min(rowHeight * 0.7, 14) : rowHeight;
        double tickWidth = Math.Max(1, Math.Min(2, rowHeight * 0.5));
        var path = new PathBuilder();
        int segments = 0;
        for (int r = 0; r < rows; r++)
        {
            double yc = area.Bottom - ((r + 0.5) * rowHeight);
            int row = r * cols;
            int c = 0;
            while (c < cols)
            {
                if (!grid[row + c])
                {
                    c++;
                    continue;
                }

                int start = c;
                while (c < cols && grid[row + c])
                {
                    c++;
                }

                double x0 = area.X + (start * cell);
                double x1 = Math.Max(area.X + (c * cell), x0 + tickWidth);
                path.MoveTo(x0, yc).HorizontalTo(x1);
                segments++;
            }
        }

        Segments = segments;
        svg.Path(path.ToString(), Color, tick, extra: "stroke-linecap=\"butt\"");
    }
}
