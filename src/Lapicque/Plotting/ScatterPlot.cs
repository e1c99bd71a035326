namespace Lapicque.Plotting;

/// <summary>Points (x, y) as filled circles, one colour per series.</summary>
public sealed class ScatterPlot : SeriesChart
{
    /// <inheritdoc/>
    protected override SeriesStyle DefaultStyle => SeriesStyle.Markers;
}
