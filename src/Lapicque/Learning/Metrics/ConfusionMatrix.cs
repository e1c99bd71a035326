using System.Numerics.Tensors;

namespace Lapicque.Learning.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs for a classifier with <see cref="Classes"/> classes: entry [t, p] is
/// the number of samples of class t predicted as p. Accuracy is the trace over the total; the per-class accuracy
/// (recall) of class t is [t, t] / (row t's sum); precision of class p is [p, p] / (column p's sum).
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>Creates an empty matrix for <paramref name="classes"/> (&gt;= 1) classes.</summary>
    public ConfusionMatrix(int classes)
    {
        Check.Positive(classes, nameof(classes));
        Classes = classes;
        _counts = new long[classes * classes];
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Samples of class <paramref name="trueClass"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int trueClass, int predicted] => _counts[(Index(trueClass, nameof(trueClass)) * Classes) + Index(predicted, nameof(predicted))];

    /// <summary>Number of samples counted.</summary>
    public long Total { get; private set; }

    /// <summary>Number of samples predicted correctly (the trace).</summary>
    public long Correct
    {
        get
        {
            long c = 0;
            for (int k = 0; k < Classes; k++)
            {
                c += _counts[(k * Classes) + k];
            }

            return c;
        }
    }

    /// <summary>Correct / Total, or NaN when empty.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>Counts one sample.</summary>
    public void Add(int trueClass, int predicted)
    {
        _counts[(Index(trueClass, nameof(trueClass)) * Classes) + Index(predicted, nameof(predicted))]++;
        Total++;
    }

    /// <summary>Counts a batch of samples (equal lengths).</summary>
    public void Add(ReadOnlySpan<int> trueClasses, ReadOnlySpan<int> predicted)
    {
        if (trueClasses.Length != predicted.Length)
        {
            throw new ArgumentException($"predicted has {predicted.Length} entries; expected {trueClasses.Length} (one per label).", nameof(predicted));
        }

        for (int i = 0; i < trueClasses.Length; i++)
        {
            Add(trueClasses[i], predicted[i]);
        }
    }

    /// <summary>
    /// Counts a batch from class scores (for example spike counts), row-major [samples, Classes]: the prediction is the
    /// arg-max of each row (the lowest index on ties).
    /// </summary>
    public void AddScores(ReadOnlySpan<int> trueClasses, ReadOnlySpan<float> scores)
    {
        if (scores.Length != trueClasses.Length * Classes)
        {
            throw new ArgumentException($"scores has {scores.Length} entries; expected {trueClasses.Length} x {Classes}.", nameof(scores));
        }

        for (int i = 0; i < trueClasses.Length; i++)
        {
            Add(trueClasses[i], ArgMax(scores.Slice(i * Classes, Classes)));
        }
    }

    /// <summary>Adds the counts of <paramref name="other"/> (same class count), for example from parallel workers.</summary>
    public void Merge(ConfusionMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Classes != Classes)
        {
            throw new ArgumentException($"other has {other.Classes} classes; expected {Classes}.", nameof(other));
        }

        TensorPrimitives.Add(_counts, other._counts, _counts);
        Total += other.Total;
    }

    /// <summary>Samples of each true class (row sums).</summary>
    public long[] Support()
    {
        var s = new long[Classes];
        for (int t = 0; t < Classes; t++)
        {
            s[t] = TensorPrimitives.Sum<long>(_counts.AsSpan(t * Classes, Classes));
        }

        return s;
    }

    /// <summary>Per-class accuracy (recall): [t, t] / row sum; NaN for a class with no samples.</summary>
    public double[] PerClassAccuracy()
    {
        var support = Support();
        var r = new double[Classes];
        for (int t = 0; t < Classes; t++)
        {
            r[t] = support[t] == 0 ? double.NaN : (double)_counts[(t * Classes) + t] / support[t];
        }

        return r;
    }

    /// <summary>Per-class precision: [p, p] / column sum; NaN for a class never predicted.</summary>
    public double[] Precision()
    {
        var r = new double[Classes];
        for (int p = 0; p < Classes; p++)
        {
            long column = 0;
            for (int t = 0; t < Classes; t++)
            {
                column += _counts[(t * Classes) + p];
            }

            r[p] = column == 0 ? double.NaN : (double)_counts[(p * Classes) + p] / column;
        }

        return r;
    }

    /// <summary>
    /// The matrix as doubles [true, predicted]; with <paramref name="normalizeRows"/> each row is divided by its sum
    /// (rows with no samples stay zero), giving the fraction of each class predicted as each class.
    /// </summary>
    public double[,] ToArray(bool normalizeRows = false)
    {
        var support = Support();
        var a = new double[Classes, Classes];
        for (int t = 0; t < Classes; t++)
        {
            for (int p = 0; p < Classes; p++)
            {
                long c = _counts[(t * Classes) + p];
                a[t, p] = normalizeRows ? (support[t] == 0 ? 0 : (double)c / support[t]) : c;
            }
        }

        return a;
    }

    /// <summary>Index of the largest score (the first one on ties); NaN scores never win. Throws on an empty span.</summary>
    public static int ArgMax(ReadOnlySpan<float> scores)
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException("scores must not be empty.", nameof(scores));
        }

        int best = 0;
        for (int k = 1; k < scores.Length; k++)
        {
            if (scores[k] > scores[best] || float.IsNaN(scores[best]))
            {
                best = k;
            }
        }

        return best;
    }

    private int Index(int k, string name) =>
        (uint)k < (uint)Classes ? k : throw new ArgumentOutOfRangeException(name, k, $"{name} must be in [0, {Classes}); was {k}.");
}
