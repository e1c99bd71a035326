using Lapicque.Numerics;

namespace Lapicque.Learning.Losses;

/// <summary>
/// Cross-entropy on the membrane of a leaky-integrator readout: the logits of sample b are max over t of v[t, b, k]
/// (<see cref="MembraneReduction.Max"/>, Zenke and Vogels 2021), v[T - 1, b, k] (<see cref="MembraneReduction.Final"/>)
/// or the mean over t (<see cref="MembraneReduction.Mean"/>); L = mean over b of -log softmax(z[b])[y_b].
/// </summary>
/// <remarks>
/// dL/dv[t, b, k] = (softmax(z[b])[k] - [k = y_b]) / B at the step that gave the logit (the first maximum for Max, the
/// last step for Final) and 0 elsewhere; for Mean, that value / T at every step.
/// </remarks>
/// <param name="Reduction">How the trace becomes a logit.</param>
public sealed record MembraneCrossEntropyLoss(MembraneReduction Reduction = MembraneReduction.Max) : ILoss
{
    /// <inheritdoc/>
    public double Evaluate(Tensor output, ReadOnlySpan<int> labels, Tensor gradient, Span<int> predictions)
    {
        var (t, b, c) = LossShapes.Check(output, labels, gradient, predictions);
        var z = new double[c];
        var dz = new double[c];
        var at = new int[c];
        var o = output.Span;
        var g = gradient.Span;
        g.Clear();
        double total = 0;
        for (int bi = 0; bi < b; bi++)
        {
            for (int k = 0; k < c; k++)
            {
                z[k] = Reduction == MembraneReduction.Max ? double.NegativeInfinity : 0;
                at[k] = t - 1;
            }

            for (int ti = 0; ti < t; ti++)
            {
                var row = o.Slice(((ti * b) + bi) * c, c);
                for (int k = 0; k < c; k++)
                {
                    switch (Reduction)
                    {
                        case MembraneReduction.Max when row[k] > z[k]:
                            z[k] = row[k];
                            at[k] = ti;
                            break;
                        case MembraneReduction.Final when ti == t - 1:
                            z[k] = row[k];
                            break;
                        case MembraneReduction.Mean:
                            z[k] += row[k] / (double)t;
                            break;
                    }
                }
            }

            total += LossShapes.SoftmaxCrossEntropy(z, labels[bi], 1.0 / b, dz, out predictions[bi]);
            for (int k = 0; k < c; k++)
            {
                if (Reduction == MembraneReduction.Mean)
                {
                    for (int ti = 0; ti < t; ti++)
                    {
                        g[(((ti * b) + bi) * c) + k] = (float)(dz[k] / t);
                    }
                }
                else
                {
                    g[(((at[k] * b) + bi) * c) + k] = (float)dz[k];
                }
            }
        }

        return total / b;
    }
}
