using Lapicque.Learning.Optimizers;
using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// 2-D convolution applied to every step: input [T, B, C_in, H, W], output [T, B, C_out, H', W'], with the kernel
/// [C_out, C_in, kH, kW] of a <see cref="Networks.Connectivity.Conv2d"/> projection used in place.
/// </summary>
/// <remarks>
/// All T * B images go through <see cref="Numerics.Conv2d"/> in one call each way, which picks the kernel per call:
/// a direct convolution for small patches (the first layer), an event-driven one when the input is sparse (spikes
/// below <see cref="Numerics.Conv2d.SpikeForwardCrossoverDensity"/> and
/// <see cref="Numerics.Conv2d.SpikeWeightCrossoverDensity"/>), else im2col + GEMM over panels of images. The weight
/// gradient sums over the T * B images in a fixed chunk order, so it does not depend on the thread count.
/// </remarks>
public sealed class Conv2dLayer : Layer
{
    private readonly Parameter<float> _weight;
    private readonly Parameter<float>? _bias;
    private readonly int _kh, _kw, _stride, _padding;
    private Tensor? _input;
    private Tensor? _output;
    private Tensor? _inputGradient;

    /// <summary>Creates a convolution over <paramref name="kernel"/> (used in place).</summary>
    /// <param name="name">Layer name; parameters NAME/weight and NAME/bias.</param>
    /// <param name="inputShape">[C_in, H, W].</param>
    /// <param name="outChannels">C_out (&gt;= 1).</param>
    /// <param name="kernelH">Kernel height (&gt;= 1).</param>
    /// <param name="kernelW">Kernel width (&gt;= 1).</param>
    /// <param name="stride">Stride in both directions (&gt;= 1).</param>
    /// <param name="padding">Zero padding on every side (&gt;= 0).</param>
    /// <param name="kernel">C_out * C_in * kH * kW weights.</param>
    /// <param name="bias">C_out biases, or null.</param>
    public Conv2dLayer(string name, int[] inputShape, int outChannels, int kernelH, int kernelW, int stride, int padding, float[] kernel, float[]? bias = null)
        : base(name, inputShape, OutShape(name, inputShape, outChannels, kernelH, kernelW, stride, padding))
    {
        ArgumentNullException.ThrowIfNull(kernel);
        int expected = outChannels * inputShape[0] * kernelH * kernelW;
        if (kernel.Length != expected)
        {
            throw new ArgumentException($"Layer '{name}': kernel has {kernel.Length} elements; expected C_out * C_in * kH * kW = {expected}.", nameof(kernel));
        }

        if (bias is not null && bias.Length != outChannels)
        {
            throw new ArgumentException($"Layer '{name}': bias has {bias.Length} elements; expected {outChannels}.", nameof(bias));
        }

        (_kh, _kw, _stride, _padding) = (kernelH, kernelW, stride, padding);
        _weight = new Parameter<float>(name + "/weight", kernel);
        _bias = bias is null ? null : new Parameter<float>(name + "/bias", bias);
        Parameters = _bias is null ? [_weight] : [_weight, _bias];
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter<float>> Parameters { get; }

    /// <summary>The kernel [C_out, C_in, kH, kW].</summary>
    public Parameter<float> Weight => _weight;

    /// <summary>The bias [C_out], or null.</summary>
    public Parameter<float>? Bias => _bias;

    /// <summary>Kernel height.</summary>
    public int KernelH => _kh;

    /// <summary>Kernel width.</summary>
    public int KernelW => _kw;

    /// <summary>Stride in both directions.</summary>
    public int Stride => _stride;

    /// <summary>Zero padding on every side.</summary>
    public int Padding => _padding;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        var y = Ensure(ref _output, t, b, OutputShape);
        var s = Shape(t * b);
        Numerics.Conv2d.Forward(s, input.Span, _weight.Value, _bias is null ? [] : _bias.Value, y.Span);
        _input = training ? input : null;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var x = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        int t = x.Dim(0), b = x.Dim(1);
        CheckGradient(outputGradient, t, b);
        var s = Shape(t * b);
        Numerics.Conv2d.BackwardWeight(s, x.Span, outputGradient.Span, 1f, _weight.Gradient, _bias is null ? [] : _bias.Gradient);
        if (!needInputGradient)
        {
            return null;
        }

        var dx = Ensure(ref _inputGradient, t, b, InputShape);
        Numerics.Conv2d.BackwardInput(s, outputGradient.Span, _weight.Value, dx.Span);
        return dx;
    }

    private Conv2dShape Shape(int images) =>
        new(images, InputShape[0], InputShape[1], InputShape[2], OutputShape[0], _kh, _kw, _stride, _stride, _padding, _padding);

    private static int[] OutShape(string name, int[] inputShape, int outChannels, int kh, int kw, int stride, int padding)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length != 3)
        {
            throw new ArgumentException($"Layer '{name}': input shape must be [C, H, W]; was [{string.Join(", ", inputShape)}].", nameof(inputShape));
        }

        var s = new Conv2dShape(1, inputShape[0], inputShape[1], inputShape[2], outChannels, kh, kw, stride, stride, padding, padding);
        s.Validate();
        return [outChannels, s.OutHeight, s.OutWidth];
    }
}
