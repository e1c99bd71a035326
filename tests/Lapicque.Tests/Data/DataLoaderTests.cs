using Lapicque.Data;

namespace Lapicque.Tests.Data;

public class DataLoaderTests
{
    private static List<int[]> EpochIndices(DataLoader loader, int epoch)
    {
        var batches = new List<int[]>();
        foreach (Batch b in loader.Epoch(epoch))
        {
            batches.Add((int[])b.Indices.Clone());
        }

        return batches;
    }

    [Theory]
    [InlineData(10, 3, false, new[] { 3, 3, 3, 1 })]
    [InlineData(10, 3, true, new[] { 3, 3, 3 })]
    [InlineData(9, 3, false, new[] { 3, 3, 3 })]
    [InlineData(2, 5, false, new[] { 2 })]
    [InlineData(2, 5, true, new int[0])]
    [InlineData(0, 4, false, new int[0])]
    public void Epoch_BatchSizesAndEverySampleOnce(int n, int batchSize, bool dropLast, int[] sizes)
    {
        var loader = new DataLoader(LabeledDatasetTests.Indexed(n), batchSize, seed: 5, dropLast: dropLast);
        List<int[]> batches = EpochIndices(loader, 0);

        Assert.Equal(sizes.Length, loader.BatchCount);
        Assert.Equal(sizes, batches.Select(b => b.Length));
        int[] all = batches.SelectMany(b => b).ToArray();
        Assert.Equal(all.Length, all.Distinct().Count());
        if (!dropLast)
        {
            Assert.Equal(Enumerable.Range(0, n), all.Order());
        }

        Assert.Equal(sizes.Sum(), loader.SamplesPerEpoch);
    }

    [Fact]
    public void Batch_FeaturesAndLabelsAreThoseOfItsIndices()
    {
        LabeledDataset d = LabeledDatasetTests.Indexed(23);
        var loader = new DataLoader(d, 4, seed: 9);
        int seen = 0;
        foreach (Batch b in loader.Epoch(3))
        {
            Assert.Equal([b.Count, 2, 3], b.Features.Shape.ToArray());
            Assert.Equal([b.Count, 6], b.FlatFeatures.Shape.ToArray());
            Assert.Equal(3, b.Epoch);
            for (int k = 0; k < b.Count; k++)
            {
                int i = b.Indices[k];
                Assert.Equal(d.Labels[i], b.Labels[k]);
                Assert.Equal(d.Sample(i).ToArray(), b.Features.Row(k).ToArray());
                Assert.Equal(d.Sample(i).ToArray(), b.FlatFeatures.Row(k).ToArray());
            }

            seen += b.Count;
        }

        Assert.Equal(23, seen);
    }

    [Fact]
    public void Order_SameSeedSameOrder_OtherEpochOrSeedDiffers()
    {
        LabeledDataset d = LabeledDatasetTests.Indexed(50);
        var a = new DataLoader(d, 8, seed: 1);
        var b = new DataLoader(d, 8, seed: 1);
        var c = new DataLoader(d, 8, seed: 2);
        int[] a0 = a.Order(0).ToArray(), a1 = a.Order(1).ToArray();
        Assert.Equal(a0, b.Order(0).ToArray());
        Assert.Equal(a1, b.Order(1).ToArray());
        Assert.Equal(a0, a.Order(0).ToArray()); // asking again, after epoch 1, gives the same
        Assert.NotEqual(a0, a1);
        Assert.NotEqual(a0, c.Order(0).ToArray());
        Assert.NotEqual(Enumerable.Range(0, 50), a0);
    }

    [Fact]
    public void GetBatch_RandomAccessMatchesEnumeration_SoAResumedRunSeesTheSameBatches()
    {
        var loader = new DataLoader(LabeledDatasetTests.Indexed(30), 7, seed: 77);
        List<int[]> expected = EpochIndices(loader, 4);
        var fresh = new DataLoader(LabeledDatasetTests.Indexed(30), 7, seed: 77);
        for (int i = expected.Count - 1; i >= 0; i--)
        {
            Assert.Equal(expected[i], fresh.GetBatch(4, i).Indices);
        }
    }

    [Fact]
    public void NoShuffle_DatasetOrder()
    {
        var loader = new DataLoader(LabeledDatasetTests.Indexed(10), 4, seed: 3, shuffle: false);
        Assert.Equal(Enumerable.Range(0, 10), EpochIndices(loader, 2).SelectMany(b => b));
    }

    [Fact]
    public void Shuffle_EveryPositionEquallyLikely()
    {
        // Sample 0's position over 2000 epochs is uniform on 0..7 if the shuffle is unbiased:
        // mean 250 per position, standard deviation sqrt(2000 * 1/8 * 7/8) = 14.8; allow 5 deviations.
        var loader = new DataLoader(LabeledDatasetTests.Indexed(8), 8, seed: 123);
        var counts = new int[8];
        for (int epoch = 0; epoch < 2000; epoch++)
        {
            counts[loader.Order(epoch).IndexOf(0)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 250 - 74, 250 + 74));
    }

    [Fact]
    public void Iteration_ReusesBuffers_AllocatesAlmostNothing()
    {
        var loader = new DataLoader(LabeledDatasetTests.Indexed(1000), 32, seed: 1);
        foreach (Batch _ in loader.Epoch(0))
        {
        }

        Batch? first = null;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            foreach (Batch b in loader.Epoch(epoch))
            {
                first ??= b;
                Assert.True(b == first || b.Count != first.Count); // one object for full batches, one for the last
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // One batch holds 32*6 floats (768 bytes) plus labels and indices; copying any would exceed this.
        Assert.True(allocated < 600, $"allocated {allocated} bytes over 3 epochs");
    }

    [Fact]
    public void Constructor_BatchSizeBelowOne_Rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new DataLoader(LabeledDatasetTests.Indexed(3), 0, 1));
        Assert.Contains("batchSize must be >= 1; was 0", e.Message);
    }
}
