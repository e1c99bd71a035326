using Lapicque.Networks;
using Lapicque.Numerics;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// 2-D pooling applied to every step (max, average or sum over Size x Size windows with a stride): input
/// [T, B, C, H, W], output [T, B, C, H', W'].
/// </summary>
/// <remarks>
/// Max pooling routes the gradient to the first maximum of each window (spikes tie often; the first one wins, as in
/// PyTorch); average pooling spreads dy / Size^2 over the window and sum pooling dy.
/// </remarks>
public sealed class Pool2dLayer : Layer
{
    private readonly PoolKind _kind;
    private readonly int _size, _stride;
    private int[] _argmax = [];
    private Tensor? _output;
    private Tensor? _inputGradient;
    private (int T, int B) _last;
    private bool _taped;

    /// <summary>Creates a pooling layer.</summary>
    /// <param name="name">Layer name.</param>
    /// <param name="inputShape">[C, H, W].</param>
    /// <param name="kind">Max, Average or Sum.</param>
    /// <param name="size">Window size (&gt;= 1).</param>
    /// <param name="stride">Stride (&gt;= 1).</param>
    public Pool2dLayer(string name, int[] inputShape, PoolKind kind, int size, int stride)
        : base(name, inputShape, OutShape(name, inputShape, size, stride))
    {
        (_kind, _size, _stride) = (kind, size, stride);
    }

    /// <summary>The pooling kind.</summary>
    public PoolKind Kind => _kind;

    /// <summary>Window size in both directions.</summary>
    public int Size => _size;

    /// <summary>Stride in both directions.</summary>
    public int Stride => _stride;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        var y = Ensure(ref _output, t, b, OutputShape);
        var s = Shape(t * b);
        switch (_kind)
        {
            case PoolKind.Max:
                if (_argmax.Length != y.Length)
                {
                    _argmax = new int[y.Length];
                }

                Pool2d.MaxForward(s, input.Span, y.Span, _argmax);
                break;
            case PoolKind.Average:
                Pool2d.AverageForward(s, input.Span, y.Span);
                break;
            default:
                Pool2d.SumForward(s, input.Span, y.Span);
                break;
        }

        _last = (t, b);
        _taped = training;
        return y;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient)
    {
        if (!_taped)
        {
            throw new InvalidOperationException($"Layer '{Name}': Backward needs a preceding Forward with training = true.");
        }

        var (t, b) = _last;
        CheckGradient(outputGradient, t, b);
        if (!needInputGradient)
        {
            return null;
        }

        var dx = Ensure(ref _inputGradient, t, b, InputShape);
        var s = Shape(t * b);
        switch (_kind)
        {
            case PoolKind.Max:
                Pool2d.MaxBackward(s, outputGradient.Span, _argmax.AsSpan(0, outputGradient.Length), dx.Span);
                break;
            case PoolKind.Average:
                Pool2d.AverageBackward(s, outputGradient.Span, dx.Span);
                break;
            default:
                Pool2d.SumBackward(s, outputGradient.Span, dx.Span);
                break;
        }

        return dx;
    }

    private Pool2dShape Shape(int images) =>
        new(images, InputShape[0], InputShape[1], InputShape[2], _size, _size, _stride, _stride);

    private static int[] OutShape(string name, int[] inputShape, int size, int stride)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length != 3)
        {
            throw new ArgumentException($"Layer '{name}': input shape must be [C, H, W]; was [{string.Join(", ", inputShape)}].", nameof(inputShape));
        }

        var s = new Pool2dShape(1, inputShape[0], inputShape[1], inputShape[2], size, size, stride, stride);
        s.Validate();
        return [inputShape[0], s.OutHeight, s.OutWidth];
    }
}
