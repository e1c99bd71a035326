using Lapicque.Numerics;

namespace Lapicque.Data;

/// <summary>
/// One mini-batch from a <see cref="DataLoader"/>: features [B, ...sample shape], labels and source indices.
/// The loader reuses its batch objects and buffers: the contents are overwritten by the next batch, so copy what
/// must outlive it.
/// </summary>
public sealed class Batch
{
    internal Batch(int size, ReadOnlySpan<int> sampleShape)
    {
        int[] shape = [size, .. sampleShape];
        Features = new Tensor(shape);
        int sampleLength = size == 0 ? 0 : Features.Length / size;
        FlatFeatures = Tensor.FromArray(Features.Data, size, sampleLength);
        Labels = new int[size];
        Indices = new int[size];
    }

    /// <summary>The samples, shape [<see cref="Count"/>, ...sample shape].</summary>
    public Tensor Features { get; }

    /// <summary>The same data as <see cref="Features"/> viewed as [<see cref="Count"/>, sample length] (for dense layers).</summary>
    public Tensor FlatFeatures { get; }

    /// <summary>The label of each sample (length <see cref="Count"/>).</summary>
    public int[] Labels { get; }

    /// <summary>The index of each sample in the dataset (length <see cref="Count"/>).</summary>
    public int[] Indices { get; }

    /// <summary>The number of samples: the batch size, or fewer for a last partial batch.</summary>
    public int Count => Labels.Length;

    /// <summary>The epoch this batch belongs to.</summary>
    public int Epoch { get; internal set; }

    /// <summary>The position of this batch in its epoch, from 0.</summary>
    public int Index { get; internal set; }
}
