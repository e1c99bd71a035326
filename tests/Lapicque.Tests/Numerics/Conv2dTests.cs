using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Numerics;

public class Conv2dTests
{
    public static IEnumerable<object[]> Shapes()
    {
        yield return [new Conv2dShape(2, 1, 12, 12, 4, 5, 5)];                            // the MNIST first layer, smaller
        yield return [new Conv2dShape(2, 3, 7, 9, 4, 3, 3, 1, 1, 1, 1)];                  // same padding
        yield return [new Conv2dShape(3, 2, 8, 7, 5, 3, 2, 2, 2, 1, 0)];                  // strides, rectangular kernel
        yield return [new Conv2dShape(2, 4, 5, 5, 3, 1, 1)];                              // 1x1
        yield return [new Conv2dShape(1, 2, 6, 6, 3, 4, 4, 2, 3, 2, 2)];                  // stride 3 columns, wide padding
        yield return [new Conv2dShape(2, 2, 3, 4, 2, 5, 6, 1, 1, 1, 1)];                  // kernel as large as the padded image
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_MatchesDefiningSum(Conv2dShape s)
    {
        var rng = new Rng(41);
        float[] x = GemmTests.Random(rng, s.InputLength), w = GemmTests.Random(rng, s.WeightLength), bias = GemmTests.Random(rng, s.OutChannels);
        float[] y = new float[s.OutputLength], expected = new float[s.OutputLength];
        Conv2d.Forward(s, x, w, bias, y);
        Conv2d.ForwardReference(s, x, w, bias, expected);
        int patch = s.InChannels * s.KernelHeight * s.KernelWidth;
        for (int i = 0; i < y.Length; i++)
        {
            Assert.True(Math.Abs(y[i] - expected[i]) <= (patch + 3) * patch * Math.Pow(2, -24), $"y[{i}] = {y[i]}, reference {expected[i]}");
        }
    }

    public static IEnumerable<object[]> PanelShapes()
    {
        // Batches spanning several im2col panels with a partial last one (1 MiB panels: 28x28 -> 24x24 with a 5x5
        // kernel holds 18 images, 12x12 -> 8x8 with 12 channels 13), odd sizes, strides and paddings.
        yield return [new Conv2dShape(20, 1, 28, 28, 3, 5, 5)];
        yield return [new Conv2dShape(15, 12, 12, 12, 4, 5, 5)];
        yield return [new Conv2dShape(23, 3, 9, 7, 4, 3, 2, 2, 1, 1, 1)];
        yield return [new Conv2dShape(19, 2, 11, 13, 3, 4, 3, 3, 2, 2, 1)];

        // Direct path (small patch, unit column stride, no column padding): 16-, 8- and 1-column segments, blocks of
        // four output channels and of four kernel columns with their remainders, row stride and row padding.
        yield return [new Conv2dShape(5, 2, 13, 30, 6, 3, 3, 2, 1, 1, 0)];
        yield return [new Conv2dShape(3, 1, 9, 27, 5, 2, 5, 1, 1, 1, 0)];
    }

    [Theory]
    [MemberData(nameof(PanelShapes))]
    public void ManyPanels_ForwardAndGradients_MatchDirectSums(Conv2dShape s)
    {
        // Yardstick: the defining sums in double, written out directly (not through im2col): forward, and the
        // gradients of L = sum(r * y): dx[b,c,h,w] = sum of r[b,o,p,q] w[o,c,i,j] over the (p,q,i,j) that read (h,w),
        // dw[o,c,i,j] = sum over b,p,q of r[b,o,p,q] x[b,c,p*sh-ph+i,q*sw-pw+j].
        var rng = new Rng(59);
        float[] x = GemmTests.Random(rng, s.InputLength), w = GemmTests.Random(rng, s.WeightLength), r = GemmTests.Random(rng, s.OutputLength);
        float[] bias = GemmTests.Random(rng, s.OutChannels);
        float[] y = new float[s.OutputLength], dx = new float[s.InputLength], dw = new float[s.WeightLength];
        Conv2d.Forward(s, x, w, bias, y);
        Conv2d.BackwardInput(s, r, w, dx);
        Conv2d.BackwardWeight(s, x, r, 0f, dw, []);
        double[] ey = new double[y.Length], edx = new double[dx.Length], edw = new double[dw.Length];
        int oh = s.OutHeight, ow = s.OutWidth;
        for (int b = 0; b < s.Batch; b++)
        {
            for (int o = 0; o < s.OutChannels; o++)
            {
                for (int p = 0; p < oh; p++)
                {
                    for (int q = 0; q < ow; q++)
                    {
                        int yi = (((((b * s.OutChannels) + o) * oh) + p) * ow) + q;
                        ey[yi] = bias[o];
                        for (int c = 0; c < s.InChannels; c++)
                        {
                            for (int i = 0; i < s.KernelHeight; i++)
                            {
                                for (int j = 0; j < s.KernelWidth; j++)
                                {
                                    int h = (p * s.StrideHeight) - s.PadHeight + i, v = (q * s.StrideWidth) - s.PadWidth + j;
                                    if (h < 0 || h >= s.Height || v < 0 || v >= s.Width)
                                    {
                                        continue;
                                    }

                                    int wi = (((((o * s.InChannels) + c) * s.KernelHeight) + i) * s.KernelWidth) + j;
                                    int xi = (((((b * s.InChannels) + c) * s.Height) + h) * s.Width) + v;
                                    ey[yi] += (double)w[wi] * x[xi];
                                    edx[xi] += (double)w[wi] * r[yi];
                                    edw[wi] += (double)x[xi] * r[yi];
                                }
                            }
                        }
                    }
                }
            }
        }

        int patch = s.InChannels * s.KernelHeight * s.KernelWidth;
        AssertClose("y", ey, y, patch);
        AssertClose("dx", edx, dx, s.OutChannels * patch);
        AssertClose("dw", edw, dw, s.Batch * oh * ow);
    }

    [Theory]
    [MemberData(nameof(PanelShapes))]
    public void ManyPanels_LoweredPathOnly_MatchesDirectSums(Conv2dShape s)
    {
        Conv2d.LoweredOnly = true;
        try
        {
            ManyPanels_ForwardAndGradients_MatchDirectSums(s);
        }
        finally
        {
            Conv2d.LoweredOnly = false;
        }
    }

    [Theory]
    [MemberData(nameof(PanelShapes))]
    public void ManyPanels_EventDrivenPath_MatchesDirectSums(Conv2dShape s)
    {
        // The event-driven path takes any nonzero value (not only 1), so dense random inputs check it completely.
        Conv2d.SpikesAlways = true;
        try
        {
            ManyPanels_ForwardAndGradients_MatchDirectSums(s);
        }
        finally
        {
            Conv2d.SpikesAlways = false;
        }
    }

    [Fact]
    public void SparseBinaryInput_ChosenPathsMatchReference()
    {
        // Spikes at density 0.05: below both crossovers, so forward and weight gradient are event-driven.
        var s = new Conv2dShape(16, 12, 12, 12, 16, 5, 5);
        var rng = new Rng(61);
        float[] x = new float[s.InputLength];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble() < 0.05 ? 1f : 0f;
        }

        Assert.True(Conv2d.UsesSpikes(s, x, Conv2d.SpikeForwardCrossoverDensity) && Conv2d.UsesSpikes(s, x, Conv2d.SpikeWeightCrossoverDensity));
        float[] w = GemmTests.Random(rng, s.WeightLength), r = GemmTests.Random(rng, s.OutputLength), bias = GemmTests.Random(rng, s.OutChannels);
        float[] y = new float[s.OutputLength], expected = new float[s.OutputLength];
        Conv2d.Forward(s, x, w, bias, y);
        Conv2d.ForwardReference(s, x, w, bias, expected);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"y[{i}] = {y[i]}, reference {expected[i]}");
        }

        float[] dw = new float[s.WeightLength], dwLowered = new float[s.WeightLength];
        Conv2d.BackwardWeight(s, x, r, 0f, dw, []);
        Conv2d.LoweredOnly = true;
        try
        {
            Conv2d.BackwardWeight(s, x, r, 0f, dwLowered, []);
        }
        finally
        {
            Conv2d.LoweredOnly = false;
        }

        // Two summation orders of the same sums of products of spikes (0/1) and O(1) gradients.
        for (int i = 0; i < dw.Length; i++)
        {
            Assert.True(Math.Abs(dw[i] - dwLowered[i]) <= 1e-4 * (1 + Math.Abs(dwLowered[i])), $"dw[{i}] = {dw[i]}, lowered {dwLowered[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void EveryKernel_OverSimdSweepLengths_MatchesDirectSums(int n)
    {
        // The SIMD loops (16, 8, then single floats) run over: output width in the direct and lowered paths, output
        // channels in the event-driven path. Each path, forced, against the direct sums at that length.
        if (n == 0)
        {
            return;
        }

        ManyPanels_ForwardAndGradients_MatchDirectSums(new Conv2dShape(2, 1, 3, n + 4, 5, 3, 5));
        Conv2d.LoweredOnly = true;
        try
        {
            ManyPanels_ForwardAndGradients_MatchDirectSums(new Conv2dShape(2, 2, 3, n + 2, 3, 3, 3));
        }
        finally
        {
            Conv2d.LoweredOnly = false;
        }

        Conv2d.SpikesAlways = true;
        try
        {
            ManyPanels_ForwardAndGradients_MatchDirectSums(new Conv2dShape(2, 2, 4, 5, n, 3, 3, 1, 1, 0, 1));
        }
        finally
        {
            Conv2d.SpikesAlways = false;
        }
    }

    [Fact]
    public void ForwardReference_OneByOneInput_IsTheHandComputedSum()
    {
        // 1 sample, 1 channel, 3x3 image, 2x2 kernel, no padding: y[p, q] = sum of w * the 2x2 patch at (p, q), + bias.
        var s = new Conv2dShape(1, 1, 3, 3, 1, 2, 2);
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9], w = [1, 0, 0, -1], y = new float[4];
        Conv2d.ForwardReference(s, x, w, [10], y);
        Assert.Equal(new float[] { 10 + 1 - 5, 10 + 2 - 6, 10 + 4 - 8, 10 + 5 - 9 }, y);
        Conv2d.Forward(s, x, w, [10], y);
        Assert.Equal(new float[] { 6, 6, 6, 6 }, y);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardInput_MatchesFiniteDifferencesOfForward(Conv2dShape s)
    {
        var rng = new Rng(43);
        float[] x = GemmTests.Random(rng, s.InputLength), w = GemmTests.Random(rng, s.WeightLength), r = GemmTests.Random(rng, s.OutputLength);
        float[] dx = new float[s.InputLength];
        Conv2d.BackwardInput(s, r, w, dx);

        // L(x) = sum(r * conv(x, w)) is linear in x, so a central difference with a large step is exact but for rounding.
        const float h = 0.5f;
        float[] y = new float[s.OutputLength];
        for (int i = 0; i < x.Length; i++)
        {
            float keep = x[i];
            x[i] = keep + h;
            double up = Loss(s, x, w, r, y);
            x[i] = keep - h;
            double down = Loss(s, x, w, r, y);
            x[i] = keep;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - dx[i]) <= 1e-4 * (1 + Math.Abs(fd)), $"dx[{i}] = {dx[i]}, finite difference {fd}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BackwardWeight_MatchesFiniteDifferencesOfForward_AndAccumulatesWithBetaOne(Conv2dShape s)
    {
        var rng = new Rng(47);
        float[] x = GemmTests.Random(rng, s.InputLength), w = GemmTests.Random(rng, s.WeightLength), r = GemmTests.Random(rng, s.OutputLength);
        float[] bias = GemmTests.Random(rng, s.OutChannels);
        float[] dw0 = GemmTests.Random(rng, s.WeightLength), db0 = GemmTests.Random(rng, s.OutChannels);
        float[] dw = (float[])dw0.Clone(), db = (float[])db0.Clone();
        Conv2d.BackwardWeight(s, x, r, 1f, dw, db);

        const float h = 0.5f;
        float[] y = new float[s.OutputLength];
        for (int i = 0; i < w.Length; i++)
        {
            float keep = w[i];
            w[i] = keep + h;
            double up = Loss(s, x, w, r, y, bias);
            w[i] = keep - h;
            double down = Loss(s, x, w, r, y, bias);
            w[i] = keep;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(dw0[i] + fd - dw[i]) <= 1e-4 * (1 + Math.Abs(fd)), $"dw[{i}] - dw0 = {dw[i] - dw0[i]}, finite difference {fd}");
        }

        for (int o = 0; o < s.OutChannels; o++)
        {
            float keep = bias[o];
            bias[o] = keep + h;
            double up = Loss(s, x, w, r, y, bias);
            bias[o] = keep - h;
            double down = Loss(s, x, w, r, y, bias);
            bias[o] = keep;
            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(db0[o] + fd - db[o]) <= 1e-4 * (1 + Math.Abs(fd)), $"dbias[{o}] - dbias0 = {db[o] - db0[o]}, finite difference {fd}");
        }
    }

    [Fact]
    public void Backward_ResultBits_DoNotDependOnThreadCount()
    {
        // 37 images of 12x12x12, 5x5 kernel, padding 1: five im2col panels (8 images each, the last partial).
        var s = new Conv2dShape(37, 12, 12, 12, 6, 5, 5, 1, 1, 1, 1);
        var rng = new Rng(53);
        float[] x = GemmTests.Random(rng, s.InputLength), w = GemmTests.Random(rng, s.WeightLength), dy = GemmTests.Random(rng, s.OutputLength);
        float[]? dw1 = null, dx1 = null, db1 = null;
        int saved = Parallelism.MaxThreads;
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.MaxThreads = threads;
                float[] dw = new float[s.WeightLength], dx = new float[s.InputLength], db = new float[s.OutChannels];
                Conv2d.BackwardWeight(s, x, dy, 0f, dw, db);
                Conv2d.BackwardInput(s, dy, w, dx);
                if (dw1 == null)
                {
                    (dw1, dx1, db1) = (dw, dx, db);
                }
                else
                {
                    Assert.Equal(dw1, dw);
                    Assert.Equal(dx1, dx);
                    Assert.Equal(db1, db);
                }
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DirectAndEventDriven_ForwardAndWeightBits_DoNotDependOnThreadCount(bool spikes)
    {
        // Direct: 37 images of 1x28x28 (patch 25). Event-driven: 37 images of 12x12x12 spikes at density 0.05.
        var s = spikes ? new Conv2dShape(37, 12, 12, 12, 6, 5, 5) : new Conv2dShape(37, 1, 28, 28, 4, 5, 5);
        var rng = new Rng(67);
        float[] x = GemmTests.Random(rng, s.InputLength), w = GemmTests.Random(rng, s.WeightLength), dy = GemmTests.Random(rng, s.OutputLength);
        if (spikes)
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = rng.NextDouble() < 0.05 ? 1f : 0f;
            }
        }

        Assert.True(spikes ? Conv2d.UsesSpikes(s, x, Conv2d.SpikeWeightCrossoverDensity) : Conv2d.UsesDirect(s));
        float[]? y1 = null, dw1 = null;
        int saved = Parallelism.MaxThreads;
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.MaxThreads = threads;
                float[] y = new float[s.OutputLength], dw = new float[s.WeightLength];
                Conv2d.Forward(s, x, w, [], y);
                Conv2d.BackwardWeight(s, x, dy, 0f, dw, []);
                if (y1 == null)
                {
                    (y1, dw1) = (y, dw);
                }
                else
                {
                    Assert.Equal(y1, y);
                    Assert.Equal(dw1, dw);
                }
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void Validate_KernelLargerThanPaddedImage_NamesFieldAndValue()
    {
        var e = Assert.Throws<ArgumentException>(() => new Conv2dShape(1, 1, 4, 4, 1, 7, 3, PadHeight: 1).Validate());
        Assert.Contains("KernelHeight must be <= Height + 2 * PadHeight = 6; was 7", e.Message);
    }

    [Fact]
    public void Forward_WrongOutputLength_NamesTheSpan()
    {
        var s = new Conv2dShape(1, 1, 4, 4, 2, 3, 3);
        var e = Assert.Throws<ArgumentException>(() => Conv2d.Forward(s, new float[16], new float[18], [], new float[7]));
        Assert.Contains("y.Length was 7; expected 8", e.Message);
    }

    private static double Loss(in Conv2dShape s, float[] x, float[] w, float[] r, float[] y, float[]? bias = null)
    {
        Conv2d.Forward(s, x, w, bias ?? [], y);
        double sum = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += (double)r[i] * y[i];
        }

        return sum;
    }

    private static void AssertClose(string name, double[] expected, float[] actual, int terms)
    {
        // Inputs are O(1): a float sum of n terms is within about n * 2^-24 of the exact sum times the term size.
        double tolerance = (terms + 8) * Math.Pow(2, -22);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{name}[{i}] = {actual[i]}, direct sum {expected[i]}");
        }
    }
}
