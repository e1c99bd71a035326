using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// Flattens each sample, [T, B, C, H, W] to [T, B, C * H * W]. Tensors are contiguous and time-major, so this is a
/// reshape of the same data each way; <see cref="LinearLayer"/> flattens by itself, so this layer only names the step.
/// </summary>
public sealed class FlattenLayer : Layer
{
    private (int T, int B) _last;

    /// <summary>Creates a flatten of <paramref name="inputShape"/>.</summary>
    public FlattenLayer(string name, int[] inputShape)
        : base(name, inputShape, [inputShape.Aggregate(1, (a, d) => a * d)])
    {
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        _last = (t, b);
        return input.Reshape(t, b, OutputSize);
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        var (t, b) = _last;
        CheckGradient(outputGradient, t, b);
        return needInputGradient ? outputGradient.Reshape([t, b, .. InputShape]) : null;
    }
}
