using Lapicque.Numerics;

namespace Lapicque.Data;

/// <summary>
/// The Yin-Yang data set (Kriener, Goeltz and Petrovici 2021, "The Yin-Yang dataset", arXiv 2102.08211): points in a
/// yin-yang disc, three classes, four features. The generator reproduces the published splits bit for bit
/// (the reference <c>dataset.py</c> at lkriener/yin_yang_data_set, driven by numpy's legacy MT19937; see
/// <see cref="Mt19937"/>).
/// </summary>
/// <remarks>
/// Geometry (r_big = R, r_small = r): the big disc has centre (R, R) and radius R; the dots have centres (1.5R, R) (right)
/// and (0.5R, R) (left). With d_R and d_L the distances to the dot centres, the label is
/// <list type="bullet">
/// <item>2 ("dot") if d_R &lt; r or d_L &lt; r;</item>
/// <item>otherwise 1 if d_R &lt;= r, or r &lt; d_L &lt;= 0.5R, or (y &gt; R and d_R &gt; 0.5R);</item>
/// <item>otherwise 0.</item>
/// </list>
/// Sampling, per sample: goal = randint(3); then draw x = 2R u1, y = 2R u2 (two fresh uniform doubles, u1 first) until the
/// point lies in the big disc (distance to the centre &lt;= R) and its label equals the goal. This balances the classes in
/// expectation. The features are (x, y, 1 - x, 1 - y): the mirror is literally 1 - value, as in the reference, whatever R is.
/// </remarks>
public static class YinYang
{
    /// <summary>Number of features per sample: x, y, 1 - x, 1 - y.</summary>
    public const int FeatureCount = 4;

    /// <summary>Number of classes (0, 1 and 2 = dot).</summary>
    public const int ClassCount = 3;

    /// <summary>The standard training split: 5000 samples, seed 42.</summary>
    public static YinYangSet Train() => Generate(5000, 42);

    /// <summary>The standard validation split: 1000 samples, seed 41.</summary>
    public static YinYangSet Validation() => Generate(1000, 41);

    /// <summary>The standard test split: 1000 samples, seed 40.</summary>
    public static YinYangSet Test() => Generate(1000, 40);

    /// <summary>
    /// Generates <paramref name="size"/> samples with the reference generator seeded like
    /// <c>numpy.random.seed(seed)</c>.
    /// </summary>
    /// <param name="size">Number of samples, &gt;= 0.</param>
    /// <param name="seed">MT19937 seed. The standard splits use 42 (train), 41 (validation) and 40 (test); splits must use different seeds.</param>
    /// <param name="rSmall">Radius of the two dots, in (0, 0.5 rBig].</param>
    /// <param name="rBig">Radius of the big disc, &gt; 0; coordinates lie in [0, 2 rBig].</param>
    /// <returns>The samples: features row-major [size, 4] and labels in {0, 1, 2}.</returns>
    public static YinYangSet Generate(int size, uint seed, double rSmall = 0.1, double rBig = 0.5)
    {
        Check.NonNegative(size);
        Check.Positive(rBig);
        Check.That(rSmall > 0 && rSmall <= 0.5 * rBig, nameof(rSmall), $"in (0, 0.5 * rBig] = (0, {Check.Format(0.5 * rBig)}]", rSmall);

        var rng = new Mt19937(seed);
        var features = new double[size * FeatureCount];
        var labels = new int[size];
        for (int i = 0; i < size; i++)
        {
            int goal = rng.NextInt(ClassCount);
            double x, y;
            do
            {
                // numpy evaluates rand(2) * 2. * r_big left to right: (u * 2) * R.
                x = rng.NextDouble() * 2.0 * rBig;
                y = rng.NextDouble() * 2.0 * rBig;
            }
            while (Distance(x, y, rBig, rBig) > rBig || Label(x, y, rSmall, rBig) != goal);

            int row = i * FeatureCount;
            features[row] = x;
            features[row + 1] = y;
            features[row + 2] = 1.0 - x;
            features[row + 3] = 1.0 - y;
            labels[i] = goal;
        }

        return new YinYangSet(features, labels);
    }

    /// <summary>
    /// The class of the point (x, y) by the reference rule (see the type remarks); defined for points in the big disc.
    /// </summary>
    public static int Label(double x, double y, double rSmall = 0.1, double rBig = 0.5)
    {
        double dRight = Distance(x, y, 1.5 * rBig, rBig);
        double dLeft = Distance(x, y, 0.5 * rBig, rBig);
        if (dRight < rSmall || dLeft < rSmall)
        {
            return 2;
        }

        bool one = dRight <= rSmall
            || (dLeft > rSmall && dLeft <= 0.5 * rBig)
            || (y > rBig && dRight > 0.5 * rBig);
        return one ? 1 : 0;
    }

    // The reference computes sqrt((x - cx)**2 + (y - cy)**2); squaring by multiplication gives the same bits.
    private static double Distance(double x, double y, double cx, double cy)
    {
        double dx = x - cx;
        double dy = y - cy;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}

/// <summary>
/// Yin-Yang samples: <see cref="Features"/> is row-major [Count, 4] with rows (x, y, 1 - x, 1 - y) in float64, and
/// <see cref="Labels"/> holds one class in {0, 1, 2} per row.
/// </summary>
/// <param name="Features">Row-major [Count, 4] feature array.</param>
/// <param name="Labels">One label per sample.</param>
public sealed record YinYangSet(double[] Features, int[] Labels)
{
    /// <summary>Number of samples.</summary>
    public int Count => Labels.Length;

    /// <summary>The four features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Sample(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be in [0, {Count - 1}]; was {index}.");
        }

        return Features.AsSpan(index * YinYang.FeatureCount, YinYang.FeatureCount);
    }

    /// <summary>Number of samples of each class, indexed by label.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[YinYang.ClassCount];
        foreach (int label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>The features as float32, row-major [Count, 4], for the float32 engines.</summary>
    public float[] FeaturesAsSingle()
    {
        var result = new float[Features.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (float)Features[i];
        }

        return result;
    }
}
