using System.Globalization;
using System.Text;

namespace Lapicque.Plotting;

/// <summary>
/// A minimal SVG 1.1 document builder: shapes, paths, text and groups written straight into a string. Every number
/// is written with the invariant culture and at most two decimals (a hundredth of a pixel), every text is
/// XML-escaped, so the output is well-formed whatever the caller passes.
/// </summary>
public sealed class SvgWriter
{
    /// <summary>The font stack used for all text: metric-compatible sans-serif fonts found on most systems.</summary>
    public const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";

    private readonly StringBuilder _sb = new();
    private bool _closed;
    private int _nextId;

    /// <summary>Starts a document of <paramref name="width"/> x <paramref name="height"/> pixels on a white background.</summary>
    public SvgWriter(double width, double height)
    {
        Check.Positive(width, nameof(width));
        Check.Positive(height, nameof(height));
        Width = width;
        Height = height;
        _sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").Append(Num(width))
           .Append("\" height=\"").Append(Num(height)).Append("\" viewBox=\"0 0 ").Append(Num(width)).Append(' ')
           .Append(Num(height)).Append("\">\n");
        _sb.Append("<style>text{font-family:").Append(FontFamily).Append(";fill:#222222}</style>\n");
        Rect(0, 0, width, height, fill: "#ffffff");
    }

    /// <summary>Document width in pixels.</summary>
    public double Width { get; }

    /// <summary>Document height in pixels.</summary>
    public double Height { get; }

    /// <summary>Formats a coordinate with the invariant culture, rounded to 0.01 (no exponent, no trailing zeros).</summary>
    public static string Num(double value)
    {
        if (!double.IsFinite(value))
        {
            return "0";
        }

        double r = Math.Round(value, 2);
        return (r == 0 ? 0.0 : r).ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Escapes text for XML content and attribute values (&amp; &lt; &gt; &quot; &apos;) and replaces characters that
    /// XML 1.0 forbids (control characters, lone surrogates) with '?'.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[i + 1]);
                        i++;
                    }
                    else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
                    {
                        sb.Append('?');
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>A filled and/or stroked rectangle.</summary>
    public void Rect(double x, double y, double width, double height, string fill = "none", string? stroke = null, double strokeWidth = 1, string? extra = null)
    {
        _sb.Append("<rect x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y)).Append("\" width=\"").Append(Num(Math.Max(0, width)))
           .Append("\" height=\"").Append(Num(Math.Max(0, height))).Append("\" fill=\"").Append(Escape(fill)).Append('"');
        AppendStroke(stroke, strokeWidth);
        AppendExtra(extra);
        _sb.Append("/>\n");
    }

    /// <summary>A straight line.</summary>
    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dash = null)
    {
        _sb.Append("<line x1=\"").Append(Num(x1)).Append("\" y1=\"").Append(Num(y1)).Append("\" x2=\"").Append(Num(x2))
           .Append("\" y2=\"").Append(Num(y2)).Append('"');
        AppendStroke(stroke, strokeWidth);
        if (dash is not null)
        {
            _sb.Append(" stroke-dasharray=\"").Append(Escape(dash)).Append('"');
        }

        _sb.Append("/>\n");
    }

    /// <summary>A circle.</summary>
    public void Circle(double cx, double cy, double r, string fill, string? stroke = null, double strokeWidth = 1, double opacity = 1)
    {
        _sb.Append("<circle cx=\"").Append(Num(cx)).Append("\" cy=\"").Append(Num(cy)).Append("\" r=\"").Append(Num(r))
           .Append("\" fill=\"").Append(Escape(fill)).Append('"');
        AppendStroke(stroke, strokeWidth);
        if (opacity < 1)
        {
            _sb.Append(" fill-opacity=\"").Append(Num(opacity)).Append('"');
        }

        _sb.Append("/>\n");
    }

    /// <summary>A path from path data built with <see cref="PathBuilder"/> (or any valid SVG path data).</summary>
    public void Path(string data, string stroke = "none", double strokeWidth = 1, string fill = "none", string? extra = null)
    {
        if (data.Length == 0)
        {
            return;
        }

        _sb.Append("<path d=\"").Append(Escape(data)).Append("\" fill=\"").Append(Escape(fill)).Append('"');
        AppendStroke(stroke, strokeWidth);
        AppendExtra(extra);
        _sb.Append("/>\n");
    }

    /// <summary>
    /// Text at (x, y): <paramref name="anchor"/> is "start", "middle" or "end"; <paramref name="rotate"/> in degrees
    /// about the anchor point (-90 for a vertical axis label); <paramref name="baseline"/> shifts by a fraction of
    /// the font size (0.35 centres digits vertically on y).
    /// </summary>
    public void Text(double x, double y, string text, double size = 12, string anchor = "start", double rotate = 0,
        string? fill = null, bool bold = false, double baseline = 0)
    {
        _sb.Append("<text x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y + (baseline * size))).Append("\" font-size=\"").Append(Num(size)).Append('"');
        if (anchor != "start")
        {
            _sb.Append(" text-anchor=\"").Append(Escape(anchor)).Append('"');
        }

        if (rotate != 0)
        {
            _sb.Append(" transform=\"rotate(").Append(Num(rotate)).Append(' ').Append(Num(x)).Append(' ').Append(Num(y)).Append(")\"");
        }

        if (fill is not null)
        {
            _sb.Append(" style=\"fill:").Append(Escape(fill)).Append('"');
        }

        if (bold)
        {
            _sb.Append(" font-weight=\"bold\"");
        }

        _sb.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    /// <summary>An embedded raster image (a PNG from <see cref="PngWriter"/>) drawn with sharp pixel edges.</summary>
    public void Image(double x, double y, double width, double height, byte[] png)
    {
        _sb.Append("<image x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y)).Append("\" width=\"").Append(Num(width))
           .Append("\" height=\"").Append(Num(height)).Append("\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,")
           .Append(Convert.ToBase64String(png)).Append("\"/>\n");
    }

    /// <summary>Defines a rectangular clip path with the given id (use it with <see cref="BeginGroup"/>).</summary>
    public void ClipRect(string id, double x, double y, double width, double height)
    {
        _sb.Append("<clipPath id=\"").Append(Escape(id)).Append("\"><rect x=\"").Append(Num(x)).Append("\" y=\"").Append(Num(y))
           .Append("\" width=\"").Append(Num(width)).Append("\" height=\"").Append(Num(height)).Append("\"/></clipPath>\n");
    }

    /// <summary>Opens a group, optionally clipped by a clip path defined with <see cref="ClipRect"/>.</summary>
    public void BeginGroup(string? clipId = null)
    {
        _sb.Append("<g");
        if (clipId is not null)
        {
            _sb.Append(" clip-path=\"url(#").Append(Escape(clipId)).Append(")\"");
        }

        _sb.Append(">\n");
    }

    /// <summary>Closes the innermost group.</summary>
    public void EndGroup() => _sb.Append("</g>\n");

    /// <summary>Closes the document and returns its text; further calls return the same text.</summary>
    public override string ToString()
    {
        if (!_closed)
        {
            _sb.Append("</svg>\n");
            _closed = true;
        }

        return _sb.ToString();
    }

    /// <summary>A fresh id for a clip path, unique within this document.</summary>
    internal string NextId(string prefix) => $"{prefix}{_nextId++}";

    private void AppendStroke(string? stroke, double strokeWidth)
    {
        if (stroke is null)
        {
            return;
        }

        _sb.Append(" stroke=\"").Append(Escape(stroke)).Append('"');
        if (stroke != "none" && strokeWidth != 1)
        {
            _sb.Append(" stroke-width=\"").Append(Num(strokeWidth)).Append('"');
        }
    }

    private void AppendExtra(string? extra)
    {
        if (extra is not null)
        {
            _sb.Append(' ').Append(extra);
        }
    }
}
