using Lapicque.Learning.Surrogate;
using Lapicque.Numerics;

namespace Lapicque.Learning.Conversion;

/// <summary>
/// Max pooling of spike trains by gating (Rueckauer et al. 2017, section 2.2.5): each output passes, at every step,
/// the input of its Size x Size window (stride Stride, no padding) that has fired the most spikes so far, counting
/// the current step. The gate switches only when another input has strictly more spikes than the one it follows (at
/// the start it follows the first input in row-major order). Input [T, B, C, H, W], output [T, B, C, H', W'] with
/// H' = (H - Size) / Stride + 1.
/// </summary>
/// <remarks>
/// Max pooling of instantaneous spikes would pass a spike whenever any input fires and so overestimate the maximum
/// rate; the gate instead follows the input with the most spikes. Because it switches only on a strict lead, the
/// output spike count after every step equals max_i n_i, the largest input count (by induction: a switch happens on
/// the step the new leader's count passes the old one's, and that step's spike is passed), so the output rate is the
/// max-pooled rate, the max-pooled normalised ReLU activation. Switching on ties instead would pass both inputs'
/// spikes while they alternate and overshoot. The counts and choices are carried from one forward call to the next
/// until <see cref="ResetState"/>. Inference only: <see cref="Backward"/> throws.
/// </remarks>
public sealed class SpikeMaxPoolLayer : Layer
{
    private readonly int _size, _stride;
    private float[] _counts = [];
    private int[] _selected = [];
    private Tensor? _output;

    /// <summary>Creates the gate.</summary>
    /// <param name="name">Layer name.</param>
    /// <param name="inputShape">[C, H, W].</param>
    /// <param name="size">Window size (&gt;= 1, at most H and W).</param>
    /// <param name="stride">Stride (&gt;= 1).</param>
    public SpikeMaxPoolLayer(string name, int[] inputShape, int size, int stride)
        : base(name, inputShape, OutShape(name, inputShape, size, stride))
    {
        (_size, _stride) = (size, stride);
    }

    /// <summary>Window size in both directions.</summary>
    public int Size => _size;

    /// <summary>Stride in both directions.</summary>
    public int Stride => _stride;

    /// <inheritdoc/>
    public override bool EmitsSpikes => true;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input, bool training)
    {
        var (t, b) = SequenceOf(input);
        int n = b * InputSize, m = b * OutputSize;
        if (_counts.Length != n)
        {
            _counts = new float[n];
            _selected = new int[m];
        }

        var y = Ensure(ref _output, t, b, OutputShape);
        var x = input.Span;
        var o = y.Span;
        int channels = b * InputShape[0], h = InputShape[1], w = InputShape[2], oh = OutputShape[1], ow = OutputShape[2];
        for (int ti = 0; ti < t; ti++)
        {
            var xs = x.Slice(ti * n, n);
            var os = o.Slice(ti * m, m);
            for (int k = 0; k < n; k++)
            {
                _counts[k] += xs[k];
            }

            for (int c = 0; c < channels; c++)
            {
                int plane = c * h * w, outPlane = c * oh * ow;
                for (int oy = 0; oy < oh; oy++)
                {
                    for (int ox = 0; ox < ow; ox++)
                    {
                        int corner = plane + (oy * _stride * w) + (ox * _stride), slot = outPlane + (oy * ow) + ox;
                        int chosen = _selected[slot];
                        int best = corner + ((chosen / _size) * w) + (chosen % _size);
                        for (int u = 0; u < _size; u++)
                        {
                            int row = corner + (u * w);
                            for (int v = 0; v < _size; v++)
                            {
                                if (_counts[row + v] > _counts[best])
                                {
                                    best = row + v;
                                    chosen = (u * _size) + v;
                                }
                            }
                        }

                        _selected[slot] = chosen;
                        os[slot] = xs[best];
                    }
                }
            }
        }

        return y;
    }

    /// <inheritdoc/>
    public override Tensor? Backward(Tensor outputGradient, bool needInputGradient) =>
        throw new NotSupportedException($"Layer '{Name}': the spike max-pool gate of a converted network is inference only; train the ANN instead.");

    /// <inheritdoc/>
    public override void ResetState()
    {
        Array.Clear(_counts);
        Array.Clear(_selected);
    }

    private static int[] OutShape(string name, int[] inputShape, int size, int stride)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length != 3)
        {
            throw new ArgumentException($"Layer '{name}': input shape must be [C, H, W]; was [{string.Join(", ", inputShape)}].", nameof(inputShape));
        }

        Check.That(size >= 1 && size <= Math.Min(inputShape[1], inputShape[2]), nameof(size), $">= 1 and <= min(H, W) = {Math.Min(inputShape[1], inputShape[2])}", size);
        Check.That(stride >= 1, nameof(stride), ">= 1", stride);
        return [inputShape[0], ((inputShape[1] - size) / stride) + 1, ((inputShape[2] - size) / stride) + 1];
    }
}
