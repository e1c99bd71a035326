namespace Lapicque.Plotting;

/// <summary>
/// A grid of small grayscale images of equal size (for example receptive fields or input samples), each embedded as a
/// PNG and drawn with sharp pixels, with an optional caption under each.
/// </summary>
public sealed class ImageGrid : Chart
{
    private readonly List<(float[] Pixels, string? Caption)> _images = [];

    /// <summary>Creates an empty grid of <paramref name="imageWidth"/> x <paramref name="imageHeight"/> images.</summary>
    public ImageGrid(int imageWidth, int imageHeight)
    {
        Check.That(imageWidth >= 1, nameof(imageWidth), ">= 1", imageWidth);
        Check.That(imageHeight >= 1, nameof(imageHeight), ">= 1", imageHeight);
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
        Width = 640;
        Height = 640;
    }

    /// <summary>Pixels per image row.</summary>
    public int ImageWidth { get; }

    /// <summary>Rows per image.</summary>
    public int ImageHeight { get; }

    /// <summary>Number of images added.</summary>
    public int Count => _images.Count;

    /// <summary>Images per grid row; null for about the square root of the count.</summary>
    public int? ColumnsPerRow { get; init; }

    /// <summary>How values become gray levels.</summary>
    public ImageScaling Scaling { get; init; } = ImageScaling.PerImage;

    /// <summary>Adds an image (row-major, top row first; copied).</summary>
    public ImageGrid Add(ReadOnlySpan<float> pixels, string? caption = null)
    {
        if (pixels.Length != ImageWidth * ImageHeight)
        {
            throw new ArgumentException($"pixels.Length was {pixels.Length}; expected {ImageWidth} x {ImageHeight} = {ImageWidth * ImageHeight}.", nameof(pixels));
        }

        _images.Add((pixels.ToArray(), caption));
        return this;
    }

    /// <summary>The gray levels (0 black .. 255 white) of image <paramref name="index"/> under <see cref="Scaling"/>.</summary>
    public byte[] GrayLevels(int index)
    {
        var px = _images[index].Pixels;
        double lo, hi;
        switch (Scaling)
        {
            case ImageScaling.Global:
                (lo, hi) = (double.PositiveInfinity, double.NegativeInfinity);
                foreach (var (p, _) in _images)
                {
                    var (a, b) = MinMax(p);
                    (lo, hi) = (Math.Min(lo, a), Math.Max(hi, b));
                }

                break;
            case ImageScaling.Symmetric:
                var (mn, mx) = MinMax(px);
                double m = Math.Max(Math.Abs(mn), Math.Abs(mx));
                (lo, hi) = (-m, m);
                break;
            default:
                (lo, hi) = MinMax(px);
                break;
        }

        var gray = new byte[px.Length];
        double scale = hi > lo ? 255.0 / (hi - lo) : 0;
        for (int i = 0; i < px.Length; i++)
        {
            double g = float.IsFinite(px[i]) ? (px[i] - lo) * scale : 0;
            gray[i] = (byte)Math.Clamp(Math.Round(hi > lo ? g : (Scaling == ImageScaling.Symmetric ? 127.5 : 0)), 0, 255);
        }

        return gray;
    }

    /// <inheritdoc/>
    public override void Render(SvgWriter svg, Box box)
    {
        var inner = RenderTitle(svg, box).Inset(8, 8, 8, 8);
        int n = _images.Count;
        if (n == 0)
        {
            return;
        }

        int cols = ColumnsPerRow ?? (int)Math.Ceiling(Math.Sqrt(n));
        cols = Math.Clamp(cols, 1, n);
        int rows = (n + cols - 1) / cols;
        bool captions = _images.Any(i => !string.IsNullOrEmpty(i.Caption));
        double captionHeight = captions ? 14 : 0;
        const double gap = 4;
        double aspect = ImageHeight / (double)ImageWidth;
        double w = Math.Min((inner.Width - (gap * (cols - 1))) / cols, ((inner.Height - ((gap + captionHeight) * rows)) / rows) / aspect);
        w = Math.Max(w, 1);
        double h = w * aspect;
        double x0 = inner.X + ((inner.Width - ((cols * w) + ((cols - 1) * gap))) / 2);
        for (int i = 0; i < n; i++)
        {
            int r = i / cols, c = i % cols;
            double x = x0 + (c * (w + gap)), y = inner.Y + (r * (h + gap + captionHeight));
            svg.Image(x, y, w, h, PngWriter.EncodeGray(ImageWidth, ImageHeight, GrayLevels(i)));
            svg.Rect(x, y, w, h, "none", "#999999", 0.5);
            if (!string.IsNullOrEmpty(_images[i].Caption))
            {
                svg.Text(x + (w / 2), y + h + 2, _images[i].Caption!, Math.Min(TickFontSize, 10), "middle", baseline: 0.9);
            }
        }
    }

    private static (double Min, double Max) MinMax(float[] p)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (float v in p)
        {
            if (float.IsFinite(v))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        return lo <= hi ? (lo, hi) : (0, 0);
    }

}
