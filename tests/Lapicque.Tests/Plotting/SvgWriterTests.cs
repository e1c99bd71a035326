using System.Globalization;
using Lapicque.Plotting;
using static Lapicque.Tests.Plotting.SvgTestHelpers;

namespace Lapicque.Tests.Plotting;

public class SvgWriterTests
{
    [Fact]
    public void Text_WithMarkupAndControlCharacters_IsEscapedAndRoundTrips()
    {
        const string nasty = "a < b && c > \"d\" 'e' </text><script>\u0001\uD800";
        var svg = new SvgWriter(100, 50);
        svg.Text(10, 20, nasty);
        svg.Rect(0, 0, 10, 10, fill: "#fff\" onload=\"x");

        var doc = Parse(svg.ToString());
        var text = All(doc, "text").Single();
        Assert.Equal("a < b && c > \"d\" 'e' </text><script>??", text.Value);
        Assert.Empty(All(doc, "script"));
        Assert.Null(All(doc, "rect").Last().Attribute("onload"));
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(-1234567.891, "-1234567.89")]
    [InlineData(1e-9, "0")]
    [InlineData(-0.001, "0")]
    [InlineData(double.NaN, "0")]
    [InlineData(2.0, "2")]
    public void Num_IsInvariantWithTwoDecimals_WhateverTheCurrentCulture(double value, string expected)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CommaCulture();
            Assert.Equal(expected, SvgWriter.Num(value));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void ToString_ClosesTheDocumentOnce()
    {
        var svg = new SvgWriter(10, 10);
        string a = svg.ToString();
        Assert.Equal(a, svg.ToString());
        Assert.EndsWith("</svg>\n", a, StringComparison.Ordinal);
        Parse(a);
    }
}
