using Lapicque.Networks;

namespace Lapicque.Analysis;

/// <summary>
/// How many target neurons a spike of each source neuron reaches through a projection: the row length of its
/// <see cref="SynapseMatrix"/>, or for convolution and pooling the number of output positions whose window covers the
/// source pixel (times the output channels for a convolution). Padding positions are not synapses and are not counted.
/// </summary>
public static class ProjectionFanOut
{
    /// <summary>
    /// Fan-out of every source neuron of <paramref name="projection"/> in <paramref name="network"/>. Matrix projections must be
    /// built (<see cref="Network.Build"/>); convolution and pooling are computed from the description alone.
    /// </summary>
    public static int[] PerSource(Network network, Projection projection)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(projection);
        var source = network.Population(projection.Source);
        var target = network.Population(projection.Target);
        switch (projection.Connectivity)
        {
            case Connectivity.Conv2d conv:
                return Windowed(source.Shape, target.Shape[0], conv.KernelH, conv.KernelW, conv.Stride, conv.Padding);
            case Connectivity.Pool2d pool:
                return Windowed(source.Shape, 1, pool.Size, pool.Size, pool.Stride, 0);
        }

        var m = projection.Matrix
            ?? throw new ArgumentException($"Projection '{projection.Name}' has no synapses yet; build the network (Network.Build) before counting its fan-out.", nameof(projection));
        var fanOut = new int[m.SourceCount];
        for (int s = 0; s < fanOut.Length; s++)
        {
            (int a, int b) = m.Row(s);
            fanOut[s] = b - a;
        }

        return fanOut;
    }

    /// <summary>
    /// Number of synapses (connections) of the projection: the matrix's synapse count, or the sum of the fan-outs for
    /// convolution and pooling (shared weights counted once per connection they serve).
    /// </summary>
    public static long Connections(Network network, Projection projection)
    {
        if (projection.Matrix is { } m)
        {
            return m.Count;
        }

        long sum = 0;
        foreach (int f in PerSource(network, projection))
        {
            sum += f;
        }

        return sum;
    }

    /// <summary>
    /// Dense multiply-accumulates of one pass of the projection as an ANN layer: every synapse once for a matrix; for a
    /// convolution Cout x H' x W' x Cin x KernelH x KernelW (H', W' before any pooling, padding positions included, as ANN
    /// MAC counts do); for pooling, the additions C x H' x W' x Size^2.
    /// </summary>
    public static long DenseOperations(Network network, Projection projection)
    {
        var source = network.Population(projection.Source);
        var target = network.Population(projection.Target);
        switch (projection.Connectivity)
        {
            case Connectivity.Conv2d conv:
                {
                    int oh = OutputSize(source.Shape[1], conv.KernelH, conv.Stride, conv.Padding);
                    int ow = OutputSize(source.Shape[2], conv.KernelW, conv.Stride, conv.Padding);
                    return (long)target.Shape[0] * oh * ow * source.Shape[0] * conv.KernelH * conv.KernelW;
                }

            case Connectivity.Pool2d pool:
                return (long)target.Size * pool.Size * pool.Size;
            default:
                return Connections(network, projection);
        }
    }

    /// <summary>Output length of a window of <paramref name="kernel"/> sliding with <paramref name="stride"/> over a padded axis.</summary>
    public static int OutputSize(int length, int kernel, int stride, int padding) => ((length + (2 * padding) - kernel) / stride) + 1;

    // For input pixel y, the outputs oy whose window [oy*s - p, oy*s - p + k - 1] contains y are
    // ceil((y + p - k + 1) / s) <= oy <= floor((y + p) / s), clipped to [0, OH - 1]; likewise for x.
    private static int[] Windowed(int[] shape, int outChannels, int kh, int kw, int stride, int padding)
    {
        int c = shape[0], h = shape[1], w = shape[2];
        int oh = OutputSize(h, kh, stride, padding), ow = OutputSize(w, kw, stride, padding);
        var ny = new int[h];
        var nx = new int[w];
        for (int y = 0; y < h; y++)
        {
            ny[y] = Covering(y, kh, stride, padding, oh);
        }

        for (int x = 0; x < w; x++)
        {
            nx[x] = Covering(x, kw, stride, padding, ow);
        }

        var fanOut = new int[c * h * w];
        for (int ch = 0; ch < c; ch++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    fanOut[(((ch * h) + y) * w) + x] = outChannels * ny[y] * nx[x];
                }
            }
        }

        return fanOut;
    }

    private static int Covering(int y, int k, int stride, int padding, int outputs)
    {
        int lo = CeilDiv(y + padding - k + 1, stride);
        int hi = FloorDiv(y + padding, stride);
        lo = Math.Max(lo, 0);
        hi = Math.Min(hi, outputs - 1);
        return Math.Max(0, hi - lo + 1);
    }

    private static int FloorDiv(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static int CeilDiv(int a, int b) => -FloorDiv(-a, b);
}
