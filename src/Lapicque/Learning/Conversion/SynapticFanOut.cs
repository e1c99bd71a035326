using Lapicque.Learning.Surrogate;

namespace Lapicque.Learning.Conversion;

/// <summary>
/// Fan-out of every input element of a weight layer: the number of multiply-accumulates (in an ANN) or synaptic
/// additions (in an SNN, per spike) that one input element causes in one forward step.
/// </summary>
/// <remarks>
/// For a <see cref="LinearLayer"/> every input reaches all out features. For a <see cref="Conv2dLayer"/> input
/// (c, y, x) reaches C_out * R(y) * R'(x) outputs, where R(y) is the number of output rows oy whose window
/// [oy s - p, oy s - p + kH - 1] covers y (likewise for columns): taps that fall on zero padding are not counted, so
/// the sum over all inputs is the convolution's exact count of real multiply-accumulates.
/// </remarks>
public static class SynapticFanOut
{
    /// <summary>Fan-out of each of the layer's <see cref="Layer.InputSize"/> input elements, or null for a layer without weights.</summary>
    public static int[]? Of(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        switch (layer)
        {
            case LinearLayer lin:
                {
                    var f = new int[lin.InputSize];
                    Array.Fill(f, lin.OutputSize);
                    return f;
                }

            case Conv2dLayer conv:
                {
                    int c = conv.InputShape[0], h = conv.InputShape[1], w = conv.InputShape[2];
                    var rows = Cover(h, conv.OutputShape[1], conv.KernelH, conv.Stride, conv.Padding);
                    var cols = Cover(w, conv.OutputShape[2], conv.KernelW, conv.Stride, conv.Padding);
                    var f = new int[conv.InputSize];
                    for (int ci = 0; ci < c; ci++)
                    {
                        for (int y = 0; y < h; y++)
                        {
                            for (int x = 0; x < w; x++)
                            {
                                f[(((ci * h) + y) * w) + x] = conv.OutputShape[0] * rows[y] * cols[x];
                            }
                        }
                    }

                    return f;
                }

            default:
                return null;
        }
    }

    /// <summary>Multiply-accumulates of one forward pass of one sample: the sum of the fan-outs of every weight layer.</summary>
    public static long Macs(IEnumerable<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        long total = 0;
        foreach (var l in layers)
        {
            if (Of(l) is { } f)
            {
                foreach (int v in f)
                {
                    total += v;
                }
            }
        }

        return total;
    }

    private static int[] Cover(int size, int outSize, int kernel, int stride, int padding)
    {
        var r = new int[size];
        for (int o = 0; o < outSize; o++)
        {
            for (int u = 0; u < kernel; u++)
            {
                int y = (o * stride) - padding + u;
                if (y >= 0 && y < size)
                {
                    r[y]++;
                }
            }
        }

        return r;
    }
}
