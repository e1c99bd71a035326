using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lapicque.Numerics;

/// <summary>
/// 2-D convolution (cross-correlation, as in every deep-learning library) over NCHW float32, forward and backward.
/// Three kernels, chosen per call: im2col + <see cref="Gemm"/> over panels of many images (the general case), a
/// direct convolution for small patches (C*KH*KW up to 32 with unit column stride and no column padding: the first
/// layer of an image network), and an event-driven kernel for sparse inputs such as spikes (forward and weight
/// gradient; the input density decides, see <see cref="SpikeForwardCrossoverDensity"/>).
/// </summary>
/// <remarks>
/// Forward: y[b, o, p, q] = bias[o] + sum over c, i, j of w[o, c, i, j] * x[b, c, p*sh - ph + i, q*sw - pw + j], with x
/// read as 0 outside the image. The batch is cut into panels of G images (G fixed by the shape, so that one panel of
/// (C*KH*KW) x (G*OH*OW) floats stays near 1 MiB, whatever the batch size); im2col lays the receptive fields of the G
/// images side by side as X_col and one GEMM gives Y = W * X_col ([O, C*KH*KW] times [C*KH*KW, G*OH*OW]), which is
/// then copied to the NCHW output. Backward: dX_col = W^T * dY (dY gathered panel-wise), scattered back by col2im;
/// dW = sum over panels of dY * X_col^T; dbias[o] = sum over b, p, q of dy[b, o, p, q].
/// Threads take whole panels, each with its own scratch (one panel and one output block, about 2 MiB per thread);
/// a batch of fewer panels than threads runs panel by panel with a multithreaded GEMM instead. For the weight
/// gradient the batch is cut into a fixed number of chunks that does not depend on the thread count, each summed
/// panel by panel in sample order and then added in chunk order, so the bits do not depend on
/// <see cref="Parallelism.MaxThreads"/>; nor do those of the other passes (each output element is one sum whose
/// order is fixed by the kernel). Which kernel runs can change the last bits (different summation orders), and the
/// event-driven choice depends on the input, so two inputs of different density may take different kernels.
/// </remarks>
public static class Conv2d
{
    // The weight gradient sums this many per-chunk partial gradients, whatever the thread count.
    private const int WeightChunks = 16;

    // Target floats of one im2col panel (1 MiB, the L2 cache of one core here).
    private const int PanelFloats = 1 << 18;

    /// <summary>
    /// Input density (fraction of nonzero inputs) below which the forward pass is event-driven when the lowered path
    /// would run: each nonzero input scatters its kernel, so the cost follows the number of spikes. Measured on the
    /// second layer of mnist-conv (12 -> 64 channels, 5x5, 12x12 input, binary input) against im2col + GEMM: 3.2x
    /// faster at density 0.03, 1.6x at 0.10, even near 0.18 (docs/performance.md).
    /// </summary>
    public const double SpikeForwardCrossoverDensity = 0.17;

    /// <summary>
    /// Input density below which the weight gradient is event-driven: each nonzero input gathers the output gradients
    /// of the positions it feeds. Same measurement: 4.5x faster at 0.03, 2.3x at 0.10, even near 0.30.
    /// </summary>
    public const double SpikeWeightCrossoverDensity = 0.28;

    // Largest patch (C*KH*KW) convolved directly; measured on the 1x5x5 first layer of mnist-conv: direct 5-7x faster.
    private const int DirectMaxPatch = 32;

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
                if (UsesDirect(s))
                {
                    Parallelism.For(s.Batch, 1, new DirectForwardBody(s, px, pw, pb, bias.Length > 0, py));
                }
                else if (UsesSpikes(s, x, SpikeForwardCrossoverDensity))
                {
                    SpikeForward(s, px, pw, pb, bias.Length > 0, py);
                }
                else
                {
                    RunPanels(s, new ForwardBody(s, px, pw, pb, bias.Length > 0, py));
                }
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
                RunPanels(s, new BackwardInputBody(s, pdy, pw, pdx));
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
                    if (UsesDirect(s))
                    {
                        Parallelism.For(chunks, 1, new DirectWeightBody(s, chunks, px, pdy, pp));
                    }
                    else if (UsesSpikes(s, x, SpikeWeightCrossoverDensity))
                    {
                        Parallelism.For(chunks, 1, new SpikeWeightBody(s, chunks, px, pdy, pp));
                    }
                    else if (chunks >= Parallelism.MaxThreads)
                    {
                        Parallelism.For(chunks, 1, new WeightBody(s, chunks, px, pdy, pp, 1));
                    }
                    else
                    {
                        // Fewer chunks than threads (tiny batches): chunk by chunk, each GEMM on all threads.
                        new WeightBody(s, chunks, px, pdy, pp, Parallelism.MaxThreads).Invoke(0, chunks);
                    }
                }
            }

            // Chunk partials are added in chunk order: the same sum whatever thread computed which chunk.
            int n = s.WeightLength;
            Scale(dw, beta);
            for (int c = 0; c < chunks; c++)
            {
                TensorPrimitives.Add(dw, partial.AsSpan(c * n, n), dw);
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

    /// <summary>Forces im2col + GEMM for every shape and input (for benchmarks and tests comparing the paths; not thread-safe).</summary>
    internal static bool LoweredOnly { get; set; }

    /// <summary>Forces the event-driven path for every input of a shape that the direct path does not take (for benchmarks and tests).</summary>
    internal static bool SpikesAlways { get; set; }

    /// <summary>Whether an input goes through the event-driven path: its density is below <paramref name="crossover"/>.</summary>
    internal static bool UsesSpikes(in Conv2dShape s, ReadOnlySpan<float> x, double crossover) =>
        !LoweredOnly && !UsesDirect(s) && (SpikesAlways || SpikeIndex.CountNonZero(x) < crossover * x.Length);

    /// <summary>
    /// Whether the forward and weight-gradient passes run as a direct convolution instead of im2col + GEMM: for small
    /// patches (the first layer of an image network: 1 channel, 5x5), where the GEMM's depth C*KH*KW is too short to
    /// pay for lowering the input to a panel 25 times its size. Needs unit column stride and no column padding (each
    /// output row then reads contiguous input rows).
    /// </summary>
    internal static bool UsesDirect(in Conv2dShape s) => !LoweredOnly && s.StrideWidth == 1 && s.PadWidth == 0 && s.Patch <= DirectMaxPatch;

    /// <summary>
    /// Images per im2col panel for this shape: as many as keep the panel near <see cref="PanelFloats"/>, at least 1.
    /// Depends on the shape only, not on the batch size beyond it or the thread count.
    /// </summary>
    internal static int ImagesPerPanel(in Conv2dShape s) =>
        Math.Clamp(PanelFloats / Math.Max(1, s.Patch * s.Pixels), 1, Math.Max(1, s.Batch));

    /// <summary>
    /// Lays out the receptive fields of one sample [C, H, W] as col[((c*KH + i)*KW + j) * ld + p*OW + q] (zeros for
    /// padding): a (C*KH*KW) x (OH*OW) block of a panel whose rows are <paramref name="ld"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Im2Col(in Conv2dShape s, float* x, float* col, int ld)
    {
        int oh = s.OutHeight, ow = s.OutWidth;
        for (int c = 0; c < s.InChannels; c++)
        {
            float* plane = x + ((nint)c * s.Height * s.Width);
            for (int i = 0; i < s.KernelHeight; i++)
            {
                for (int j = 0; j < s.KernelWidth; j++)
                {
                    float* row = col + ((nint)((((c * s.KernelHeight) + i) * s.KernelWidth) + j) * ld);

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
                        for (int q = 0; q < qLo; q++)
                        {
                            dst[q] = 0f;
                        }

                        if (s.StrideWidth == 1)
                        {
                            CopyRun(src + qLo, dst + qLo, qHi - qLo);
                        }
                        else
                        {
                            for (int q = qLo; q < qHi; q++)
                            {
                                dst[q] = src[(nint)q * s.StrideWidth];
                            }
                        }

                        for (int q = qHi; q < ow; q++)
                        {
                            dst[q] = 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Im2Col"/>: dx[c, h, w] = sum of the col entries that read it, added in (i, j, p, q)
    /// order; dx (one sample) is overwritten.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Col2Im(in Conv2dShape s, float* col, int ld, float* dx)
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
                    float* row = col + ((nint)((((c * s.KernelHeight) + i) * s.KernelWidth) + j) * ld);
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
                            AddRun(src + qLo, dst + qLo, qHi - qLo);
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

    /// <summary>dst[0..n) = src[0..n), in 512- and 256-bit pieces: im2col copies many short rows (8 to 24 floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CopyRun(float* src, float* dst, int n)
    {
        int q = 0;
        for (; q <= n - 16; q += 16)
        {
            Vector512.Store(Vector512.Load(src + q), dst + q);
        }

        if (q <= n - 8)
        {
            Vector256.Store(Vector256.Load(src + q), dst + q);
            q += 8;
        }

        for (; q < n; q++)
        {
            dst[q] = src[q];
        }
    }

    /// <summary>dst[0..n) += src[0..n), in 512- and 256-bit pieces.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddRun(float* src, float* dst, int n)
    {
        int q = 0;
        for (; q <= n - 16; q += 16)
        {
            Vector512.Store(Vector512.Load(dst + q) + Vector512.Load(src + q), dst + q);
        }

        if (q <= n - 8)
        {
            Vector256.Store(Vector256.Load(dst + q) + Vector256.Load(src + q), dst + q);
            q += 8;
        }

        for (; q < n; q++)
        {
            dst[q] += src[q];
        }
    }

    /// <summary>
    /// Copies dy of images b0 .. b0 + count - 1 ([count, O, P] in NCHW) into a panel block [O, count * P]:
    /// block[o, g*P + p] = dy[b0 + g, o, p], the layout the GEMMs of the backward passes read.
    /// </summary>
    private static unsafe void GatherOutput(in Conv2dShape s, float* dy, int b0, int count, float* block)
    {
        int m = s.OutChannels, pix = s.Pixels, n = count * pix;
        for (int g = 0; g < count; g++)
        {
            float* src = dy + ((nint)(b0 + g) * m * pix);
            for (int o = 0; o < m; o++)
            {
                new ReadOnlySpan<float>(src + ((nint)o * pix), pix).CopyTo(new Span<float>(block + ((nint)o * n) + ((nint)g * pix), pix));
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

    /// <summary>Runs a panel body over the batch: panels split among threads with a serial GEMM each, or one panel at a time with a parallel GEMM.</summary>
    private static void RunPanels<TBody>(in Conv2dShape s, TBody body)
        where TBody : struct, IPanelBody
    {
        int g = ImagesPerPanel(s);
        int panels = CeilDiv(s.Batch, g);
        if (panels >= Parallelism.MaxThreads)
        {
            Parallelism.For(panels, 1, new PanelRanges<TBody>(body, s, g, 1));
        }
        else
        {
            new PanelRanges<TBody>(body, s, g, Parallelism.MaxThreads).Invoke(0, panels);
        }
    }

    private interface IPanelBody
    {
        /// <summary>Processes images b0 .. b0 + count - 1 with a panel col [Patch, count * Pixels] and a block [O, count * Pixels] of scratch.</summary>
        unsafe void Panel(int b0, int count, float* col, float* block, int gemmThreads);
    }

    private readonly struct PanelRanges<TBody> : IRangeBody
        where TBody : struct, IPanelBody
    {
        private readonly TBody _body;
        private readonly int _batch;
        private readonly int _perPanel;
        private readonly int _colLength;
        private readonly int _blockLength;
        private readonly int _gemmThreads;

        public PanelRanges(TBody body, in Conv2dShape s, int perPanel, int gemmThreads)
        {
            _body = body;
            _batch = s.Batch;
            _perPanel = perPanel;
            _colLength = s.Patch * s.Pixels * perPanel;
            _blockLength = s.OutChannels * s.Pixels * perPanel;
            _gemmThreads = gemmThreads;
        }

        public unsafe void Invoke(int start, int end)
        {
            float[] col = ArrayPool<float>.Shared.Rent(_colLength);
            float[] block = ArrayPool<float>.Shared.Rent(_blockLength);
            try
            {
                fixed (float* pc = col, pb = block)
                {
                    for (int panel = start; panel < end; panel++)
                    {
                        int b0 = panel * _perPanel;
                        _body.Panel(b0, Math.Min(_perPanel, _batch - b0), pc, pb, _gemmThreads);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(block);
                ArrayPool<float>.Shared.Return(col);
            }
        }
    }

    private readonly unsafe struct ForwardBody : IPanelBody
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

        public void Panel(int b0, int count, float* col, float* block, int gemmThreads)
        {
            int k = _s.Patch, pix = _s.Pixels, m = _s.OutChannels, n = count * pix;
            nint inPlane = (nint)_s.InChannels * _s.Height * _s.Width;
            for (int g = 0; g < count; g++)
            {
                Im2Col(_s, _x + ((b0 + g) * inPlane), col + ((nint)g * pix), n);
            }

            // Y [m, n] = W [m, k] * X_col [k, n] for all images of the panel at once.
            Gemm.Multiply(
                Transpose.None, Transpose.None, m, n, k, 1f, new ReadOnlySpan<float>(_w, m * k), k,
                new ReadOnlySpan<float>(col, k * n), n, 0f, new Span<float>(block, m * n), n, GemmKernel.Auto, gemmThreads);

            // Scatter the [O, G*P] block to NCHW, adding the bias on the way.
            for (int g = 0; g < count; g++)
            {
                float* y = _y + ((nint)(b0 + g) * m * pix);
                for (int o = 0; o < m; o++)
                {
                    var src = new ReadOnlySpan<float>(block + ((nint)o * n) + ((nint)g * pix), pix);
                    var dst = new Span<float>(y + ((nint)o * pix), pix);
                    if (_hasBias)
                    {
                        TensorPrimitives.Add(src, _bias[o], dst);
                    }
                    else
                    {
                        src.CopyTo(dst);
                    }
                }
            }
        }
    }

    private readonly unsafe struct BackwardInputBody : IPanelBody
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

        public void Panel(int b0, int count, float* col, float* block, int gemmThreads)
        {
            int k = _s.Patch, pix = _s.Pixels, m = _s.OutChannels, n = count * pix;
            nint inPlane = (nint)_s.InChannels * _s.Height * _s.Width;
            GatherOutput(_s, _dy, b0, count, block);

            // dX_col [k, n] = W^T [k, m] * dY [m, n]: W is stored m x k, so transA.
            Gemm.Multiply(
                Transpose.Transposed, Transpose.None, k, n, m, 1f, new ReadOnlySpan<float>(_w, m * k), k,
                new ReadOnlySpan<float>(block, m * n), n, 0f, new Span<float>(col, k * n), n, GemmKernel.Auto, gemmThreads);
            for (int g = 0; g < count; g++)
            {
                Col2Im(_s, col + ((nint)g * pix), n, _dx + ((b0 + g) * inPlane));
            }
        }
    }

    /// <summary>Chunk c of the batch: partial[c] = sum over its panels, in order, of dY * X_col^T.</summary>
    private readonly unsafe struct WeightBody : IRangeBody
    {
        private readonly Conv2dShape _s;
        private readonly int _chunks;
        private readonly float* _x;
        private readonly float* _dy;
        private readonly float* _partial;
        private readonly int _gemmThreads;

        public WeightBody(in Conv2dShape s, int chunks, float* x, float* dy, float* partial, int gemmThreads)
        {
            _s = s;
            _chunks = chunks;
            _x = x;
            _dy = dy;
            _partial = partial;
            _gemmThreads = gemmThreads;
        }

        public void Invoke(int start, int end)
        {
            int k = _s.Patch, pix = _s.Pixels, m = _s.OutChannels;
            int perPanel = ImagesPerPanel(_s);
            nint inPlane = (nint)_s.InChannels * _s.Height * _s.Width;
            float[] col = ArrayPool<float>.Shared.Rent(k * pix * perPanel);
            float[] block = ArrayPool<float>.Shared.Rent(m * pix * perPanel);
            try
            {
                fixed (float* pc = col, pb = block)
                {
                    for (int c = start; c < end; c++)
                    {
                        (int b0, int b1) = Parallelism.RangeBounds(_s.Batch, _chunks, c);
                        var part = new Span<float>(_partial + ((nint)c * m * k), m * k);
                        for (int p0 = b0; p0 < b1; p0 += perPanel)
                        {
                            int count = Math.Min(perPanel, b1 - p0), n = count * pix;
                            for (int g = 0; g < count; g++)
                            {
                                Im2Col(_s, _x + ((p0 + g) * inPlane), pc + ((nint)g * pix), n);
                            }

                            GatherOutput(_s, _dy, p0, count, pb);

                            // dW [m, k] += dY [m, n] * X_col^T: X_col is stored k x n, so transB.
                            Gemm.Multiply(
                                Transpose.None, Transpose.Transposed, m, k, n, 1f, new ReadOnlySpan<float>(pb, m * n), n,
                                new ReadOnlySpan<float>(pc, k * n), n, p0 == b0 ? 0f : 1f, part, k, GemmKernel.Auto, _gemmThreads);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(block);
                ArrayPool<float>.Shared.Return(col);
            }
        }
    }

    /// <summary>
    /// Direct forward pass, one image per index: each output row segment of 16 (then 8, then single) columns stays in
    /// registers while the C*KH*KW terms are added with fused multiply-adds over contiguous input rows.
    /// </summary>
    private readonly unsafe struct DirectForwardBody : IRangeBody
    {
        private readonly Conv2dShape _s;
        private readonly float* _x;
        private readonly float* _w;
        private readonly float* _bias;
        private readonly bool _hasBias;
        private readonly float* _y;

        public DirectForwardBody(in Conv2dShape s, float* x, float* w, float* bias, bool hasBias, float* y)
        {
            _s = s;
            _x = x;
            _w = w;
            _bias = bias;
            _hasBias = hasBias;
            _y = y;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            Conv2dShape s = _s;
            int oh = s.OutHeight, ow = s.OutWidth, kh = s.KernelHeight;
            nint inPlane = (nint)s.Height * s.Width;
            for (int b = start; b < end; b++)
            {
                float* x = _x + ((nint)b * s.InChannels * inPlane);
                int o = 0;
                for (; o + 4 <= s.OutChannels; o += 4)
                {
                    ForwardFour(s, x, b, o);
                }

                for (; o < s.OutChannels; o++)
                {
                    float* w = _w + ((nint)o * s.Patch);
                    float bias = _hasBias ? _bias[o] : 0f;
                    for (int p = 0; p < oh; p++)
                    {
                        float* y = _y + ((((nint)b * s.OutChannels) + o) * oh * ow) + ((nint)p * ow);
                        int h0 = (p * s.StrideHeight) - s.PadHeight;
                        int iLo = Math.Max(0, -h0), iHi = Math.Min(kh, s.Height - h0);
                        int q = OneColumns<Width512, Vector512<float>>(s, x, w, bias, y, h0, iLo, iHi, 0);
                        q = OneColumns<Width256, Vector256<float>>(s, x, w, bias, y, h0, iLo, iHi, q);
                        ScalarColumns(s, x, w, bias, y, h0, iLo, iHi, q);
                    }
                }
            }
        }

        /// <summary>
        /// Output channels o .. o + 3 of image b: four independent accumulator chains that share each input load
        /// (one chain alone waits on the latency of its fused multiply-adds), for the 16- and 8-column segments;
        /// the last columns go through <see cref="ScalarColumns"/>, as in <see cref="Invoke"/>'s single-channel path.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ForwardFour(in Conv2dShape s, float* x, int b, int o)
        {
            int oh = s.OutHeight, ow = s.OutWidth, kh = s.KernelHeight, patch = s.Patch;
            nint outPlane = (nint)oh * ow;
            float* w0 = _w + ((nint)o * patch);
            float* y0 = _y + ((((nint)b * s.OutChannels) + o) * outPlane);
            for (int p = 0; p < oh; p++)
            {
                int h0 = (p * s.StrideHeight) - s.PadHeight;
                int iLo = Math.Max(0, -h0), iHi = Math.Min(kh, s.Height - h0);
                float* y = y0 + ((nint)p * ow);
                int q = FourColumns<Width512, Vector512<float>>(s, x, o, w0, y, outPlane, h0, iLo, iHi, 0);
                q = FourColumns<Width256, Vector256<float>>(s, x, o, w0, y, outPlane, h0, iLo, iHi, q);

                // The last columns, channel by channel.
                for (int k = 0; k < 4; k++)
                {
                    ScalarColumns(s, x, w0 + ((nint)k * patch), _hasBias ? _bias[o + k] : 0f, y + (k * outPlane), h0, iLo, iHi, q);
                }
            }
        }

        /// <summary>The scalar twin of <see cref="OneColumns{TWidth, TVector}"/>: columns q .. OW - 1, one at a time.</summary>
        private static void ScalarColumns(in Conv2dShape s, float* x, float* w, float bias, float* y, int h0, int iLo, int iHi, int q)
        {
            int ow = s.OutWidth, kh = s.KernelHeight, kw = s.KernelWidth, cin = s.InChannels, width = s.Width;
            nint inPlane = (nint)s.Height * width;
            for (; q < ow; q++)
            {
                float acc = bias;
                for (int c = 0; c < cin; c++)
                {
                    for (int i = iLo; i < iHi; i++)
                    {
                        float* row = x + (c * inPlane) + ((nint)(h0 + i) * width) + q;
                        float* wr = w + (((c * kh) + i) * kw);
                        for (int j = 0; j < kw; j++)
                        {
                            acc = MathF.FusedMultiplyAdd(wr[j], row[j], acc);
                        }
                    }
                }

                y[q] = acc;
            }
        }

        /// <summary>
        /// Columns q, q + Count, ... of output row y (h0 = its first input row) of one channel, while a whole vector fits:
        /// y[q..] = bias + the C*KH*KW terms, added in (c, i, j) order with fused multiply-adds. Returns the first column left.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int OneColumns<TWidth, TVector>(in Conv2dShape s, float* x, float* w, float bias, float* y, int h0, int iLo, int iHi, int q)
            where TWidth : struct, IVectorWidth<TVector>
            where TVector : struct
        {
            int ow = s.OutWidth, kh = s.KernelHeight, kw = s.KernelWidth, cin = s.InChannels, width = s.Width;
            nint inPlane = (nint)s.Height * width;
            for (; q + TWidth.Count <= ow; q += TWidth.Count)
            {
                var acc = TWidth.Broadcast(bias);
                for (int c = 0; c < cin; c++)
                {
                    for (int i = iLo; i < iHi; i++)
                    {
                        float* row = x + (c * inPlane) + ((nint)(h0 + i) * width) + q;
                        float* wr = w + (((c * kh) + i) * kw);
                        for (int j = 0; j < kw; j++)
                        {
                            acc = TWidth.FusedMultiplyAdd(TWidth.Broadcast(wr[j]), TWidth.Load(row + j), acc);
                        }
                    }
                }

                TWidth.Store(acc, y + q);
            }

            return q;
        }

        /// <summary>
        /// <see cref="OneColumns{TWidth, TVector}"/> for output channels o .. o + 3 at once (their rows y + k * outPlane):
        /// four accumulator chains sharing each input load. Returns the first column left.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int FourColumns<TWidth, TVector>(in Conv2dShape s, float* x, int o, float* w0, float* y, nint outPlane, int h0, int iLo, int iHi, int q)
            where TWidth : struct, IVectorWidth<TVector>
            where TVector : struct
        {
            int ow = s.OutWidth, kh = s.KernelHeight, kw = s.KernelWidth, cin = s.InChannels, patch = s.Patch, width = s.Width;
            nint inPlane = (nint)s.Height * width;
            for (; q + TWidth.Count <= ow; q += TWidth.Count)
            {
                var a0 = TWidth.Broadcast(_hasBias ? _bias[o] : 0f);
                var a1 = TWidth.Broadcast(_hasBias ? _bias[o + 1] : 0f);
                var a2 = TWidth.Broadcast(_hasBias ? _bias[o + 2] : 0f);
                var a3 = TWidth.Broadcast(_hasBias ? _bias[o + 3] : 0f);
                for (int c = 0; c < cin; c++)
                {
                    for (int i = iLo; i < iHi; i++)
                    {
                        float* row = x + (c * inPlane) + ((nint)(h0 + i) * width) + q;
                        float* wr = w0 + (((c * kh) + i) * kw);
                        for (int j = 0; j < kw; j++)
                        {
                            var v = TWidth.Load(row + j);
                            a0 = TWidth.FusedMultiplyAdd(TWidth.Broadcast(wr[j]), v, a0);
                            a1 = TWidth.FusedMultiplyAdd(TWidth.Broadcast(wr[patch + j]), v, a1);
                            a2 = TWidth.FusedMultiplyAdd(TWidth.Broadcast(wr[(2 * patch) + j]), v, a2);
                            a3 = TWidth.FusedMultiplyAdd(TWidth.Broadcast(wr[(3 * patch) + j]), v, a3);
                        }
                    }
                }

                TWidth.Store(a0, y + q);
                TWidth.Store(a1, y + outPlane + q);
                TWidth.Store(a2, y + (2 * outPlane) + q);
                TWidth.Store(a3, y + (3 * outPlane) + q);
            }

            return q;
        }
    }

    /// <summary>
    /// Direct weight gradient, chunk c of the batch: partial[c][o, c', i, j] = sum over its images (in order), rows p
    /// and columns q of dy[b, o, p, q] * x[b, c', p*sh - ph + i, q + j]. Each weight keeps one 16-lane and one 8-lane
    /// accumulator over the whole chunk (scratch, 24 floats a weight), reduced lane by lane at the end.
    /// </summary>
    private readonly unsafe struct DirectWeightBody : IRangeBody
    {
        private readonly Conv2dShape _s;
        private readonly int _chunks;
        private readonly float* _x;
        private readonly float* _dy;
        private readonly float* _partial;

        public DirectWeightBody(in Conv2dShape s, int chunks, float* x, float* dy, float* partial)
        {
            _s = s;
            _chunks = chunks;
            _x = x;
            _dy = dy;
            _partial = partial;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            Conv2dShape s = _s;
            int oh = s.OutHeight, ow = s.OutWidth, kh = s.KernelHeight, kw = s.KernelWidth, cin = s.InChannels;
            int weights = s.WeightLength;
            nint inPlane = (nint)s.Height * s.Width;
            float[] lanes = ArrayPool<float>.Shared.Rent(weights * 24);
            try
            {
                fixed (float* acc = lanes)
                {
                    for (int chunk = start; chunk < end; chunk++)
                    {
                        (int b0, int b1) = Parallelism.RangeBounds(s.Batch, _chunks, chunk);
                        new Span<float>(acc, weights * 24).Clear();
                        float* part = _partial + ((nint)chunk * weights);
                        new Span<float>(part, weights).Clear();
                        for (int b = b0; b < b1; b++)
                        {
                            float* x = _x + ((nint)b * cin * inPlane);
                            for (int o = 0; o < s.OutChannels; o++)
                            {
                                float* dyPlane = _dy + ((((nint)b * s.OutChannels) + o) * oh * ow);
                                for (int c = 0; c < cin; c++)
                                {
                                    for (int i = 0; i < kh; i++)
                                    {
                                        // Output rows p whose input row p*sh - ph + i lies inside [0, H).
                                        int pLo = Math.Max(0, CeilDiv(s.PadHeight - i, s.StrideHeight));
                                        int pHi = Math.Min(oh, CeilDiv(s.Height + s.PadHeight - i, s.StrideHeight));
                                        int j = 0;
                                        for (; j + 4 <= kw; j += 4)
                                        {
                                            WeightFour(s, x + (c * inPlane), dyPlane, acc, part, (((((o * cin) + c) * kh) + i) * kw) + j, i, j, pLo, pHi);
                                        }

                                        for (; j < kw; j++)
                                        {
                                            int wi = (((((o * cin) + c) * kh) + i) * kw) + j;
                                            float* a = acc + ((nint)wi * 24);
                                            var a16 = Vector512.Load(a);
                                            var a8 = Vector256.Load(a + 16);
                                            float tail = part[wi];
                                            for (int p = pLo; p < pHi; p++)
                                            {
                                                float* dy = dyPlane + ((nint)p * ow);
                                                float* row = x + (c * inPlane) + ((nint)((p * s.StrideHeight) - s.PadHeight + i) * s.Width) + j;
                                                int q = DotColumns<Width512, Vector512<float>>(dy, row, 0, ow, ref a16);
                                                q = DotColumns<Width256, Vector256<float>>(dy, row, q, ow, ref a8);

                                                // The scalar twin for the last columns.
                                                for (; q < ow; q++)
                                                {
                                                    tail = MathF.FusedMultiplyAdd(dy[q], row[q], tail);
                                                }
                                            }

                                            a16.Store(a);
                                            a8.Store(a + 16);
                                            part[wi] = tail;
                                        }
                                    }
                                }
                            }
                        }

                        // Lanes reduced in a fixed order: the tail sum, then lanes 0..23.
                        for (int k = 0; k < weights; k++)
                        {
                            float sum = part[k];
                            float* a = acc + ((nint)k * 24);
                            for (int l = 0; l < 24; l++)
                            {
                                sum += a[l];
                            }

                            part[k] = sum;
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(lanes);
            }
        }

        /// <summary>
        /// Weights wi .. wi + 3 (columns j .. j + 3 of kernel row i) of one image, output channel and input plane:
        /// four independent accumulator chains sharing each load of dy.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void WeightFour(in Conv2dShape s, float* xPlane, float* dyPlane, float* acc, float* part, int wi, int i, int j, int pLo, int pHi)
        {
            int ow = s.OutWidth;
            float* a = acc + ((nint)wi * 24);
            Vector512<float> b0 = Vector512.Load(a), b1 = Vector512.Load(a + 24), b2 = Vector512.Load(a + 48), b3 = Vector512.Load(a + 72);
            Vector256<float> c0 = Vector256.Load(a + 16), c1 = Vector256.Load(a + 40), c2 = Vector256.Load(a + 64), c3 = Vector256.Load(a + 88);
            float t0 = part[wi], t1 = part[wi + 1], t2 = part[wi + 2], t3 = part[wi + 3];
            for (int p = pLo; p < pHi; p++)
            {
                float* dy = dyPlane + ((nint)p * ow);
                float* row = xPlane + ((nint)((p * s.StrideHeight) - s.PadHeight + i) * s.Width) + j;
                int q = DotColumnsFour<Width512, Vector512<float>>(dy, row, 0, ow, ref b0, ref b1, ref b2, ref b3);
                q = DotColumnsFour<Width256, Vector256<float>>(dy, row, q, ow, ref c0, ref c1, ref c2, ref c3);

                // The scalar twin for the last columns.
                for (; q < ow; q++)
                {
                    t0 = MathF.FusedMultiplyAdd(dy[q], row[q], t0);
                    t1 = MathF.FusedMultiplyAdd(dy[q], row[q + 1], t1);
                    t2 = MathF.FusedMultiplyAdd(dy[q], row[q + 2], t2);
                    t3 = MathF.FusedMultiplyAdd(dy[q], row[q + 3], t3);
                }
            }

            b0.Store(a);
            b1.Store(a + 24);
            b2.Store(a + 48);
            b3.Store(a + 72);
            c0.Store(a + 16);
            c1.Store(a + 40);
            c2.Store(a + 64);
            c3.Store(a + 88);
            (part[wi], part[wi + 1], part[wi + 2], part[wi + 3]) = (t0, t1, t2, t3);
        }

        /// <summary>a += dy[q..] * row[q..], Count columns at a time while a whole vector fits; returns the first column left.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int DotColumns<TWidth, TVector>(float* dy, float* row, int q, int ow, ref TVector a)
            where TWidth : struct, IVectorWidth<TVector>
            where TVector : struct
        {
            for (; q + TWidth.Count <= ow; q += TWidth.Count)
            {
                a = TWidth.FusedMultiplyAdd(TWidth.Load(dy + q), TWidth.Load(row + q), a);
            }

            return q;
        }

        /// <summary>
        /// <see cref="DotColumns{TWidth, TVector}"/> for four weights of adjacent kernel columns (row, row + 1, row + 2,
        /// row + 3) sharing each load of dy; returns the first column left.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int DotColumnsFour<TWidth, TVector>(float* dy, float* row, int q, int ow, ref TVector a0, ref TVector a1, ref TVector a2, ref TVector a3)
            where TWidth : struct, IVectorWidth<TVector>
            where TVector : struct
        {
            for (; q + TWidth.Count <= ow; q += TWidth.Count)
            {
                var d = TWidth.Load(dy + q);
                a0 = TWidth.FusedMultiplyAdd(d, TWidth.Load(row + q), a0);
                a1 = TWidth.FusedMultiplyAdd(d, TWidth.Load(row + q + 1), a1);
                a2 = TWidth.FusedMultiplyAdd(d, TWidth.Load(row + q + 2), a2);
                a3 = TWidth.FusedMultiplyAdd(d, TWidth.Load(row + q + 3), a3);
            }

            return q;
        }
    }

    /// <summary>
    /// Event-driven forward pass: the kernel is transposed once to [C, KH, KW, O]; then, image by image, every nonzero
    /// input x[c, h, w] adds x * w[:, c, i, j] to the O outputs of each position (p, q) whose window reads it, in an
    /// output block laid out [OH*OW, O] (rows of O contiguous floats), which is transposed to NCHW at the end.
    /// </summary>
    private static unsafe void SpikeForward(in Conv2dShape s, float* x, float* w, float* bias, bool hasBias, float* y)
    {
        float[] transposed = ArrayPool<float>.Shared.Rent(s.WeightLength);
        try
        {
            fixed (float* wt = transposed)
            {
                TransposeKernel(s, w, wt);
                Parallelism.For(s.Batch, 1, new SpikeForwardBody(s, x, wt, bias, hasBias, y));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(transposed);
        }
    }

    /// <summary>wt[(c*KH + i)*KW + j, o] = w[o, (c*KH + i)*KW + j]: kernel columns become contiguous rows of O.</summary>
    private static unsafe void TransposeKernel(in Conv2dShape s, float* w, float* wt)
    {
        int m = s.OutChannels, k = s.Patch;
        for (int o = 0; o < m; o++)
        {
            for (int r = 0; r < k; r++)
            {
                wt[((nint)r * m) + o] = w[((nint)o * k) + r];
            }
        }
    }

    /// <summary>dst[0..n) += v * src[0..n), in 512- and 256-bit pieces, then single floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AxpyRun(float v, float* src, float* dst, int n)
    {
        int q = 0;
        var vv = Vector512.Create(v);
        for (; q <= n - 16; q += 16)
        {
            Vector512.Store(Vector512.FusedMultiplyAdd(vv, Vector512.Load(src + q), Vector512.Load(dst + q)), dst + q);
        }

        if (q <= n - 8)
        {
            Vector256.Store(Vector256.FusedMultiplyAdd(Vector256.Create(v), Vector256.Load(src + q), Vector256.Load(dst + q)), dst + q);
            q += 8;
        }

        // The scalar twin for the last elements.
        for (; q < n; q++)
        {
            dst[q] = MathF.FusedMultiplyAdd(v, src[q], dst[q]);
        }
    }

    /// <summary>
    /// Calls back for every (output position, kernel row) pair that input (h, w) feeds: output (p, q) reads input
    /// (p*sh - ph + i, q*sw - pw + j), so p = (h + ph - i) / sh when that divides exactly and lies in [0, OH).
    /// Returns the positions as a list of (p*OW + q, (i*KW + j)) pairs in (i, j) order into <paramref name="pairs"/>.
    /// </summary>
    private static unsafe int Reach(in Conv2dShape s, int h, int w, int* pairs)
    {
        int n = 0, oh = s.OutHeight, ow = s.OutWidth;
        for (int i = 0; i < s.KernelHeight; i++)
        {
            int ph = h + s.PadHeight - i;
            if (ph < 0 || ph % s.StrideHeight != 0 || ph / s.StrideHeight >= oh)
            {
                continue;
            }

            int p = ph / s.StrideHeight;
            for (int j = 0; j < s.KernelWidth; j++)
            {
                int pw = w + s.PadWidth - j;
                if (pw < 0 || pw % s.StrideWidth != 0 || pw / s.StrideWidth >= ow)
                {
                    continue;
                }

                pairs[2 * n] = (p * ow) + (pw / s.StrideWidth);
                pairs[(2 * n) + 1] = (i * s.KernelWidth) + j;
                n++;
            }
        }

        return n;
    }

    private readonly unsafe struct SpikeForwardBody : IRangeBody
    {
        private readonly Conv2dShape _s;
        private readonly float* _x;
        private readonly float* _wt;
        private readonly float* _bias;
        private readonly bool _hasBias;
        private readonly float* _y;

        public SpikeForwardBody(in Conv2dShape s, float* x, float* wt, float* bias, bool hasBias, float* y)
        {
            _s = s;
            _x = x;
            _wt = wt;
            _bias = bias;
            _hasBias = hasBias;
            _y = y;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            Conv2dShape s = _s;
            int m = s.OutChannels, pix = s.Pixels, kk = s.KernelHeight * s.KernelWidth, inPlane = s.Height * s.Width;
            int inLength = s.InChannels * inPlane;
            float[] block = ArrayPool<float>.Shared.Rent(pix * m);
            int[] reach = ArrayPool<int>.Shared.Rent(2 * kk * inPlane);
            int[] counts = ArrayPool<int>.Shared.Rent(inPlane);
            try
            {
                fixed (float* acc = block)
                fixed (int* pairs = reach, count = counts)
                {
                    // Which (output, kernel) pairs each input position feeds: the same for every image and channel.
                    for (int e = 0; e < inPlane; e++)
                    {
                        count[e] = Reach(s, e / s.Width, e % s.Width, pairs + (2 * kk * e));
                    }

                    for (int b = start; b < end; b++)
                    {
                        new Span<float>(acc, pix * m).Clear();
                        float* x = _x + ((nint)b * inLength);
                        for (int e = 0; e < inLength; e++)
                        {
                            float v = x[e];
                            if (v == 0f)
                            {
                                continue;
                            }

                            int c = e / inPlane, at = e - (c * inPlane);
                            int* pr = pairs + (2 * kk * at);
                            float* wc = _wt + ((nint)c * kk * m);
                            for (int r = 0; r < count[at]; r++)
                            {
                                AxpyRun(v, wc + ((nint)pr[(2 * r) + 1] * m), acc + ((nint)pr[2 * r] * m), m);
                            }
                        }

                        // [OH*OW, O] -> [O, OH*OW], plus the bias.
                        float* y = _y + ((nint)b * m * pix);
                        for (int o = 0; o < m; o++)
                        {
                            float bias = _hasBias ? _bias[o] : 0f;
                            float* yo = y + ((nint)o * pix);
                            for (int q = 0; q < pix; q++)
                            {
                                yo[q] = acc[((nint)q * m) + o] + bias;
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(counts);
                ArrayPool<int>.Shared.Return(reach);
                ArrayPool<float>.Shared.Return(block);
            }
        }
    }

    /// <summary>
    /// Event-driven weight gradient, chunk c of the batch: for each image (in order) dy is transposed to [OH*OW, O];
    /// every nonzero input x[c, h, w] then adds x * dy[:, p, q] to the O-long row (c, i, j) of a [C*KH*KW, O] partial
    /// for each (p, q, i, j) that pairs them. The partial is transposed into partial[c] ([O, C*KH*KW]) at the end.
    /// </summary>
    private readonly unsafe struct SpikeWeightBody : IRangeBody
    {
        private readonly Conv2dShape _s;
        private readonly int _chunks;
        private readonly float* _x;
        private readonly float* _dy;
        private readonly float* _partial;

        public SpikeWeightBody(in Conv2dShape s, int chunks, float* x, float* dy, float* partial)
        {
            _s = s;
            _chunks = chunks;
            _x = x;
            _dy = dy;
            _partial = partial;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            Conv2dShape s = _s;
            int m = s.OutChannels, pix = s.Pixels, k = s.Patch, kk = s.KernelHeight * s.KernelWidth, inPlane = s.Height * s.Width;
            int inLength = s.InChannels * inPlane;
            float[] dyT = ArrayPool<float>.Shared.Rent(pix * m);
            float[] accT = ArrayPool<float>.Shared.Rent(k * m);
            int[] reach = ArrayPool<int>.Shared.Rent(2 * kk * inPlane);
            int[] counts = ArrayPool<int>.Shared.Rent(inPlane);
            try
            {
                fixed (float* g = dyT, acc = accT)
                fixed (int* pairs = reach, count = counts)
                {
                    for (int e = 0; e < inPlane; e++)
                    {
                        count[e] = Reach(s, e / s.Width, e % s.Width, pairs + (2 * kk * e));
                    }

                    for (int chunk = start; chunk < end; chunk++)
                    {
                        (int b0, int b1) = Parallelism.RangeBounds(s.Batch, _chunks, chunk);
                        new Span<float>(acc, k * m).Clear();
                        for (int b = b0; b < b1; b++)
                        {
                            float* dy = _dy + ((nint)b * m * pix);
                            for (int o = 0; o < m; o++)
                            {
                                for (int q = 0; q < pix; q++)
                                {
                                    g[((nint)q * m) + o] = dy[((nint)o * pix) + q];
                                }
                            }

                            float* x = _x + ((nint)b * inLength);
                            for (int e = 0; e < inLength; e++)
                            {
                                float v = x[e];
                                if (v == 0f)
                                {
                                    continue;
                                }

                                int c = e / inPlane, at = e - (c * inPlane);
                                int* pr = pairs + (2 * kk * at);
                                float* ac = acc + ((nint)c * kk * m);
                                for (int r = 0; r < count[at]; r++)
                                {
                                    AxpyRun(v, g + ((nint)pr[2 * r] * m), ac + ((nint)pr[(2 * r) + 1] * m), m);
                                }
                            }
                        }

                        float* part = _partial + ((nint)chunk * m * k);
                        for (int o = 0; o < m; o++)
                        {
                            for (int r = 0; r < k; r++)
                            {
                                part[((nint)o * k) + r] = acc[((nint)r * m) + o];
                            }
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(counts);
                ArrayPool<int>.Shared.Return(reach);
                ArrayPool<float>.Shared.Return(accT);
                ArrayPool<float>.Shared.Return(dyT);
            }
        }
    }
}
