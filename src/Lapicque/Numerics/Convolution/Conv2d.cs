using System.Buffers;

namespace Lapicque.Numerics;

/// <summary>
/// 2-D convolution (cross-correlation, as in every deep-learning library) over NCHW float32, forward and backward,
/// by im2col + <see cref="Gemm"/>.
/// </summary>
/// <remarks>
/// Forward: y[b, o, p, q] = bias[o] + sum over c, i, j of w[o, c, i, j] * x[b, c, p*sh - ph + i, q*sw - pw + j], with x
/// read as 0 outside the image. Per sample, im2col lays the receptive fields out as a (C*KH*KW) x (OH*OW) matrix X_col
/// and Y_b = W * X_col is one GEMM ([O, C*KH*KW] times [C*KH*KW, OH*OW]). Backward: dX_col = W^T * dY_b, scattered
/// back by col2im; dW += dY_b * X_col^T; dbias[o] = sum over b, p, q of dy[b, o, p, q].
/// Threads take whole samples (each with its own im2col buffer); for the weight gradient the batch is cut into a fixed
/// number of chunks that does not depend on the thread count, each summed in sample order and then added in chunk
/// order, so the bits do not depend on <see cref="Parallelism.MaxThreads"/>.
/// </remarks>
public static class Conv2d
{
    // The weight gradient sums this many per-chunk partial gradients, whatever the thread count.
    private const int WeightChunks = 16;

    /// <summary>y = conv(x, w) + bias. <paramref name="bias"/> is empty (no bias) or OutChannels long; y is overwritten.</summary>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void Forward(in Conv2dShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y)
    {
        CheckForward(s, x.Length, w.Length, bias.Length, y.Length, "y");
        if (s.Batch == 0)
        {
            return;
        }

        unsafe
        {
            fixed (float* px = x, pw = w, pb = bias, py = y)
            {
                Run(s, new ForwardBody(s, px, pw, pb, bias.Length > 0, py));
            }
        }
    }

    /// <summary>dx = the gradient of sum(dy * y) with respect to x; dx is overwritten.</summary>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void BackwardInput(in Conv2dShape s, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx)
    {
        s.Validate();
        Expect("dy", dy.Length, s.OutputLength);
        Expect("w", w.Length, s.WeightLength);
        Expect("dx", dx.Length, s.InputLength);
        if (s.Batch == 0)
        {
            return;
        }

        unsafe
        {
            fixed (float* pdy = dy, pw = w, pdx = dx)
            {
                Run(s, new BackwardInputBody(s, pdy, pw, pdx));
            }
        }
    }

    /// <summary>
    /// dw = beta * dw + the gradient of sum(dy * y) with respect to w, and likewise for dbias (empty for no bias).
    /// Pass beta = 1 to accumulate over steps, 0 to overwrite.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void BackwardWeight(in Conv2dShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float beta, Span<float> dw, Span<float> dbias)
    {
        s.Validate();
        Expect("x", x.Length, s.InputLength);
        Expect("dy", dy.Length, s.OutputLength);
        Expect("dw", dw.Length, s.WeightLength);
        if (dbias.Length != 0)
        {
            Expect("dbias", dbias.Length, s.OutChannels);
        }

        int chunks = Math.Min(WeightChunks, s.Batch);
        if (chunks == 0)
        {
            Scale(dw, beta);
            Scale(dbias, beta);
            return;
        }

        float[] partial = ArrayPool<float>.Shared.Rent(chunks * s.WeightLength);
        try
        {
            unsafe
            {
                fixed (float* px = x, pdy = dy, pp = partial)
                {
                    Parallelism.For(chunks, 1, new WeightBody(s, chunks, px, pdy, pp));
                }
            }

            // Chunk partials are added in chunk order: the same sum whatever thread computed which chunk.
            int n = s.WeightLength;
            Scale(dw, beta);
            for (int c = 0; c < chunks; c++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(dw, partial.AsSpan(c * n, n), dw);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partial);
        }

        if (dbias.Length > 0)
        {
            BiasGradient(s, dy, beta, dbias);
        }
    }

    /// <summary>The naive reference of <see cref="Forward"/>: the defining sum, in double, loop by loop.</summary>
    public static void ForwardReference(in Conv2dShape s, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y)
    {
        CheckForward(s, x.Length, w.Length, bias.Length, y.Length, "y");
        int oh = s.OutHeight, ow = s.OutWidth;
        for (int b = 0; b < s.Batch; b++)
        {
            for (int o = 0; o < s.OutChannels; o++)
            {
                for (int p = 0; p < oh; p++)
                {
                    for (int q = 0; q < ow; q++)
                    {
                        double sum = bias.Length > 0 ? bias[o] : 0.0;
                        for (int c = 0; c < s.InChannels; c++)
                        {
                            for (int i = 0; i < s.KernelHeight; i++)
                            {
                                int h = (p * s.StrideHeight) - s.PadHeight + i;
                                for (int j = 0; j < s.KernelWidth; j++)
                                {
                                    int v = (q * s.StrideWidth) - s.PadWidth + j;
                                    if (h >= 0 && h < s.Height && v >= 0 && v < s.Width)
                                    {
                                        sum += (double)w[(((((o * s.InChannels) + c) * s.KernelHeight) + i) * s.KernelWidth) + j]
                                            * x[(((((b * s.InChannels) + c) * s.Height) + h) * s.Width) + v];
                                    }
                                }
                            }
                        }

                        y[(((((b * s.OutChannels) + o) * oh) + p) * ow) + q] = (float)sum;
                    }
                }
            }
        }
    }

    /// <summary>Lays out the receptive fields of one sample [C, H, W] as col[(c*KH + i)*KW + j, p*OW + q] (zeros for padding).</summary>
    internal static unsafe void Im2Col(in Conv2dShape s, float* x, float* col)
    {
        int oh = s.OutHeight, ow = s.OutWidth;
        for (int c = 0; c < s.InChannels; c++)
        {
            float* plane = x + ((nint)c * s.Height * s.Width);
            for (int i = 0; i < s.KernelHeight; i++)
            {
                for (int j = 0; j < s.KernelWidth; j++)
                {
                    float* row = col + ((nint)((((c * s.KernelHeight) + i) * s.KernelWidth) + j) * oh * ow);

                    // Output columns q whose input column q*sw - pw + j lies inside [0, W).
                    int qLo = Math.Max(0, CeilDiv(s.PadWidth - j, s.StrideWidth));
                    int qHi = Math.Min(ow, CeilDiv(s.Width + s.PadWidth - j, s.StrideWidth));
                    for (int p = 0; p < oh; p++)
                    {
                        float* dst = row + ((nint)p * ow);
                        int h = (p * s.StrideHeight) - s.PadHeight + i;
                        if (h < 0 || h >= s.Height || qLo >= qHi)
                        {
                            new Span<float>(dst, ow).Clear();
                            continue;
                        }

                        float* src = plane + ((nint)h * s.Width) - s.PadWidth + j;
                        new Span<float>(dst, qLo).Clear();
                        if (s.StrideWidth == 1)
                        {
                            new ReadOnlySpan<float>(src + qLo, qHi - qLo).CopyTo(new Span<float>(dst + qLo, qHi - qLo));
                        }
                        else
                        {
                            for (int q = qLo; q < qHi; q++)
                            {
                                dst[q] = src[(nint)q * s.StrideWidth];
                            }
                        }

                        new Span<float>(dst + qHi, ow - qHi).Clear();
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Im2Col"/>: dx[c, h, w] = sum of the col entries that read it, added in (i, j, p, q) order.</summary>
    internal static unsafe void Col2Im(in Conv2dShape s, float* col, float* dx)
    {
        int oh = s.OutHeight, ow = s.OutWidth;
        new Span<float>(dx, s.InChannels * s.Height * s.Width).Clear();
        for (int c = 0; c < s.InChannels; c++)
        {
            float* plane = dx + ((nint)c * s.Height * s.Width);
            for (int i = 0; i < s.KernelHeight; i++)
            {
                for (int j = 0; j < s.KernelWidth; j++)
                {
                    float* row = col + ((nint)((((c * s.KernelHeight) + i) * s.KernelWidth) + j) * oh * ow);
                    int qLo = Math.Max(0, CeilDiv(s.PadWidth - j, s.StrideWidth));
                    int qHi = Math.Min(ow, CeilDiv(s.Width + s.PadWidth - j, s.StrideWidth));
                    for (int p = 0; p < oh; p++)
                    {
                        int h = (p * s.StrideHeight) - s.PadHeight + i;
                        if (h < 0 || h >= s.Height || qLo >= qHi)
                        {
                            continue;
                        }

                        float* src = row + ((nint)p * ow);
                        float* dst = plane + ((nint)h * s.Width) - s.PadWidth + j;
                        if (s.StrideWidth == 1)
                        {
                            var d = new Span<float>(dst + qLo, qHi - qLo);
                            System.Numerics.Tensors.TensorPrimitives.Add(d, new ReadOnlySpan<float>(src + qLo, qHi - qLo), d);
                        }
                        else
                        {
                            for (int q = qLo; q < qHi; q++)
                            {
                                dst[(nint)q * s.StrideWidth] += src[q];
                            }
                        }
                    }
                }
            }
        }
    }

    private static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private static void CheckForward(in Conv2dShape s, int x, int w, int bias, int y, string output)
    {
        s.Validate();
        Expect("x", x, s.InputLength);
        Expect("w", w, s.WeightLength);
        if (bias != 0)
        {
            Expect("bias", bias, s.OutChannels);
        }

        Expect(output, y, s.OutputLength);
    }

    private static void Expect(string name, int length, int expected)
    {
        if (length != expected)
        {
            ThrowHelper.ThrowLengthMismatch(name, expected, length);
        }
    }

    private static void Scale(Span<float> x, float beta)
    {
        if (beta == 0f)
        {
            x.Clear();
        }
        else if (beta != 1f)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(x, beta, x);
        }
    }

    private static void BiasGradient(in Conv2dShape s, ReadOnlySpan<float> dy, float beta, Span<float> dbias)
    {
        // Each channel's sum is taken by one thread in sample order, in double: up to 10^7 terms per channel.
        int pixels = s.Pixels;
        for (int o = 0; o < s.OutChannels; o++)
        {
            double sum = 0;
            for (int b = 0; b < s.Batch; b++)
            {
                sum += System.Numerics.Tensors.TensorPrimitives.Sum(dy.Slice(((b * s.OutChannels) + o) * pixels, pixels));
            }

            dbias[o] = (float)((beta == 0f ? 0.0 : beta * (double)dbias[o]) + sum);
        }
    }

    /// <summary>Runs a per-sample body: samples split among threads with a serial GEMM each, or one sample at a time with a parallel GEMM.</summary>
    private static void Run<TBody>(in Conv2dShape s, TBody body)
        where TBody : struct, ISampleBody
    {
        if (s.Batch >= Parallelism.MaxThreads)
        {
            Parallelism.For(s.Batch, 1, new SampleRanges<TBody>(body, s.Patch * s.Pixels, 1));
        }
        else
        {
            new SampleRanges<TBody>(body, s.Patch * s.Pixels, Parallelism.MaxThreads).Invoke(0, s.Batch);
        }
    }

    private interface ISampleBody
    {
        unsafe void Sample(int b, float* col, int gemmThreads);
    }

    private readonly struct SampleRanges<TBody> : IRangeBody
        where TBody : struct, ISampleBody
    {
        private readonly TBody _body;
        private readonly int _colLength;
        private readonly int _gemmThreads;

        public SampleRanges(TBody body, int colLength, int gemmThreads)
        {
            _body = body;
            _colLength = colLength;
            _gemmThreads = gemmThreads;
        }

        public unsafe void Invoke(int start, int end)
        {
            float[] col = ArrayPool<float>.Shared.Rent(_colLength);
            try
            {
                fixed (float* pc = col)
                {
                    for (int b = start; b < end; b++)
                    {
                        _body.Sample(b, pc, _gemmThreads);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(col);
            }
        }
    }

    private readonly unsafe struct ForwardBody : ISampleBody
    {
        private readonly Conv2dShape _s;
        private readonly float* _x;
        private readonly float* _w;
        private readonly float* _bias;
        private readonly bool _hasBias;
        private readonly float* _y;

        public ForwardBody(in Conv2dShape s, float* x, float* w, float* bias, bool hasBias, float* y)
        {
            _s = s;
            _x = x;
            _w = w;
            _bias = bias;
            _hasBias = hasBias;
            _y = y;
        }

        public void Sample(int b, float* col, int gemmThreads)
        {
            int k = _s.Patch, n = _s.Pixels, m = _s.OutChannels;
            Im2Col(_s, _x + ((nint)b * _s.InChannels * _s.Height * _s.Width), col);
            float* y = _y + ((nint)b * m * n);
            var ys = new Span<float>(y, m * n);
            Gemm.Multiply(
                Transpose.None, Transpose.None, m, n, k, 1f, new ReadOnlySpan<float>(_w, m * k), k,
                new ReadOnlySpan<float>(col, k * n), n, 0f, ys, n, GemmKernel.Auto, gemmThreads);
            if (_hasBias)
            {
                for (int o = 0; o < m; o++)
                {
                    var row = ys.Slice(o * n, n);
                    System.Numerics.Tensors.TensorPrimitives.Add(row, _bias[o], row);
                }
            }
        }
    }

    private readonly unsafe struct BackwardInputBody : ISampleBody
    {
        private readonly Conv2dShape _s;
        private readonly float* _dy;
        private readonly float* _w;
        private readonly float* _dx;

        public BackwardInputBody(in Conv2dShape s, float* dy, float* w, float* dx)
        {
            _s = s;
            _dy = dy;
            _w = w;
            _dx = dx;
        }

        public void Sample(int b, float* col, int gemmThreads)
        {
            int k = _s.Patch, n = _s.Pixels, m = _s.OutChannels;

            // dX_col [k, n] = W^T [k, m] * dY_b [m, n]: W is stored m x k, so transA.
            Gemm.Multiply(
                Transpose.Transposed, Transpose.None, k, n, m, 1f, new ReadOnlySpan<float>(_w, m * k), k,
                new ReadOnlySpan<float>(_dy + ((nint)b * m * n), m * n), n, 0f, new Span<float>(col, k * n), n, GemmKernel.Auto, gemmThreads);
            Col2Im(_s, col, _dx + ((nint)b * _s.InChannels * _s.Height * _s.Width));
        }
    }

    /// <summary>Chunk c of the batch: partial[c] = sum over its samples, in order, of dY_b * X_col^T.</summary>
    private readonly unsafe struct WeightBody : IRangeBody
    {
        private readonly Conv2dShape _s;
        private readonly int _chunks;
        private readonly float* _x;
        private readonly float* _dy;
        private readonly float* _partial;

        public WeightBody(in Conv2dShape s, int chunks, float* x, float* dy, float* partial)
        {
            _s = s;
            _chunks = chunks;
            _x = x;
            _dy = dy;
            _partial = partial;
        }

        public void Invoke(int start, int end)
        {
            int k = _s.Patch, n = _s.Pixels, m = _s.OutChannels;
            float[] col = ArrayPool<float>.Shared.Rent(k * n);
            try
            {
                fixed (float* pc = col)
                {
                    for (int c = start; c < end; c++)
                    {
                        (int b0, int b1) = Parallelism.RangeBounds(_s.Batch, _chunks, c);
                        var part = new Span<float>(_partial + ((nint)c * m * k), m * k);
                        for (int b = b0; b < b1; b++)
                        {
                            Im2Col(_s, _x + ((nint)b * _s.InChannels * _s.Height * _s.Width), pc);

                            // dW [m, k] += dY_b [m, n] * X_col^T: X_col is stored k x n, so transB.
                            Gemm.Multiply(
                                Transpose.None, Transpose.Transposed, m, k, n, 1f, new ReadOnlySpan<float>(_dy + ((nint)b * m * n), m * n), n,
                                new ReadOnlySpan<float>(pc, k * n), n, b == b0 ? 0f : 1f, part, k, GemmKernel.Auto, 1);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(col);
            }
        }
    }
}
