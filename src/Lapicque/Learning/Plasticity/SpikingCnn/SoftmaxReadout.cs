using Lapicque.Learning.Optimizers;
using Lapicque.Numerics;

namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>
/// A linear classifier on fixed features: softmax regression p = softmax(W z + b) on standardised features
/// z = (x - mean) / std (mean and std from the training set), trained by Adam on the mean cross-entropy with
/// optional L2 weight decay. The linear read-out that stands in for the paper's linear SVM.
/// </summary>
public sealed class SoftmaxReadout
{
    private readonly float[] _mean;
    private readonly float[] _invStd;
    private readonly Parameter<float> _w;
    private readonly Parameter<float> _b;

    /// <summary>Creates an untrained read-out (zero weights).</summary>
    public SoftmaxReadout(int featureCount, int classCount)
    {
        Check.That(featureCount >= 1, nameof(featureCount), ">= 1", featureCount);
        Check.That(classCount >= 2, nameof(classCount), ">= 2", classCount);
        FeatureCount = featureCount;
        ClassCount = classCount;
        _mean = new float[featureCount];
        _invStd = new float[featureCount];
        Array.Fill(_invStd, 1f);
        _w = new Parameter<float>("readout.weight", new float[classCount * featureCount]);
        _b = new Parameter<float>("readout.bias", new float[classCount]);
    }

    /// <summary>Features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The learned state, for checkpoints: the feature means (length FeatureCount).</summary>
    public Span<float> FeatureMean => _mean;

    /// <summary>The learned state: 1 / standard deviation of each feature (length FeatureCount).</summary>
    public Span<float> FeatureInverseStd => _invStd;

    /// <summary>The learned state: weights W, row-major ClassCount x FeatureCount.</summary>
    public Span<float> Weights => _w.Value;

    /// <summary>The learned state: biases b (length ClassCount).</summary>
    public Span<float> Biases => _b.Value;

    /// <summary>
    /// Fits on row-major <paramref name="features"/> [n, FeatureCount] with <paramref name="labels"/>: standardises,
    /// then runs <paramref name="epochs"/> passes of shuffled mini-batches. Returns the final training accuracy.
    /// </summary>
    public double Fit(ReadOnlySpan<float> features, ReadOnlySpan<int> labels, int epochs = 30, int batchSize = 128, double learningRate = 1e-3, double weightDecay = 1e-4, ulong seed = 1)
    {
        int n = labels.Length;
        int f = FeatureCount;
        Check.That(n >= 1, "labels.Length", ">= 1", n);
        Check.That(features.Length == n * f, "features.Length", $"equal to labels.Length * FeatureCount = {n * f}", features.Length);
        Check.That(epochs >= 1, nameof(epochs), ">= 1", epochs);
        Check.That(batchSize >= 1, nameof(batchSize), ">= 1", batchSize);
        for (int i = 0; i < n; i++)
        {
            Check.That((uint)labels[i] < (uint)ClassCount, $"labels[{i}]", $"in [0, {ClassCount})", labels[i]);
        }

        Standardise(features, n);
        var z = new float[n * f];
        for (int i = 0; i < n; i++)
        {
            Normalise(features.Slice(i * f, f), z.AsSpan(i * f, f));
        }

        var adam = new Adam<float>([_w, _b], learningRate, weightDecay: weightDecay);
        var rng = new Rng(seed);
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var prob = new float[ClassCount];
        for (int e = 0; e < epochs; e++)
        {
            rng.Shuffle(order.AsSpan());
            for (int start = 0; start < n; start += batchSize)
            {
                int end = Math.Min(n, start + batchSize);
                adam.ZeroGradients();
                float scale = 1f / (end - start);
                for (int j = start; j < end; j++)
                {
                    int i = order[j];
                    var x = z.AsSpan(i * f, f);
                    Probabilities(x, prob);
                    prob[labels[i]] -= 1f;
                    for (int c = 0; c < ClassCount; c++)
                    {
                        float g = prob[c] * scale;
                        _b.Gradient[c] += g;
                        var gw = _w.Gradient.AsSpan(c * f, f);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x, g, gw, gw);
                    }
                }

                adam.Step();
            }
        }

        return AccuracyNormalised(z, labels);
    }

    /// <summary>The most probable class of one feature vector.</summary>
    public int Predict(ReadOnlySpan<float> features)
    {
        Check.That(features.Length == FeatureCount, "features.Length", $"equal to FeatureCount ({FeatureCount})", features.Length);
        Span<float> z = features.Length <= 4096 ? stackalloc float[features.Length] : new float[features.Length];
        Normalise(features, z);
        return ArgMaxLogit(z);
    }

    /// <summary>Fraction of rows of <paramref name="features"/> [n, FeatureCount] classified as their label.</summary>
    public double Accuracy(ReadOnlySpan<float> features, ReadOnlySpan<int> labels)
    {
        Check.That(features.Length == labels.Length * FeatureCount, "features.Length", $"equal to labels.Length * FeatureCount = {labels.Length * FeatureCount}", features.Length);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (Predict(features.Slice(i * FeatureCount, FeatureCount)) == labels[i])
            {
                correct++;
            }
        }

        return labels.Length == 0 ? 0 : (double)correct / labels.Length;
    }

    private double AccuracyNormalised(ReadOnlySpan<float> z, ReadOnlySpan<int> labels)
    {
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (ArgMaxLogit(z.Slice(i * FeatureCount, FeatureCount)) == labels[i])
            {
                correct++;
            }
        }

        return (double)correct / labels.Length;
    }

    private void Standardise(ReadOnlySpan<float> features, int n)
    {
        int f = FeatureCount;
        var sum = new double[f];
        var sq = new double[f];
        for (int i = 0; i < n; i++)
        {
            var row = features.Slice(i * f, f);
            for (int j = 0; j < f; j++)
            {
                sum[j] += row[j];
                sq[j] += (double)row[j] * row[j];
            }
        }

        for (int j = 0; j < f; j++)
        {
            double mean = sum[j] / n;
            double var = Math.Max(0, (sq[j] / n) - (mean * mean));
            _mean[j] = (float)mean;
            _invStd[j] = (float)(1 / Math.Sqrt(var + 1e-6));
        }
    }

    private void Normalise(ReadOnlySpan<float> x, Span<float> z)
    {
        for (int j = 0; j < x.Length; j++)
        {
            z[j] = (x[j] - _mean[j]) * _invStd[j];
        }
    }

    private int ArgMaxLogit(ReadOnlySpan<float> z)
    {
        int best = 0;
        float bestV = float.NegativeInfinity;
        for (int c = 0; c < ClassCount; c++)
        {
            float v = _b.Value[c] + System.Numerics.Tensors.TensorPrimitives.Dot(_w.Value.AsSpan(c * FeatureCount, FeatureCount), z);
            if (v > bestV)
            {
                bestV = v;
                best = c;
            }
        }

        return best;
    }

    private void Probabilities(ReadOnlySpan<float> z, Span<float> prob)
    {
        float max = float.NegativeInfinity;
        for (int c = 0; c < ClassCount; c++)
        {
            prob[c] = _b.Value[c] + System.Numerics.Tensors.TensorPrimitives.Dot(_w.Value.AsSpan(c * FeatureCount, FeatureCount), z);
            max = Math.Max(max, prob[c]);
        }

        float s = 0;
        for (int c = 0; c < ClassCount; c++)
        {
            prob[c] = MathF.Exp(prob[c] - max);
            s += prob[c];
        }

        for (int c = 0; c < ClassCount; c++)
        {
            prob[c] /= s;
        }
    }
}
