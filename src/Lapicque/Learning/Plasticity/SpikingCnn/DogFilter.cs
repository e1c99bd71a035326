namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>
/// Difference-of-Gaussians (DoG) on/off filtering, the retina-like first stage of Kheradpisheh et al. 2018.
/// The kernel is G(sigmaCenter) - G(sigmaSurround), each Gaussian normalised to sum 1 over the square window, then
/// shifted to zero mean so that a uniform patch gives no response. The on channel is max(DoG * image, 0) (bright
/// centre, dark surround), the off channel max(-DoG * image, 0). The paper's MNIST setting: a 7 x 7 window,
/// sigmas 1 and 2 px (<see cref="ScnnConfig.Mnist"/>).
/// </summary>
public static class DogFilter
{
    /// <summary>
    /// The size x size DoG kernel (row-major): centre sigma <paramref name="sigmaCenterPx"/> &lt; surround sigma
    /// <paramref name="sigmaSurroundPx"/>, both in pixels. Zero mean, positive at the centre.
    /// </summary>
    public static float[] Kernel(int size, double sigmaCenterPx, double sigmaSurroundPx)
    {
        Check.That(size >= 1 && size % 2 == 1, nameof(size), "an odd number >= 1", size);
        Check.Positive(sigmaCenterPx);
        Check.That(sigmaSurroundPx > sigmaCenterPx, nameof(sigmaSurroundPx), $"> sigmaCenterPx ({Check.Format(sigmaCenterPx)})", sigmaSurroundPx);
        int r = size / 2;
        var center = new double[size * size];
        var surround = new double[size * size];
        double sc = 0, ss = 0;
        for (int y = -r; y <= r; y++)
        {
            for (int x = -r; x <= r; x++)
            {
                double d2 = (x * x) + (y * y);
                int i = ((y + r) * size) + x + r;
                center[i] = Math.Exp(-d2 / (2 * sigmaCenterPx * sigmaCenterPx));
                surround[i] = Math.Exp(-d2 / (2 * sigmaSurroundPx * sigmaSurroundPx));
                sc += center[i];
                ss += surround[i];
            }
        }

        var k = new double[size * size];
        double mean = 0;
        for (int i = 0; i < k.Length; i++)
        {
            k[i] = (center[i] / sc) - (surround[i] / ss);
            mean += k[i];
        }

        mean /= k.Length;
        var kernel = new float[k.Length];
        for (int i = 0; i < k.Length; i++)
        {
            kernel[i] = (float)(k[i] - mean);
        }

        return kernel;
    }

    /// <summary>
    /// Filters a height x width image with the square <paramref name="kernel"/> (zero padding, output the same size)
    /// and writes the on channel to onOff[0, y, x] and the off channel to onOff[1, y, x] (length 2 * height * width).
    /// </summary>
    public static void Apply(ReadOnlySpan<float> image, int height, int width, ReadOnlySpan<float> kernel, Span<float> onOff)
    {
        int size = (int)Math.Round(Math.Sqrt(kernel.Length));
        Check.That(size * size == kernel.Length && size % 2 == 1, nameof(kernel), "an odd square (size * size, size odd)", kernel.Length);
        Check.That(image.Length == height * width, "image.Length", $"height * width = {height * width}", image.Length);
        Check.That(onOff.Length == 2 * height * width, "onOff.Length", $"2 * height * width = {2 * height * width}", onOff.Length);
        int r = size / 2;
        int plane = height * width;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float s = 0;
                for (int ky = 0; ky < size; ky++)
                {
                    int iy = y + ky - r;
                    if ((uint)iy >= (uint)height)
                    {
                        continue;
                    }

                    for (int kx = 0; kx < size; kx++)
                    {
                        int ix = x + kx - r;
                        if ((uint)ix < (uint)width)
                        {
                            s += kernel[(ky * size) + kx] * image[(iy * width) + ix];
                        }
                    }
                }

                onOff[(y * width) + x] = s > 0 ? s : 0;
                onOff[plane + (y * width) + x] = s < 0 ? -s : 0;
            }
        }
    }
}
