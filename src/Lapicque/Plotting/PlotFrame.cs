namespace Lapicque.Plotting;

/// <summary>The plotting area of an x-y panel and the mapping from data to pixels.</summary>
public sealed class PlotFrame
{
    /// <summary>Creates the mapping of <paramref name="x"/> and <paramref name="y"/> onto <paramref name="area"/>.</summary>
    public PlotFrame(Box area, AxisTicks x, AxisTicks y)
    {
        Area = area;
        X = x;
        Y = y;
    }

    /// <summary>The plotting area in pixels.</summary>
    public Box Area { get; }

    /// <summary>The x axis.</summary>
    public AxisTicks X { get; }

    /// <summary>The y axis.</summary>
    public AxisTicks Y { get; }

    /// <summary>Pixel x of data x.</summary>
    public double Px(double x) => Area.X + (X.Fraction(x) * Area.Width);

    /// <summary>Pixel y of data y (up is larger).</summary>
    public double Py(double y) => Area.Bottom - (Y.Fraction(y) * Area.Height);
}
