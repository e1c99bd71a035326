using Lapicque.Numerics;

namespace Lapicque.Learning.Losses;

/// <summary>
/// Cross-entropy on first-spike times (time-to-first-spike coding, as snnTorch's <c>ce_temporal_loss</c>): the logits
/// of sample b are z[b, k] = -Scale f[b, k], where f is the index of the first step in which output k spikes (T when it
/// never does), so the earliest class wins; L = mean over b of -log softmax(z[b])[y_b]. The prediction is the
/// class that fires first (the lowest index on ties).
/// </summary>
/// <remarks>
/// The gradient differentiates the multilinear form of the first-spike time,
/// f = sum over t of prod over t' &lt;= t of (1 - s[t']), which equals the first-spike index on binary spikes. On a
/// binary train with first spike f1 and next spike f2 (T when absent): df/ds[t] = -(f1 - t) for t &lt; f1,
/// -(f2 - f1) for t = f1, and 0 after; dL/ds[t] = -Scale dL/dz df/ds[t].
/// </remarks>
/// <param name="Scale">Logit scale per step (&gt; 0).</param>
public sealed record FirstSpikeCrossEntropyLoss(double Scale = 1.0) : ILoss
{
    /// <inheritdoc/>
    public double Evaluate(Tensor output, ReadOnlySpan<int> labels, Tensor gradient, Span<int> predictions)
    {
        Lapicque.Check.Positive(Scale, nameof(Scale));
        var (t, b, c) = LossShapes.Check(output, labels, gradient, predictions);
        var o = output.Span;
        var g = gradient.Span;
        var z = new double[c];
        var dz = new double[c];
        var first = new int[c];
        var second = new int[c];
        double total = 0;
        for (int bi = 0; bi < b; bi++)
        {
            for (int k = 0; k < c; k++)
            {
                first[k] = t;
                second[k] = t;
                for (int ti = 0; ti < t; ti++)
                {
                    if (o[(((ti * b) + bi) * c) + k] != 0f)
                    {
                        if (first[k] == t)
                        {
                            first[k] = ti;
                        }
                        else
                        {
                            second[k] = ti;
                            break;
                        }
                    }
                }

                z[k] = -Scale * first[k];
            }

            total += LossShapes.SoftmaxCrossEntropy(z, labels[bi], 1.0 / b, dz, out predictions[bi]);
            for (int k = 0; k < c; k++)
            {
                double dLdf = -Scale * dz[k];
                for (int ti = 0; ti < t; ti++)
                {
                    double df = ti < first[k] ? -(first[k] - ti) : ti == first[k] ? -(second[k] - first[k]) : 0.0;
                    g[(((ti * b) + bi) * c) + k] = (float)(dLdf * df);
                }
            }
        }

        return total / b;
    }
}
