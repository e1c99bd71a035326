using System.Runtime.CompilerServices;

namespace Lapicque.Numerics;

/// <summary>
/// 2-D pooling over NCHW float32, forward and backward: max (with argmax indices for the backward pass), average and
/// sum. See <see cref="Pool2dShape"/> for the geometry and padding rules.
/// </summary>
/// <remarks>
/// For output (p, q) of a plane the window is rows p*sh - ph .. p*sh - ph + KH - 1 and columns q*sw - pw .. + KW - 1,
/// clipped to the image. Max: y = the largest element, the first one in row-major window order on ties; argmax holds
/// its index h * Width + w within the plane. Sum: y = the sum of the window. Average: y = sum / (KH * KW).
/// Backward passes overwrite dx with the gradient of sum(dy * y): max routes dy to the argmax, sum copies dy to every
/// window element, average copies dy / (KH * KW). Overlapping windows add up, in output order. Planes are split among
/// threads, so the bits do not depend on the thread count.
/// </remarks>
public static class Pool2d
{
    private enum Kind
    {
        Max,
        Sum,
        Average,
    }

    /// <summary>Max pooling: y = window maxima, argmax = their indices within the plane (h * Width + w).</summary>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void MaxForward(in Pool2dShape s, ReadOnlySpan<float> x, Span<float> y, Span<int> argmax)
    {
        Check(s, x.Length, y.Length, "x", "y");
        Expect("argmax", argmax.Length, s.OutputLength);
        unsafe
        {
            fixed (float* px = x, py = y)
            fixed (int* pa = argmax)
            {
                Parallelism.For(s.Batch * s.Channels, MinPlanes(s), new ForwardBody(s, Kind.Max, px, py, pa));
            }
        }
    }

    /// <summary>The gradient of max pooling: dx[argmax] += dy, zero elsewhere; dx is overwritten.</summary>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void MaxBackward(in Pool2dShape s, ReadOnlySpan<float> dy, ReadOnlySpan<int> argmax, Span<float> dx)
    {
        Check(s, dx.Length, dy.Length, "dx", "dy");
        Expect("argmax", argmax.Length, s.OutputLength);
        int outPlane = s.OutHeight * s.OutWidth, inPlane = s.Height * s.Width;
        for (int i = 0; i < argmax.Length; i++)
        {
            if ((uint)argmax[i] >= (uint)inPlane)
            {
                throw new ArgumentException($"argmax[{i}] must be in [0, {inPlane}); was {argmax[i]}.", nameof(argmax));
            }
        }

        unsafe
        {
            fixed (float* pdy = dy, pdx = dx)
            fixed (int* pa = argmax)
            {
                Parallelism.For(s.Batch * s.Channels, MinPlanes(s), new MaxBackwardBody(pdy, pa, pdx, outPlane, inPlane));
            }
        }
    }

    /// <summary>Average pooling: y = window sum / (KernelHeight * KernelWidth).</summary>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void AverageForward(in Pool2dShape s, ReadOnlySpan<float> x, Span<float> y) => Forward(s, Kind.Average, x, y);

    /// <summary>The gradient of average pooling: every window element gets dy / (KernelHeight * KernelWidth); dx is overwritten.</summary>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void AverageBackward(in Pool2dShape s, ReadOnlySpan<float> dy, Span<float> dx) => Backward(s, 1f / (s.KernelHeight * s.KernelWidth), dy, dx);

    /// <summary>Sum pooling: y = window sum.</summary>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void SumForward(in Pool2dShape s, ReadOnlySpan<float> x, Span<float> y) => Forward(s, Kind.Sum, x, y);

    /// <summary>The gradient of sum pooling: every window element gets dy; dx is overwritten.</summary>
    /// <exception cref="ArgumentException">The shape is invalid or a span has the wrong length.</exception>
    public static void SumBackward(in Pool2dShape s, ReadOnlySpan<float> dy, Span<float> dx) => Backward(s, 1f, dy, dx);

    private static void Forward(in Pool2dShape s, Kind kind, ReadOnlySpan<float> x, Span<float> y)
    {
        Check(s, x.Length, y.Length, "x", "y");
        unsafe
        {
            fixed (float* px = x, py = y)
            {
                Parallelism.For(s.Batch * s.Channels, MinPlanes(s), new ForwardBody(s, kind, px, py, null));
            }
        }
    }

    private static void Backward(in Pool2dShape s, float scale, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check(s, dx.Length, dy.Length, "dx", "dy");
        unsafe
        {
            fixed (float* pdy = dy, pdx = dx)
            {
                Parallelism.For(s.Batch * s.Channels, MinPlanes(s), new SpreadBody(s, scale, pdy, pdx));
            }
        }
    }

    private static int MinPlanes(in Pool2dShape s) => Math.Max(1, 16384 / Math.Max(1, s.Height * s.Width));

    private static void Check(in Pool2dShape s, int input, int output, string inputName, string outputName)
    {
        s.Validate();
        Expect(inputName, input, s.InputLength);
        Expect(outputName, output, s.OutputLength);
    }

    private static void Expect(string name, int length, int expected)
    {
        if (length != expected)
        {
            ThrowHelper.ThrowLengthMismatch(name, expected, length);
        }
    }

    private readonly unsafe struct ForwardBody : IRangeBody
    {
        private readonly Pool2dShape _s;
        private readonly Kind _kind;
        private readonly float* _x;
        private readonly float* _y;
        private readonly int* _argmax;

        public ForwardBody(in Pool2dShape s, Kind kind, float* x, float* y, int* argmax)
        {
            _s = s;
            _kind = kind;
            _x = x;
            _y = y;
            _argmax = argmax;
        }

        // Called a few times per training step: too few calls to reach optimised code through tiering.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            Pool2dShape s = _s;
            if (_kind == Kind.Max && s.KernelHeight == 2 && s.KernelWidth == 2 && s.StrideHeight == 2 && s.StrideWidth == 2 && s.PadHeight == 0 && s.PadWidth == 0)
            {
                MaxTwoByTwo(s, start, end, _x, _y, _argmax);
                return;
            }

            int oh = s.OutHeight, ow = s.OutWidth;
            float scale = _kind == Kind.Average ? 1f / (s.KernelHeight * s.KernelWidth) : 1f;
            for (int plane = start; plane < end; plane++)
            {
                float* x = _x + ((nint)plane * s.Height * s.Width);
                float* y = _y + ((nint)plane * oh * ow);
                int* arg = _argmax == null ? null : _argmax + ((nint)plane * oh * ow);
                for (int p = 0; p < oh; p++)
                {
                    int h0 = (p * s.StrideHeight) - s.PadHeight;
                    int hLo = Math.Max(0, h0), hHi = Math.Min(s.Height, h0 + s.KernelHeight);
                    for (int q = 0; q < ow; q++)
                    {
                        int w0 = (q * s.StrideWidth) - s.PadWidth;
                        int wLo = Math.Max(0, w0), wHi = Math.Min(s.Width, w0 + s.KernelWidth);
                        if (_kind == Kind.Max)
                        {
                            int best = (hLo * s.Width) + wLo;
                            float max = x[best];
                            for (int h = hLo; h < hHi; h++)
                            {
                                for (int w = wLo; w < wHi; w++)
                                {
                                    float v = x[(h * s.Width) + w];
                                    if (v > max)
                                    {
                                        max = v;
                                        best = (h * s.Width) + w;
                                    }
                                }
                            }

                            y[(p * ow) + q] = max;
                            arg[(p * ow) + q] = best;
                        }
                        else
                        {
                            float sum = 0f;
                            for (int h = hLo; h < hHi; h++)
                            {
                                for (int w = wLo; w < wHi; w++)
                                {
                                    sum += x[(h * s.Width) + w];
                                }
                            }

                            y[(p * ow) + q] = sum * scale;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Max pooling over 2x2 windows with stride 2 and no padding, the common case, without branches on the data: each
    /// comparison becomes a 0/1 integer (a set-on-condition instruction), so that the unpredictable window maxima of
    /// continuous inputs cost no mispredicted branches (the general loop above is about 5x slower on them). Same
    /// result as the general loop: the first maximum in row-major window order wins ties.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MaxTwoByTwo(in Pool2dShape s, int start, int end, float* px, float* py, int* pa)
    {
        int oh = s.OutHeight, ow = s.OutWidth, width = s.Width;
        for (int plane = start; plane < end; plane++)
        {
            float* x = px + ((nint)plane * s.Height * width);
            float* y = py + ((nint)plane * oh * ow);
            int* arg = pa + ((nint)plane * oh * ow);
            for (int p = 0; p < oh; p++)
            {
                float* top = x + (2 * p * width);
                float* bottom = top + width;
                int rowBase = 2 * p * width;
                for (int q = 0; q < ow; q++)
                {
                    // The maxima are re-read at the chosen indices: the JIT turns float selects into branches.
                    int j = 2 * q;
                    int ib = Bit(top[j + 1] > top[j]), id = Bit(bottom[j + 1] > bottom[j]);
                    float mTop = top[j + ib], mBottom = bottom[j + id];
                    int lower = Bit(mBottom > mTop);
                    int iTop = ib, iBottom = width + id;
                    int index = iTop + (lower * (iBottom - iTop));
                    y[(p * ow) + q] = top[j + index];
                    arg[(p * ow) + q] = rowBase + j + index;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bit(bool condition) => Unsafe.As<bool, byte>(ref condition);

    private readonly unsafe struct MaxBackwardBody : IRangeBody
    {
        private readonly float* _dy;
        private readonly int* _argmax;
        private readonly float* _dx;
        private readonly int _outPlane;
        private readonly int _inPlane;

        public MaxBackwardBody(float* dy, int* argmax, float* dx, int outPlane, int inPlane)
        {
            _dy = dy;
            _argmax = argmax;
            _dx = dx;
            _outPlane = outPlane;
            _inPlane = inPlane;
        }

        // Called a few times per training step: too few calls to reach optimised code through tiering.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            for (int plane = start; plane < end; plane++)
            {
                float* dx = _dx + ((nint)plane * _inPlane);
                float* dy = _dy + ((nint)plane * _outPlane);
                int* arg = _argmax + ((nint)plane * _outPlane);
                new Span<float>(dx, _inPlane).Clear();
                for (int o = 0; o < _outPlane; o++)
                {
                    dx[arg[o]] += dy[o];
                }
            }
        }
    }

    private readonly unsafe struct SpreadBody : IRangeBody
    {
        private readonly Pool2dShape _s;
        private readonly float _scale;
        private readonly float* _dy;
        private readonly float* _dx;

        public SpreadBody(in Pool2dShape s, float scale, float* dy, float* dx)
        {
            _s = s;
            _scale = scale;
            _dy = dy;
            _dx = dx;
        }

        // Called a few times per training step: too few calls to reach optimised code through tiering.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Invoke(int start, int end)
        {
            Pool2dShape s = _s;
            int oh = s.OutHeight, ow = s.OutWidth;
            for (int plane = start; plane < end; plane++)
            {
                float* dx = _dx + ((nint)plane * s.Height * s.Width);
                float* dy = _dy + ((nint)plane * oh * ow);
                new Span<float>(dx, s.Height * s.Width).Clear();
                for (int p = 0; p < oh; p++)
                {
                    int h0 = (p * s.StrideHeight) - s.PadHeight;
                    int hLo = Math.Max(0, h0), hHi = Math.Min(s.Height, h0 + s.KernelHeight);
                    for (int q = 0; q < ow; q++)
                    {
                        int w0 = (q * s.StrideWidth) - s.PadWidth;
                        int wLo = Math.Max(0, w0), wHi = Math.Min(s.Width, w0 + s.KernelWidth);
                        float g = dy[(p * ow) + q] * _scale;
                        for (int h = hLo; h < hHi; h++)
                        {
                            for (int w = wLo; w < wHi; w++)
                            {
                                dx[(h * s.Width) + w] += g;
                            }
                        }
                    }
                }
            }
        }
    }
}
