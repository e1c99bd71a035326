using Lapicque.Numerics;

namespace Lapicque.Learning.Losses;

/// <summary>Shape checks and the softmax cross-entropy shared by the losses.</summary>
internal static class LossShapes
{
    public static (int T, int B, int C) Check(Tensor output, ReadOnlySpan<int> labels, Tensor gradient, Span<int> predictions)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(gradient);
        if (output.Rank < 3)
        {
            throw new ArgumentException($"output has shape {output.ShapeText}; expected [T, B, C].", nameof(output));
        }

        int t = output.Dim(0), b = output.Dim(1), c = output.Length / Math.Max(1, t * b);
        if (gradient.Length != output.Length)
        {
            throw new ArgumentException($"gradient has shape {gradient.ShapeText}; expected {output.ShapeText}.", nameof(gradient));
        }

        if (labels.Length != b || predictions.Length != b)
        {
            throw new ArgumentException($"labels has {labels.Length} and predictions {predictions.Length} entries; expected the batch size {b}.", nameof(labels));
        }

        for (int i = 0; i < b; i++)
        {
            if ((uint)labels[i] >= (uint)c)
            {
                throw new ArgumentException($"labels[{i}] must be in [0, {c}); was {labels[i]}.", nameof(labels));
            }
        }

        return (t, b, c);
    }

    /// <summary>
    /// Softmax cross-entropy of one sample: returns -log softmax(z)[label], writes scale * (softmax(z) - onehot) into
    /// <paramref name="dz"/>, and the arg max of z (first on ties).
    /// </summary>
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> z, int label, double scale, Span<double> dz, out int argmax)
    {
        double max = double.NegativeInfinity;
        argmax = 0;
        for (int k = 0; k < z.Length; k++)
        {
            if (z[k] > max)
            {
                max = z[k];
                argmax = k;
            }
        }

        double sum = 0;
        for (int k = 0; k < z.Length; k++)
        {
            sum += Math.Exp(z[k] - max);
        }

        for (int k = 0; k < z.Length; k++)
        {
            dz[k] = scale * ((Math.Exp(z[k] - max) / sum) - (k == label ? 1.0 : 0.0));
        }

        return max + Math.Log(sum) - z[label];
    }
}
