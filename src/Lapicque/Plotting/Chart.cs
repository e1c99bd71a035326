using System.Text;

namespace Lapicque.Plotting;

/// <summary>
/// A figure that renders itself as SVG. <see cref="ToSvg"/> gives a standalone document; <see cref="Render"/> draws
/// into a region of a larger one (panels, reports).
/// </summary>
public abstract class Chart
{
    /// <summary>Font size of tick labels and legends, in pixels.</summary>
    public const double TickFontSize = 11;

    /// <summary>Font size of axis titles, in pixels.</summary>
    public const double LabelFontSize = 12.5;

    /// <summary>Font size of chart titles, in pixels.</summary>
    public const double TitleFontSize = 14;

    /// <summary>Title drawn above the chart; null for none.</summary>
    public string? Title { get; init; }

    /// <summary>Width of the standalone document in pixels.</summary>
    public double Width { get; init; } = 720;

    /// <summary>Height of the standalone document in pixels.</summary>
    public double Height { get; init; } = 400;

    /// <summary>The chart as a standalone SVG document.</summary>
    public string ToSvg()
    {
        var svg = new SvgWriter(Width, Height);
        Render(svg, new Box(0, 0, Width, Height));
        return svg.ToString();
    }

    /// <summary>Writes <see cref="ToSvg"/> to <paramref name="path"/> (UTF-8 without byte-order mark).</summary>
    public void Save(string path) => File.WriteAllText(path, ToSvg(), new UTF8Encoding(false));

    /// <summary>Draws the chart, title included, into <paramref name="box"/> of <paramref name="svg"/>.</summary>
    public abstract void Render(SvgWriter svg, Box box);

    /// <summary>Draws the title (if any) at the top of <paramref name="box"/> and returns the space left under it.</summary>
    protected Box RenderTitle(SvgWriter svg, Box box)
    {
        ArgumentNullException.ThrowIfNull(svg);
        if (string.IsNullOrEmpty(Title))
        {
            return box;
        }

        svg.Text(box.X + (box.Width / 2), box.Y + 20, Title, TitleFontSize, "middle", bold: true);
        return box.Inset(0, 26, 0, 0);
    }

    /// <summary>Approximate width in pixels of <paramref name="text"/> at <paramref name="size"/> (DejaVu Sans averages 0.6 em).</summary>
    protected internal static double TextWidth(string text, double size) => text.Length * size * 0.6;
}
