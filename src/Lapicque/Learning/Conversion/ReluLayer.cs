using Lapicque.Learning.Surrogate;
using Lapicque.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Lapicque.Learning.Conversion;

/// <summary>
/// Rectified linear unit applied element-wise to every step: y = max(x, 0). The non-linearity of the ANN that
/// <see cref="AnnToSnnConverter"/> turns into integrate-and-fire neurons; an ANN is the T = 1 case of the layer API.
/// </summary>
/// <remarks>Backward: dx = dy where x &gt; 0, else 0 (the subgradient at 0 is taken as 0, as in PyTorch).</remarks>
public sealed class ReluLayer : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private Tensor? _input;

    /// <summary>Creates a ReLU over samples of <paramref name="shape"/>.</summary>
    public ReluLayer(string name, int[] shape)
        : base(name, shape, shape)
    {
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        var y = Ensure(ref _output, t, b, OutputShape);
        TensorPrimitives.Max(input.Span, 0f, y.Span);
        _input = training ? input : null;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var x = _input ?? throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        CheckGradient(outputGradient, x.Dim(0), x.Dim(1));
        if (!needInputGradient)
        {
            return null;
        }

        var dx = Ensure(ref _inputGradient, x.Dim(0), x.Dim(1), InputShape);
        var xs = x.Span;
        var g = outputGradient.Span;
        var d = dx.Span;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = xs[i] > 0f ? g[i] : 0f;
        }

        return dx;
    }
}
