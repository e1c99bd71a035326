using System.Security.Cryptography;
using Lapicque.Data;

namespace Lapicque.Tests.Data;

/// <summary>MNIST and Fashion-MNIST loading from small synthetic folders written here.</summary>
public class MnistTests
{
    private const string TrainImages = "train-images-idx3-ubyte";
    private const string TrainLabels = "train-labels-idx1-ubyte";

    // Pixel (i, r, c) of synthetic image i: a pattern that differs per image and per position.
    private static byte Pixel(int i, int r, int c) => (byte)(((i * 31) + (r * 28) + c) % 256);

    private static byte[] ImagesContent(int n, int rows = 28, int cols = 28)
    {
        var values = new byte[n * rows * cols];
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    values[(((i * rows) + r) * cols) + c] = Pixel(i, r, c);
                }
            }
        }

        return IdxBytes.UnsignedBytes(values, n, rows, cols);
    }

    private static void Write(string folder, string name, byte[] content, bool gzip) =>
        File.WriteAllBytes(Path.Combine(folder, gzip ? name + ".gz" : name), gzip ? IdxBytes.Gzip(content) : content);

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void Load_SyntheticFiles_FeaturesArePixelsOver255AndLabelsAsWritten(bool gzipImages, bool gzipLabels)
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("mnist");
        byte[] labels = [3, 0, 9, 9, 1];
        Write(folder, TrainImages, ImagesContent(5), gzipImages);
        Write(folder, TrainLabels, IdxBytes.UnsignedBytes(labels, 5), gzipLabels);

        LabeledDataset d = Mnist.Load(temp.Path, DatasetSplit.Train, verifyChecksums: false);

        Assert.Equal(5, d.Count);
        Assert.Equal([5, 1, 28, 28], d.Features.Shape.ToArray());
        Assert.Equal([1, 28, 28], d.SampleShape.ToArray());
        Assert.Equal(784, d.SampleLength);
        Assert.Equal(10, d.ClassCount);
        Assert.Equal("mnist/train", d.Name);
        Assert.Equal(labels.Select(b => (int)b).ToArray(), d.Labels.ToArray());
        for (int i = 0; i < 5; i++)
        {
            foreach (var (r, c) in new[] { (0, 0), (0, 27), (13, 7), (27, 27), (5, 20) })
            {
                Assert.Equal(Pixel(i, r, c) / 255f, d.Features[i, 0, r, c]);
            }
        }

        // 0 and 255 map to the ends of [0, 1] exactly.
        Assert.Equal(0f, d.Features[0, 0, 0, 0]);
        Assert.Equal(1f, d.Features[0, 0, 9, 3]); // (0*31 + 9*28 + 3) = 255
    }

    [Fact]
    public void Load_TestSplit_ReadsT10kFiles()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("mnist");
        Write(folder, "t10k-images-idx3-ubyte", ImagesContent(2), true);
        Write(folder, "t10k-labels-idx1-ubyte", IdxBytes.UnsignedBytes([7, 2], 2), true);
        LabeledDataset d = Mnist.Load(temp.Path, DatasetSplit.Test, verifyChecksums: false);
        Assert.Equal("mnist/test", d.Name);
        Assert.Equal([7, 2], d.Labels.ToArray());
    }

    [Fact]
    public void Load_SyntheticFilesWithVerification_ChecksumMismatchGivesExpectedAndActual()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("mnist");
        byte[] content = ImagesContent(3);
        Write(folder, TrainImages, content, false);
        Write(folder, TrainLabels, IdxBytes.UnsignedBytes([1, 2, 3], 3), false);

        var e = Assert.Throws<DatasetFormatException>(() => Mnist.Load(temp.Path, DatasetSplit.Train));

        Assert.Equal(DatasetProblem.ChecksumMismatch, e.Problem);
        Assert.Equal(Path.Combine(folder, TrainImages), e.Path);
        // The published content hash of the MNIST train images, and the hash of what the test wrote.
        Assert.Contains("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", e.Message);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(content)), e.Message);
    }

    [Fact]
    public void Load_CountMismatch_NamesBothFilesAndCounts()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("mnist");
        Write(folder, TrainImages, ImagesContent(5), true);
        Write(folder, TrainLabels, IdxBytes.UnsignedBytes([1, 2, 3, 4], 4), true);
        var e = Assert.Throws<DatasetFormatException>(() => Mnist.Load(temp.Path, DatasetSplit.Train, verifyChecksums: false));
        Assert.Equal(DatasetProblem.ShapeMismatch, e.Problem);
        Assert.Contains("holds 4 labels", e.Message);
        Assert.Contains("5 images", e.Message);
        Assert.Contains(TrainImages + ".gz", e.Message);
        Assert.Contains(TrainLabels + ".gz", e.Message);
    }

    [Fact]
    public void Load_WrongImageSize_ShapeMismatch()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("mnist");
        Write(folder, TrainImages, ImagesContent(2, 27, 28), true);
        Write(folder, TrainLabels, IdxBytes.UnsignedBytes([1, 2], 2), true);
        var e = Assert.Throws<DatasetFormatException>(() => Mnist.Load(temp.Path, DatasetSplit.Train, verifyChecksums: false));
        Assert.Equal(DatasetProblem.ShapeMismatch, e.Problem);
        Assert.Contains("Nx28x28 ubyte, found 2x27x28 ubyte", e.Message);
    }

    [Fact]
    public void Load_LabelsAsInt32_ShapeMismatch()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("mnist");
        Write(folder, TrainImages, ImagesContent(2), true);
        Write(folder, TrainLabels, IdxBytes.Int32([1, 2], 2), true);
        var e = Assert.Throws<DatasetFormatException>(() => Mnist.Load(temp.Path, DatasetSplit.Train, verifyChecksums: false));
        Assert.Equal(DatasetProblem.ShapeMismatch, e.Problem);
        Assert.Contains("int32", e.Message);
    }

    [Fact]
    public void Load_LabelOutOfRange_InvalidValueWithIndex()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("mnist");
        Write(folder, TrainImages, ImagesContent(3), true);
        Write(folder, TrainLabels, IdxBytes.UnsignedBytes([1, 2, 10], 3), true);
        var e = Assert.Throws<DatasetFormatException>(() => Mnist.Load(temp.Path, DatasetSplit.Train, verifyChecksums: false));
        Assert.Equal(DatasetProblem.InvalidValue, e.Problem);
        Assert.Contains("label 10 at index 2 is outside 0..9", e.Message);
    }

    [Fact]
    public void Load_TruncatedImages_TruncatedNamingTheFile()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("mnist");
        Write(folder, TrainImages, ImagesContent(3)[..2000], true);
        Write(folder, TrainLabels, IdxBytes.UnsignedBytes([1, 2, 3], 3), true);
        var e = Assert.Throws<DatasetFormatException>(() => Mnist.Load(temp.Path, DatasetSplit.Train, verifyChecksums: false));
        Assert.Equal(DatasetProblem.Truncated, e.Problem);
        Assert.StartsWith(Path.Combine(folder, TrainImages + ".gz") + ": ", e.Message);
        Assert.Contains("expected 2368 bytes", e.Message); // 16 + 3*784
        Assert.Contains("found 2000", e.Message);
    }

    [Fact]
    public void Load_MissingLabelFile_ListsWhereItLooked()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("mnist");
        Write(folder, TrainImages, ImagesContent(1), true);
        var e = Assert.Throws<DatasetNotFoundException>(() => Mnist.Load(temp.Path, DatasetSplit.Train));
        Assert.Equal([Path.Combine(folder, TrainLabels + ".gz"), Path.Combine(folder, TrainLabels)], e.SearchedPaths);
        Assert.Contains(Path.Combine(folder, TrainLabels + ".gz"), e.Message);
        Assert.Contains("--data", e.Message);
    }

    [Fact]
    public void Load_MissingMnistFolder_NotFound()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<DatasetNotFoundException>(() => Mnist.Load(temp.Path, DatasetSplit.Test));
        Assert.Contains(Path.Combine(Path.GetFullPath(temp.Path), "mnist"), e.Message);
    }

    [Fact]
    public void FashionMnist_ReadsItsOwnFolderWithClassNames()
    {
        using var temp = new TempFolder();
        temp.Sub("mnist"); // must not be read
        string folder = temp.Sub("fashion-mnist");
        Write(folder, TrainImages, ImagesContent(2), true);
        Write(folder, TrainLabels, IdxBytes.UnsignedBytes([9, 0], 2), true);
        LabeledDataset d = FashionMnist.Load(temp.Path, DatasetSplit.Train, verifyChecksums: false);
        Assert.Equal("fashion-mnist/train", d.Name);
        Assert.Equal([9, 0], d.Labels.ToArray());
        Assert.Equal("Ankle boot", d.ClassNames[d.Labels[0]]);
        Assert.Equal("T-shirt/top", d.ClassNames[d.Labels[1]]);
        Assert.Equal(Pixel(1, 4, 5) / 255f, d.Features[1, 0, 4, 5]);
    }
}
