using Lapicque.Numerics;

namespace Lapicque.Data;

/// <summary>
/// Cuts a <see cref="LabeledDataset"/> into mini-batches in a seeded order.
/// </summary>
/// <remarks>
/// The order of epoch e is a Fisher-Yates shuffle of 0..N-1 drawn from <c>Rng.ForStream(seed, e)</c> (or 0..N-1
/// when shuffling is off). It depends only on (seed, epoch), never on what was read before, so a run resumed at
/// epoch e, batch b sees exactly the batches it would have seen. With N samples and batch size B there are
/// ceil(N / B) batches, the last holding N mod B samples, or floor(N / B) with <c>dropLast</c>.
/// Batches are copied into two preallocated <see cref="Batch"/> objects (full and partial), so iterating allocates
/// nothing; a loader therefore serves one iteration at a time and is not thread-safe.
/// With an <see cref="ImageAugmentation"/>, each copied sample is translated or mirrored by a draw that depends only on
/// (seed, epoch, sample index), so augmented batches are as reproducible as the order.
/// </remarks>
public sealed class DataLoader
{
    private readonly int[] _order;
    private readonly Batch _full;
    private readonly Batch? _partial;
    private int _orderEpoch = -1;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch, at least 1.</param>
    /// <param name="seed">Seed of the per-epoch shuffle.</param>
    /// <param name="shuffle">Shuffle each epoch (default); otherwise dataset order.</param>
    /// <param name="dropLast">Leave out a last batch smaller than <paramref name="batchSize"/>.</param>
    /// <param name="augmentation">Random changes to the samples of each batch (training only), or null for none.</param>
    public DataLoader(LabeledDataset dataset, int batchSize, ulong seed, bool shuffle = true, bool dropLast = false, ImageAugmentation? augmentation = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Check.That(batchSize >= 1, nameof(batchSize), ">= 1", batchSize);
        Dataset = dataset;
        BatchSize = batchSize;
        Seed = seed;
        Shuffle = shuffle;
        DropLast = dropLast;
        augmentation?.Validate(dataset.SampleShape);
        Augmentation = augmentation is { IsIdentity: false } ? augmentation : null;
        int n = dataset.Count;
        int remainder = n % batchSize;
        BatchCount = (n / batchSize) + (remainder > 0 && !dropLast ? 1 : 0);
        _order = new int[n];
        _full = new Batch(batchSize, dataset.SampleShape);
        _partial = remainder > 0 && !dropLast ? new Batch(remainder, dataset.SampleShape) : null;
    }

    /// <summary>The dataset served.</summary>
    public LabeledDataset Dataset { get; }

    /// <summary>Samples per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Seed of the per-epoch shuffle.</summary>
    public ulong Seed { get; }

    /// <summary>Whether each epoch is shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a last partial batch is left out.</summary>
    public bool DropLast { get; }

    /// <summary>The augmentation applied to each sample served, or null.</summary>
    public ImageAugmentation? Augmentation { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>Samples per epoch: N, or BatchCount * BatchSize with <see cref="DropLast"/>.</summary>
    public int SamplesPerEpoch => DropLast ? BatchCount * BatchSize : Dataset.Count;

    /// <summary>The sample order of <paramref name="epoch"/> (valid until another epoch is asked for).</summary>
    public ReadOnlySpan<int> Order(int epoch)
    {
        PrepareEpoch(epoch);
        return _order;
    }

    /// <summary>
    /// Fills and returns batch <paramref name="index"/> of <paramref name="epoch"/>. The returned object is reused:
    /// the next call overwrites it.
    /// </summary>
    public Batch GetBatch(int epoch, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BatchCount);
        PrepareEpoch(epoch);
        int start = index * BatchSize;
        Batch batch = start + BatchSize <= _order.Length ? _full : _partial!;
        int count = batch.Count;
        int len = Dataset.SampleLength;
        ReadOnlySpan<float> source = Dataset.Features.Data;
        Span<float> destination = batch.Features.Data;
        ReadOnlySpan<int> labels = Dataset.Labels;
        var augmentation = Augmentation;
        for (int k = 0; k < count; k++)
        {
            int i = _order[start + k];
            if (augmentation is null)
            {
                source.Slice(i * len, len).CopyTo(destination.Slice(k * len, len));
            }
            else
            {
                augmentation.Apply(source.Slice(i * len, len), destination.Slice(k * len, len), Dataset.SampleShape, Seed, epoch, i);
            }

            batch.Labels[k] = labels[i];
            batch.Indices[k] = i;
        }

        batch.Epoch = epoch;
        batch.Index = index;
        return batch;
    }

    /// <summary>The batches of <paramref name="epoch"/>, for <c>foreach</c> without allocation.</summary>
    public EpochBatches Epoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return new EpochBatches(this, epoch);
    }

    private void PrepareEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (epoch == _orderEpoch)
        {
            return;
        }

        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        if (Shuffle)
        {
            Rng.ForStream(Seed, (ulong)epoch).Shuffle(_order.AsSpan());
        }

        _orderEpoch = epoch;
    }

    /// <summary>The batches of one epoch; enumerate with <c>foreach</c>.</summary>
    public readonly struct EpochBatches
    {
        private readonly DataLoader _loader;
        private readonly int _epoch;

        internal EpochBatches(DataLoader loader, int epoch)
        {
            _loader = loader;
            _epoch = epoch;
        }

        /// <summary>Returns the enumerator.</summary>
        public Enumerator GetEnumerator() => new(_loader, _epoch);
    }

    /// <summary>Enumerates the batches of one epoch; each <see cref="Current"/> is overwritten by the next.</summary>
    public struct Enumerator
    {
        private readonly DataLoader _loader;
        private readonly int _epoch;
        private int _index;

        internal Enumerator(DataLoader loader, int epoch)
        {
            _loader = loader;
            _epoch = epoch;
            _index = -1;
            Current = null!;
        }

        /// <summary>The current batch.</summary>
        public Batch Current { get; private set; }

        /// <summary>Moves to the next batch.</summary>
        public bool MoveNext()
        {
            if (_index + 1 >= _loader.BatchCount)
            {
                return false;
            }

            _index++;
            Current = _loader.GetBatch(_epoch, _index);
            return true;
        }
    }
}
