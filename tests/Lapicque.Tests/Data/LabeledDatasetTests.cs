using Lapicque.Data;
using Lapicque.Numerics;

namespace Lapicque.Tests.Data;

public class LabeledDatasetTests
{
    /// <summary>N samples of shape [2, 3]; feature j of sample i is 100*i + j, so a row names its sample.</summary>
    internal static LabeledDataset Indexed(int n, int classes = 3)
    {
        var features = new Tensor(n, 2, 3);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                features.Data[(i * 6) + j] = (100 * i) + j;
            }
        }

        return new LabeledDataset("indexed", features, Enumerable.Range(0, n).Select(i => i % classes).ToArray(), classes);
    }

    [Fact]
    public void Constructor_RejectsLabelCountAndRange()
    {
        var features = new Tensor(3, 4);
        var e1 = Assert.Throws<ArgumentException>(() => new LabeledDataset("x", features, [0, 1], 2));
        Assert.Contains("labels.Length was 2; expected 3", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => new LabeledDataset("x", features, [0, 1, 2], 2));
        Assert.Contains("labels[2] was 2; expected 0..1", e2.Message);
    }

    [Fact]
    public void ClassCounts_CountsEachLabel()
    {
        Assert.Equal([4, 3, 3], Indexed(10).ClassCounts());
    }

    [Theory]
    [InlineData(100, 0.1, 10)]
    [InlineData(101, 0.25, 25)] // 25.25 rounds to 25
    [InlineData(10, 0.25, 3)] // 2.5 rounds away from zero
    [InlineData(7, 0.0, 0)]
    [InlineData(7, 1.0, 7)]
    public void Split_DisjointCoveringSortedAndCopiesTheRightRows(int n, double fraction, int expectedValidation)
    {
        LabeledDataset d = Indexed(n);
        var (train, validation) = d.Split(fraction, seed: 42);

        Assert.Equal(expectedValidation, validation.Count);
        Assert.Equal(n - expectedValidation, train.Count);
        int[] trainIds = SampleIds(train), validationIds = SampleIds(validation);
        Assert.Empty(trainIds.Intersect(validationIds));
        Assert.Equal(Enumerable.Range(0, n), trainIds.Concat(validationIds).Order());
        Assert.Equal(trainIds.Order(), trainIds);
        Assert.Equal(validationIds.Order(), validationIds);
        foreach (var part in new[] { train, validation })
        {
            for (int k = 0; k < part.Count; k++)
            {
                int id = (int)part.Sample(k)[0] / 100;
                Assert.Equal(id % 3, part.Labels[k]);
                Assert.Equal((100 * id) + 5, part.Features[k, 1, 2]);
            }
        }
    }

    [Fact]
    public void Split_SameSeedSameSplit_OtherSeedOtherSplit()
    {
        LabeledDataset d = Indexed(200);
        int[] a = SampleIds(d.Split(50, 7).Validation);
        int[] b = SampleIds(d.Split(50, 7).Validation);
        int[] c = SampleIds(d.Split(50, 8).Validation);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void SplitIndices_EverySampleEquallyLikelyToBeChosen()
    {
        // Over many seeds each of 10 samples lands in a 3-sample validation set with probability 0.3:
        // 3000 seeds -> mean 900, standard deviation sqrt(3000 * 0.3 * 0.7) = 25; allow 5 deviations.
        var hits = new int[10];
        for (ulong seed = 0; seed < 3000; seed++)
        {
            foreach (int i in LabeledDataset.SplitIndices(10, 3, seed).Validation)
            {
                hits[i]++;
            }
        }

        Assert.All(hits, h => Assert.InRange(h, 900 - 125, 900 + 125));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Split_FractionOutsideUnitInterval_Rejected(double fraction)
    {
        var e = Assert.Throws<ArgumentException>(() => Indexed(10).Split(fraction, 1));
        Assert.Contains("validationFraction must be in [0, 1]", e.Message);
    }

    [Fact]
    public void Split_CountAboveN_Rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Indexed(10).Split(11, 1));
        Assert.Contains("validationCount must be in [0, 10]; was 11", e.Message);
    }

    [Fact]
    public void Subset_CopiesRowsInGivenOrder()
    {
        LabeledDataset s = Indexed(10).Subset([9, 0, 9], "s");
        Assert.Equal([9, 0, 9], SampleIds(s));
        Assert.Equal([0, 0, 0], s.Labels.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Indexed(10).Subset([10]));
    }

    internal static int[] SampleIds(LabeledDataset d)
    {
        var ids = new int[d.Count];
        for (int k = 0; k < d.Count; k++)
        {
            ids[k] = (int)d.Sample(k)[0] / 100;
        }

        return ids;
    }
}
