using System.Text;

namespace Lapicque.Plotting;

/// <summary>Builds SVG path data ("M x y L x y ...") with invariant-culture numbers.</summary>
public sealed class PathBuilder
{
    private readonly StringBuilder _sb = new();

    /// <summary>Number of characters written so far.</summary>
    public int Length => _sb.Length;

    /// <summary>Starts a new sub-path at (x, y).</summary>
    public PathBuilder MoveTo(double x, double y)
    {
        _sb.Append('M').Append(SvgWriter.Num(x)).Append(' ').Append(SvgWriter.Num(y));
        return this;
    }

    /// <summary>A straight segment to (x, y).</summary>
    public PathBuilder LineTo(double x, double y)
    {
        _sb.Append('L').Append(SvgWriter.Num(x)).Append(' ').Append(SvgWriter.Num(y));
        return this;
    }

    /// <summary>A horizontal segment to x.</summary>
    public PathBuilder HorizontalTo(double x)
    {
        _sb.Append('H').Append(SvgWriter.Num(x));
        return this;
    }

    /// <summary>A vertical segment to y.</summary>
    public PathBuilder VerticalTo(double y)
    {
        _sb.Append('V').Append(SvgWriter.Num(y));
        return this;
    }

    /// <summary>Closes the current sub-path.</summary>
    public PathBuilder Close()
    {
        _sb.Append('Z');
        return this;
    }

    /// <summary>The path data.</summary>
    public override string ToString() => _sb.ToString();
}
