using System.Numerics.Tensors;
using System.Security.Cryptography;
using Lapicque.Data;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Data;

/// <summary>
/// The real MNIST files in LAPICQUE_DATA (shared/data in CI): counts, class counts and first labels as published,
/// checksums verified. Skipped with a visible reason when the data folder is absent.
/// </summary>
public class MnistRealDataTests
{
    // Class counts from shared/data/README.md (the published MNIST statistics).
    private static readonly int[] TrainClassCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    private static readonly int[] TestClassCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

    [RequiresDataFact]
    public void Train_CountsClassCountsAndFirstLabelsMatchPublished()
    {
        LabeledDataset d = Mnist.Load(DataDirectory.Resolve(null), DatasetSplit.Train);
        Assert.Equal(60_000, d.Count);
        Assert.Equal([60_000, 1, 28, 28], d.Features.Shape.ToArray());
        Assert.Equal(TrainClassCounts, d.ClassCounts());
        Assert.Equal([5, 0, 4, 1, 9, 2, 1, 3, 1, 4], d.Labels[..10].ToArray());
        AssertPixelsInUnitIntervalUsingBothEnds(d);
    }

    [RequiresDataFact]
    public void Test_CountsClassCountsAndFirstLabelsMatchPublished()
    {
        LabeledDataset d = Mnist.Load(DataDirectory.Resolve(null), DatasetSplit.Test);
        Assert.Equal(10_000, d.Count);
        Assert.Equal(TestClassCounts, d.ClassCounts());
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], d.Labels[..10].ToArray());
        AssertPixelsInUnitIntervalUsingBothEnds(d);
    }

    [RequiresDataFact]
    public void Files_MatchSha256SumsBesideThem()
    {
        // The yardstick is the SHA256SUMS file shipped with the data; the loader verified the same files above.
        string root = RequiresData.Folder;
        string sums = Path.Combine(root, "SHA256SUMS");
        Assert.True(File.Exists(sums), $"{sums} is missing");
        int checkedFiles = 0;
        foreach (string line in File.ReadAllLines(sums))
        {
            string[] parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !parts[1].TrimStart('*').StartsWith("mnist/", StringComparison.Ordinal))
            {
                continue;
            }

            string path = Path.Combine(root, parts[1].TrimStart('*'));
            Assert.Equal(parts[0], Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
            checkedFiles++;
        }

        Assert.Equal(4, checkedFiles);
    }

    [RequiresDataFact]
    public void RawAndRecompressedCopies_VerifiedByContent_AndOneChangedByteIsCaught()
    {
        string mnist = Path.Combine(RequiresData.Folder, "mnist");
        byte[] images = IdxBytes.Gunzip(File.ReadAllBytes(Path.Combine(mnist, "t10k-images-idx3-ubyte.gz")));
        byte[] labels = IdxBytes.Gunzip(File.ReadAllBytes(Path.Combine(mnist, "t10k-labels-idx1-ubyte.gz")));
        using var temp = new TempFolder();
        string folder = temp.Sub("mnist");

        // Raw images and re-gzipped labels (different gzip bytes from the original .gz): accepted on content.
        File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte"), images);
        File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), IdxBytes.Gzip(labels));
        LabeledDataset d = Mnist.Load(temp.Path, DatasetSplit.Test);
        Assert.Equal(TestClassCounts, d.ClassCounts());

        // One label changed (still a valid digit): only the checksum can tell.
        labels[8 + 100] = (byte)((labels[8 + 100] + 1) % 10);
        File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), IdxBytes.Gzip(labels));
        var e = Assert.Throws<DatasetFormatException>(() => Mnist.Load(temp.Path, DatasetSplit.Test));
        Assert.Equal(DatasetProblem.ChecksumMismatch, e.Problem);
        Assert.Contains("t10k-labels-idx1-ubyte.gz", e.Message);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(labels)), e.Message);
        Assert.Contains("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", e.Message); // the original .gz

        // Without verification the modified copy loads.
        Assert.Equal(10_000, Mnist.Load(temp.Path, DatasetSplit.Test, verifyChecksums: false).Count);
    }

    [RequiresDataFact("fashion-mnist")]
    public void FashionMnist_BalancedClassesAsPublished()
    {
        // Fashion-MNIST has exactly 6,000 train and 1,000 test images per class (Xiao et al. 2017).
        string root = DataDirectory.Resolve(null);
        LabeledDataset train = FashionMnist.Load(root, DatasetSplit.Train);
        LabeledDataset test = FashionMnist.Load(root, DatasetSplit.Test);
        Assert.Equal(Enumerable.Repeat(6000, 10), train.ClassCounts());
        Assert.Equal(Enumerable.Repeat(1000, 10), test.ClassCounts());
    }

    private static void AssertPixelsInUnitIntervalUsingBothEnds(LabeledDataset d)
    {
        float min = TensorPrimitives.Min(d.Features.Span);
        float max = TensorPrimitives.Max(d.Features.Span);
        Assert.Equal(0f, min);
        Assert.Equal(1f, max);
    }
}
