using Lapicque.Numerics;

namespace Lapicque.Learning.Losses;

/// <summary>
/// Cross-entropy on spike counts (snnTorch <c>ce_count_loss</c>): the logits of sample b are the counts
/// c[b, k] = sum over t of s[t, b, k]; L = mean over b of -log softmax(c[b])[y_b]; the prediction is the class with
/// the most spikes (the lowest index on ties).
/// </summary>
/// <remarks>dL/ds[t, b, k] = (softmax(c[b])[k] - [k = y_b]) / B at every step t.</remarks>
public sealed class CrossEntropyCountLoss : ILoss
{
    /// <inheritdoc/>
    public double Evaluate(Tensor output, ReadOnlySpan<int> labels, Tensor gradient, Span<int> predictions)
    {
        var (t, b, c) = LossShapes.Check(output, labels, gradient, predictions);
        Span<double> z = c <= 256 ? stackalloc double[c] : new double[c];
        Span<double> dz = c <= 256 ? stackalloc double[c] : new double[c];
        var o = output.Span;
        var g = gradient.Span;
        double total = 0;
        for (int bi = 0; bi < b; bi++)
        {
            z.Clear();
            for (int ti = 0; ti < t; ti++)
            {
                var row = o.Slice(((ti * b) + bi) * c, c);
                for (int k = 0; k < c; k++)
                {
                    z[k] += row[k];
                }
            }

            total += LossShapes.SoftmaxCrossEntropy(z, labels[bi], 1.0 / b, dz, out predictions[bi]);
            for (int ti = 0; ti < t; ti++)
            {
                var row = g.Slice(((ti * b) + bi) * c, c);
                for (int k = 0; k < c; k++)
                {
                    row[k] = (float)dz[k];
                }
            }
        }

        return total / b;
    }
}
