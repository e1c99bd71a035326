using System.Globalization;
using Lapicque.Numerics;

namespace Lapicque.Data;

/// <summary>
/// A labelled dataset held in memory: features as one float32 tensor [N, ...sample shape] (pixels scaled to [0, 1]
/// by the image loaders) and one integer label per sample in 0..<see cref="ClassCount"/>-1.
/// Image datasets use channel-major samples [C, H, W]: MNIST [1, 28, 28], CIFAR-10 [3, 32, 32].
/// Treat <see cref="Features"/> and <see cref="Labels"/> as read-only; <see cref="Subset"/> and <see cref="Split(double, ulong)"/> copy.
/// </summary>
public sealed class LabeledDataset
{
    private readonly int[] _labels;
    private readonly int[] _sampleShape;
    private readonly string[] _classNames;

    /// <summary>Creates a dataset over <paramref name="features"/> (not copied) and <paramref name="labels"/> (not copied).</summary>
    /// <param name="name">A display name, for example "mnist/train".</param>
    /// <param name="features">Shape [N, ...]; rank at least 1.</param>
    /// <param name="labels">N labels, each in 0..<paramref name="classCount"/>-1.</param>
    /// <param name="classCount">Number of classes, at least 1.</param>
    /// <param name="classNames">Optional names, one per class; default "0", "1", ...</param>
    public LabeledDataset(string name, Tensor features, int[] labels, int classCount, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        Check.That(classCount >= 1, nameof(classCount), ">= 1", classCount);
        Check.That(features.Rank >= 1, "features.Rank", ">= 1 (a leading sample dimension)", features.Rank);
        if (features.Dim(0) != labels.Length)
        {
            throw new ArgumentException($"labels.Length was {labels.Length}; expected {features.Dim(0)} (the first dimension of features {features.ShapeText}).", nameof(labels));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"labels[{i}] was {labels[i]}; expected 0..{classCount - 1}.", nameof(labels));
            }
        }

        if (classNames is not null && classNames.Count != classCount)
        {
            throw new ArgumentException($"classNames.Count was {classNames.Count}; expected classCount = {classCount}.", nameof(classNames));
        }

        Name = name;
        Features = features;
        _labels = labels;
        ClassCount = classCount;
        _sampleShape = features.Shape[1..].ToArray();
        SampleLength = features.RowLength;
        _classNames = classNames?.ToArray() ?? Enumerable.Range(0, classCount).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>A display name, for example "mnist/train" or "mnist/train[validation]".</summary>
    public string Name { get; }

    /// <summary>All samples, shape [N, ...sample shape].</summary>
    public Tensor Features { get; }

    /// <summary>One label per sample, each in 0..<see cref="ClassCount"/>-1.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The number of samples N.</summary>
    public int Count => _labels.Length;

    /// <summary>The number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>The class names, one per class.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>The shape of one sample, for example [1, 28, 28].</summary>
    public ReadOnlySpan<int> SampleShape => _sampleShape;

    /// <summary>The number of floats in one sample (784 for MNIST).</summary>
    public int SampleLength { get; }

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Sample(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Features.Data.AsSpan(index * SampleLength, SampleLength);
    }

    /// <summary>The number of samples of each class.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (int label in _labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>A copy holding the samples at <paramref name="indices"/>, in that order (repeats allowed).</summary>
    public LabeledDataset Subset(ReadOnlySpan<int> indices, string? name = null)
    {
        int n = indices.Length;
        int[] shape = [n, .. _sampleShape];
        var features = new Tensor(shape);
        var labels = new int[n];
        ReadOnlySpan<float> source = Features.Data;
        Span<float> destination = features.Data;
        int len = SampleLength;
        for (int k = 0; k < n; k++)
        {
            int i = indices[k];
            if ((uint)i >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"indices[{k}] was {i}; expected 0..{Count - 1}.");
            }

            source.Slice(i * len, len).CopyTo(destination.Slice(k * len, len));
            labels[k] = _labels[i];
        }

        return new LabeledDataset(name ?? $"{Name}[subset]", features, labels, ClassCount, _classNames);
    }

    /// <summary>
    /// Splits into disjoint training and validation parts holding round(N * <paramref name="validationFraction"/>)
    /// validation samples, chosen by a seeded shuffle. Both parts keep the original sample order.
    /// The same seed gives the same split.
    /// </summary>
    /// <param name="validationFraction">In [0, 1].</param>
    /// <param name="seed">Seed of the <see cref="Rng"/> that picks the validation samples.</param>
    public (LabeledDataset Train, LabeledDataset Validation) Split(double validationFraction, ulong seed)
    {
        Check.InRange(validationFraction, 0, 1);
        return Split((int)Math.Round(Count * validationFraction, MidpointRounding.AwayFromZero), seed);
    }

    /// <summary>As <see cref="Split(double, ulong)"/> with exactly <paramref name="validationCount"/> validation samples (0..N).</summary>
    public (LabeledDataset Train, LabeledDataset Validation) Split(int validationCount, ulong seed)
    {
        Check.That(validationCount >= 0 && validationCount <= Count, nameof(validationCount), $"in [0, {Count}]", validationCount);
        var (train, validation) = SplitIndices(Count, validationCount, seed);
        return (Subset(train, $"{Name}[train]"), Subset(validation, $"{Name}[validation]"));
    }

    /// <summary>
    /// The index sets behind <see cref="Split(int, ulong)"/>: a Fisher-Yates shuffle of 0..n-1 with <c>new Rng(seed)</c>;
    /// the first <paramref name="validationCount"/> go to validation; each part is then sorted ascending.
    /// </summary>
    public static (int[] Train, int[] Validation) SplitIndices(int count, int validationCount, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Check.That(validationCount >= 0 && validationCount <= count, nameof(validationCount), $"in [0, {count}]", validationCount);
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        new Rng(seed).Shuffle(order.AsSpan());
        int[] validation = order[..validationCount];
        int[] train = order[validationCount..];
        Array.Sort(validation);
        Array.Sort(train);
        return (train, validation);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}: {Count} samples of {Tensor.ShapeString(_sampleShape)}, {ClassCount} classes");
}
