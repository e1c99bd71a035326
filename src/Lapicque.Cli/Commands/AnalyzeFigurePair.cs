using Lapicque.Plotting;

namespace Lapicque.Cli.Commands;

/// <summary>
/// Two independent charts side by side in one SVG (unlike <see cref="PanelStack"/>, whose panels share the x axis).
/// </summary>
internal sealed class AnalyzeFigurePair(Chart left, Chart right) : Chart
{
    /// <inheritdoc/>
    public override void Render(SvgWriter svg, Box box)
    {
        var inner = RenderTitle(svg, box);
        double half = inner.Width / 2;
        left.Render(svg, new Box(inner.X, inner.Y, half, inner.Height));
        right.Render(svg, new Box(inner.X + half, inner.Y, half, inner.Height));
    }
}
