namespace Lapicque.Learning.Plasticity.DiehlCook;

/// <summary>
/// Diehl &amp; Cook's read-out: each excitatory neuron is labelled with the class for which its mean spike count over the
/// labelling samples is highest; an image is classified as the class whose labelled neurons have the highest mean count.
/// Response matrices are row-major samples x neurons.
/// </summary>
public static class DiehlCookLabels
{
    /// <summary>
    /// Class per neuron: argmax over c of (sum of the neuron's counts on samples of class c) / (samples of class c).
    /// A neuron that never fired, or a class with no samples, gets -1 / is skipped; ties go to the lower class index.
    /// </summary>
    public static int[] Assign(ReadOnlySpan<int> responses, ReadOnlySpan<int> labels, int neurons, int classCount)
    {
        Check.That(neurons >= 1, nameof(neurons), ">= 1", neurons);
        Check.That(classCount >= 1, nameof(classCount), ">= 1", classCount);
        if (responses.Length != labels.Length * neurons)
        {
            throw new ArgumentException($"responses length must be labels x neurons ({labels.Length} x {neurons}); was {responses.Length}.", nameof(responses));
        }

        var sums = new double[classCount * neurons];
        var perClass = new int[classCount];
        for (int s = 0; s < labels.Length; s++)
        {
            int c = labels[s];
            Check.That(c >= 0 && c < classCount, nameof(labels), $"in [0, {classCount})", c);
            perClass[c]++;
            var row = responses.Slice(s * neurons, neurons);
            for (int j = 0; j < neurons; j++)
            {
                sums[(c * neurons) + j] += row[j];
            }
        }

        var assignment = new int[neurons];
        for (int j = 0; j < neurons; j++)
        {
            int best = -1;
            double bestRate = 0;
            for (int c = 0; c < classCount; c++)
            {
                if (perClass[c] == 0)
                {
                    continue;
                }

                double rate = sums[(c * neurons) + j] / perClass[c];
                if (rate > bestRate)
                {
                    bestRate = rate;
                    best = c;
                }
            }

            assignment[j] = best;
        }

        return assignment;
    }

    /// <summary>
    /// Class of one response: argmax over c of the mean count of the neurons assigned to c (classes without neurons
    /// score 0; ties go to the lower class index; an all-silent response gives class 0 of the tied).
    /// </summary>
    public static int Predict(ReadOnlySpan<int> response, ReadOnlySpan<int> assignment, int classCount)
    {
        if (response.Length != assignment.Length)
        {
            throw new ArgumentException($"response length must equal assignment length ({assignment.Length}); was {response.Length}.", nameof(response));
        }

        Span<double> sum = stackalloc double[classCount];
        Span<int> count = stackalloc int[classCount];
        sum.Clear();
        count.Clear();
        for (int j = 0; j < response.Length; j++)
        {
            int c = assignment[j];
            if (c >= 0 && c < classCount)
            {
                sum[c] += response[j];
                count[c]++;
            }
        }

        int best = 0;
        double bestRate = double.NegativeInfinity;
        for (int c = 0; c < classCount; c++)
        {
            double rate = count[c] > 0 ? sum[c] / count[c] : 0;
            if (rate > bestRate)
            {
                bestRate = rate;
                best = c;
            }
        }

        return best;
    }

    /// <summary>Fraction of samples whose <see cref="Predict"/> equals the label.</summary>
    public static double Accuracy(ReadOnlySpan<int> responses, ReadOnlySpan<int> labels, ReadOnlySpan<int> assignment, int classCount)
    {
        int neurons = assignment.Length;
        if (responses.Length != labels.Length * neurons)
        {
            throw new ArgumentException($"responses length must be labels x neurons ({labels.Length} x {neurons}); was {responses.Length}.", nameof(responses));
        }

        if (labels.Length == 0)
        {
            return 0;
        }

        int correct = 0;
        for (int s = 0; s < labels.Length; s++)
        {
            if (Predict(responses.Slice(s * neurons, neurons), assignment, classCount) == labels[s])
            {
                correct++;
            }
        }

        return (double)correct / labels.Length;
    }
}
