using System.Globalization;
using System.Xml.Linq;

namespace Lapicque.Tests.Plotting;

/// <summary>Parsing helpers for the SVG tests.</summary>
internal static class SvgTestHelpers
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Parses the document (throws when it is not well-formed XML) and checks the root.</summary>
    public static XDocument Parse(string svg)
    {
        var doc = XDocument.Parse(svg);
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        return doc;
    }

    public static IEnumerable<XElement> All(XDocument doc, string name) => doc.Descendants(Svg + name);

    public static double Attr(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The y coordinates of the points of path data made of M, L, H, V and Z commands.</summary>
    public static List<(double X, double Y)> PathPoints(string d)
    {
        var points = new List<(double, double)>();
        double x = 0, y = 0;
        int i = 0;
        while (i < d.Length)
        {
            char c = d[i++];
            switch (c)
            {
                case 'M':
                case 'L':
                    x = Number(d, ref i);
                    y = Number(d, ref i);
                    points.Add((x, y));
                    break;
                case 'H':
                    x = Number(d, ref i);
                    points.Add((x, y));
                    break;
                case 'V':
                    y = Number(d, ref i);
                    points.Add((x, y));
                    break;
            }
        }

        return points;
    }

    /// <summary>A culture that writes decimals with a comma, to prove the output does not depend on the current culture.</summary>
    public static CultureInfo CommaCulture()
    {
        var c = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        c.NumberFormat.NumberDecimalSeparator = ",";
        c.NumberFormat.NumberGroupSeparator = ".";
        return c;
    }

    private static double Number(string d, ref int i)
    {
        while (i < d.Length && d[i] == ' ')
        {
            i++;
        }

        int start = i;
        while (i < d.Length && (char.IsAsciiDigit(d[i]) || d[i] is '.' or '-' or 'E' or 'e'))
        {
            i++;
        }

        return double.Parse(d.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
