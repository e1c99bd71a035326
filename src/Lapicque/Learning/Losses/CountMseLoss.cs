using Lapicque.Numerics;

namespace Lapicque.Learning.Losses;

/// <summary>
/// Mean squared error between spike counts and target counts (snnTorch <c>mse_count_loss</c>): the target of the true
/// class is CorrectRate * T spikes and of every other class IncorrectRate * T;
/// L = mean over b and k of (c[b, k] - target[b, k])^2. The prediction is the class with the most spikes.
/// </summary>
/// <remarks>dL/ds[t, b, k] = 2 (c[b, k] - target[b, k]) / (B C) at every step.</remarks>
/// <param name="CorrectRate">Target spikes per step of the true class, in [0, 1] (snnTorch default 0.8 here; 1 there).</param>
/// <param name="IncorrectRate">Target spikes per step of the other classes, in [0, 1].</param>
public sealed record CountMseLoss(double CorrectRate = 0.8, double IncorrectRate = 0.2) : ILoss
{
    /// <inheritdoc/>
    public double Evaluate(Tensor output, ReadOnlySpan<int> labels, Tensor gradient, Span<int> predictions)
    {
        Lapicque.Check.InRange(CorrectRate, 0, 1, nameof(CorrectRate));
        Lapicque.Check.InRange(IncorrectRate, 0, 1, nameof(IncorrectRate));
        var (t, b, c) = LossShapes.Check(output, labels, gradient, predictions);
        var o = output.Span;
        var g = gradient.Span;
        var counts = new double[c];
        double total = 0;
        for (int bi = 0; bi < b; bi++)
        {
            Array.Clear(counts);
            for (int ti = 0; ti < t; ti++)
            {
                var row = o.Slice(((ti * b) + bi) * c, c);
                for (int k = 0; k < c; k++)
                {
                    counts[k] += row[k];
                }
            }

            int best = 0;
            for (int k = 0; k < c; k++)
            {
                if (counts[k] > counts[best])
                {
                    best = k;
                }

                double e = counts[k] - ((k == labels[bi] ? CorrectRate : IncorrectRate) * t);
                total += e * e;
                counts[k] = 2 * e / (b * c);
            }

            predictions[bi] = best;
            for (int ti = 0; ti < t; ti++)
            {
                var row = g.Slice(((ti * b) + bi) * c, c);
                for (int k = 0; k < c; k++)
                {
                    row[k] = (float)counts[k];
                }
            }
        }

        return total / (b * c);
    }
}
