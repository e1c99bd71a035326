using Lapicque.Numerics;

namespace Lapicque.Tests.Numerics;

public class Pool2dTests
{
    public static IEnumerable<object[]> Shapes()
    {
        yield return [Pool2dShape.Square(2, 3, 8, 8, 2)];                       // the usual 2x2, stride 2
        yield return [Pool2dShape.Square(1, 2, 7, 9, 2)];                       // odd sizes: the last row/column is dropped
        yield return [new Pool2dShape(2, 2, 7, 9, 3, 3, 2, 2, 1, 1)];            // overlapping windows with padding
        yield return [new Pool2dShape(1, 3, 5, 6, 3, 2, 1, 2, 1, 1)];            // stride 1 rows, rectangular window
    }

    [Fact]
    public void MaxForward_SmallPlane_GivesHandComputedMaximaAndIndices()
    {
        // One 2x4 plane, 2x2 windows: [1 5 | 0 -1]
        //                              [3 2 | -2 -1]   -> maxima 5 (index 1) and -1 (index 3, the first of the tie).
        float[] x = [1, 5, 0, -1, 3, 2, -2, -1], y = new float[2];
        int[] arg = new int[2];
        Pool2d.MaxForward(Pool2dShape.Square(1, 1, 2, 4, 2), x, y, arg);
        Assert.Equal(new float[] { 5, 0 }, y);
        Assert.Equal(new[] { 1, 2 }, arg);
    }

    [Fact]
    public void MaxForward_BinaryWindows_AllSixteenTiePatterns_PickTheFirstMaximumInRowMajorOrder()
    {
        // Spikes tie all the time. One 2x32 plane holds the 16 binary 2x2 windows: pattern k has bit e (e = 0 top-left,
        // 1 top-right, 2 bottom-left, 3 bottom-right) set when element e is 1. The maximum is 1 unless k = 0, and
        // the index is that of the lowest set bit (0 when all are 0), as PyTorch's first-maximum rule.
        const int width = 32;
        float[] x = new float[2 * width], y = new float[16];
        int[] arg = new int[16];
        for (int k = 0; k < 16; k++)
        {
            x[2 * k] = k & 1;
            x[(2 * k) + 1] = (k >> 1) & 1;
            x[width + (2 * k)] = (k >> 2) & 1;
            x[width + (2 * k) + 1] = (k >> 3) & 1;
        }

        Pool2d.MaxForward(Pool2dShape.Square(1, 1, 2, width, 2), x, y, arg);
        int[] offset = [0, 1, width, width + 1];
        for (int k = 0; k < 16; k++)
        {
            int first = k == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount(k);
            Assert.Equal(k == 0 ? 0f : 1f, y[k]);
            Assert.Equal((2 * k) + offset[first], arg[k]);
        }
    }

    [Fact]
    public void AverageForward_Padding_DividesByTheFullWindow()
    {
        // A 2x2 plane of ones, 2x2 window, stride 2, padding 1: each window covers one real element -> 1/4.
        float[] y = new float[4];
        Pool2d.AverageForward(new Pool2dShape(1, 1, 2, 2, 2, 2, 2, 2, 1, 1), [1, 1, 1, 1], y);
        Assert.Equal(new float[] { 0.25f, 0.25f, 0.25f, 0.25f }, y);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_MatchesWindowDefinition(Pool2dShape s)
    {
        var rng = new Rng(59);
        float[] x = GemmTests.Random(rng, s.InputLength);
        float[] max = new float[s.OutputLength], avg = new float[s.OutputLength], sum = new float[s.OutputLength];
        int[] arg = new int[s.OutputLength];
        Pool2d.MaxForward(s, x, max, arg);
        Pool2d.AverageForward(s, x, avg);
        Pool2d.SumForward(s, x, sum);
        int oh = s.OutHeight, ow = s.OutWidth, o = 0;
        for (int plane = 0; plane < s.Batch * s.Channels; plane++)
        {
            for (int p = 0; p < oh; p++)
            {
                for (int q = 0; q < ow; q++, o++)
                {
                    double m = double.NegativeInfinity, total = 0;
                    for (int i = 0; i < s.KernelHeight; i++)
                    {
                        for (int j = 0; j < s.KernelWidth; j++)
                        {
                            int h = (p * s.StrideHeight) - s.PadHeight + i, w = (q * s.StrideWidth) - s.PadWidth + j;
                            if (h >= 0 && h < s.Height && w >= 0 && w < s.Width)
                            {
                                float v = x[(plane * s.Height * s.Width) + (h * s.Width) + w];
                                m = Math.Max(m, v);
                                total += v;
                            }
                        }
                    }

                    Assert.Equal((float)m, max[o]);
                    Assert.Equal((float)m, x[(plane * s.Height * s.Width) + arg[o]]);
                    Assert.Equal(total, sum[o], 5);
                    Assert.Equal(total / (s.KernelHeight * s.KernelWidth), avg[o], 5);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Backward_MatchesFiniteDifferencesOfForward(Pool2dShape s)
    {
        var rng = new Rng(61);
        float[] x = GemmTests.Random(rng, s.InputLength), r = GemmTests.Random(rng, s.OutputLength);
        int[] arg = new int[s.OutputLength];
        float[] y = new float[s.OutputLength];
        Pool2d.MaxForward(s, x, y, arg);
        float[] dMax = new float[s.InputLength], dAvg = new float[s.InputLength], dSum = new float[s.InputLength];
        Pool2d.MaxBackward(s, r, arg, dMax);
        Pool2d.AverageBackward(s, r, dAvg);
        Pool2d.SumBackward(s, r, dSum);

        // Max pooling is piecewise linear: a step far below the gap between window values keeps every argmax.
        const float h = 1e-3f;
        for (int i = 0; i < x.Length; i++)
        {
            float keep = x[i];
            x[i] = keep + h;
            (double maxUp, double avgUp, double sumUp) = Losses(s, x, r, y, arg);
            x[i] = keep - h;
            (double maxDown, double avgDown, double sumDown) = Losses(s, x, r, y, arg);
            x[i] = keep;
            AssertNear((maxUp - maxDown) / (2 * h), dMax[i], "max", i);
            AssertNear((avgUp - avgDown) / (2 * h), dAvg[i], "average", i);
            AssertNear((sumUp - sumDown) / (2 * h), dSum[i], "sum", i);
        }
    }

    [Fact]
    public void MaxBackward_ArgmaxOutsidePlane_NamesTheIndex()
    {
        var s = Pool2dShape.Square(1, 1, 2, 2, 2);
        var e = Assert.Throws<ArgumentException>(() => Pool2d.MaxBackward(s, [1f], [4], new float[4]));
        Assert.Contains("argmax[0] must be in [0, 4); was 4", e.Message);
    }

    [Fact]
    public void Validate_PaddingOverHalfTheKernel_NamesField()
    {
        var e = Assert.Throws<ArgumentException>(() => new Pool2dShape(1, 1, 4, 4, 2, 2, 2, 2, 2, 0).Validate());
        Assert.Contains("PadHeight must be in [0, KernelHeight / 2 = 1]; was 2", e.Message);
    }

    private static (double Max, double Avg, double Sum) Losses(in Pool2dShape s, float[] x, float[] r, float[] y, int[] arg)
    {
        Pool2d.MaxForward(s, x, y, arg);
        double max = Dot(r, y);
        Pool2d.AverageForward(s, x, y);
        double avg = Dot(r, y);
        Pool2d.SumForward(s, x, y);
        return (max, avg, Dot(r, y));
    }

    // The step moves x by about 1e-3 but float rounding of x +- h leaves a relative error near 1e-4 in the difference.
    private static void AssertNear(double fd, float analytic, string kind, int i) =>
        Assert.True(Math.Abs(fd - analytic) <= 2e-3 * (1 + Math.Abs(fd)), $"{kind} dx[{i}] = {analytic}, finite difference {fd}");

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }
}
