namespace Lapicque.Plotting;

/// <summary>A rectangle in SVG pixel coordinates (y grows downward).</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width (&gt;= 0).</param>
/// <param name="Height">Height (&gt;= 0).</param>
public readonly record struct Box(double X, double Y, double Width, double Height)
{
    /// <summary>Right edge.</summary>
    public double Right => X + Width;

    /// <summary>Bottom edge.</summary>
    public double Bottom => Y + Height;

    /// <summary>The box shrunk by the given margins.</summary>
    public Box Inset(double left, double top, double right, double bottom) =>
        new(X + left, Y + top, Math.Max(1, Width - left - right), Math.Max(1, Height - top - bottom));
}
