using Lapicque.Data;

namespace Lapicque.Tests.Data;

/// <summary>CIFAR-10 binary files written here in the published layout: 1 label byte + 3072 pixel bytes per record.</summary>
public class Cifar10Tests
{
    // Record r of file f: label and pixel byte k (k = channel*1024 + row*32 + col).
    private static int Label(int f, int r) => ((f * 3) + (r * 7)) % 10;

    private static byte PixelByte(int f, int r, int k) => (byte)(((f * 101) + (r * 13) + k) % 256);

    private static byte[] BatchFile(int f, int records)
    {
        var bytes = new byte[records * 3073];
        for (int r = 0; r < records; r++)
        {
            bytes[r * 3073] = (byte)Label(f, r);
            for (int k = 0; k < 3072; k++)
            {
                bytes[(r * 3073) + 1 + k] = PixelByte(f, r, k);
            }
        }

        return bytes;
    }

    [Fact]
    public void ReadBatchFile_ChannelMajorPixelsOver255AndLabels()
    {
        using var temp = new TempFolder();
        string path = temp.File("data_batch_1.bin");
        File.WriteAllBytes(path, BatchFile(4, 3));

        LabeledDataset d = Cifar10.ReadBatchFile(path);

        Assert.Equal(3, d.Count);
        Assert.Equal([3, 3, 32, 32], d.Features.Shape.ToArray());
        Assert.Equal([Label(4, 0), Label(4, 1), Label(4, 2)], d.Labels.ToArray());
        foreach (var (r, c, y, x) in new[] { (0, 0, 0, 0), (1, 1, 0, 0), (2, 2, 31, 31), (1, 0, 5, 17), (0, 2, 10, 3) })
        {
            int k = (c * 1024) + (y * 32) + x;
            Assert.Equal(PixelByte(4, r, k) / 255f, d.Features[r, c, y, x]);
        }

        Assert.Equal("airplane", d.ClassNames[0]);
        Assert.Equal("truck", d.ClassNames[9]);
    }

    [Theory]
    [InlineData(DatasetSplit.Train, 5)]
    [InlineData(DatasetSplit.Test, 1)]
    public void Load_ConcatenatesBatchFilesInOrder(DatasetSplit split, int files)
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("cifar-10-batches-bin");
        string[] names = split == DatasetSplit.Train
            ? ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"]
            : ["test_batch.bin"];
        for (int f = 0; f < names.Length; f++)
        {
            File.WriteAllBytes(Path.Combine(folder, names[f]), BatchFile(f, 2));
        }

        LabeledDataset d = Cifar10.Load(temp.Path, split, recordsPerFile: 2);

        Assert.Equal(2 * files, d.Count);
        for (int f = 0; f < files; f++)
        {
            for (int r = 0; r < 2; r++)
            {
                int n = (f * 2) + r;
                Assert.Equal(Label(f, r), d.Labels[n]);
                Assert.Equal(PixelByte(f, r, 2000) / 255f, d.Features[n, 1, 30, 16]); // 1024 + 30*32 + 16 = 2000
            }
        }
    }

    [Fact]
    public void Load_PublishedSizeExpected_SmallFileIsTruncated()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("cifar-10-batches-bin");
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), BatchFile(0, 2));
        var e = Assert.Throws<DatasetFormatException>(() => Cifar10.Load(temp.Path, DatasetSplit.Test));
        Assert.Equal(DatasetProblem.Truncated, e.Problem);
        Assert.Contains("expected 30730000 bytes", e.Message);
        Assert.Contains("found 6146", e.Message);
        Assert.StartsWith(Path.Combine(folder, "test_batch.bin"), e.Message);
    }

    [Fact]
    public void ReadBatchFile_PartialRecord_Truncated()
    {
        using var temp = new TempFolder();
        string path = temp.File("cut.bin");
        File.WriteAllBytes(path, BatchFile(0, 3)[..(2 * 3073 + 100)]);
        var e = Assert.Throws<DatasetFormatException>(() => Cifar10.ReadBatchFile(path));
        Assert.Equal(DatasetProblem.Truncated, e.Problem);
        Assert.Contains("found 6246", e.Message);
        Assert.Contains("2 whole records and 100 bytes left over", e.Message);
    }

    [Fact]
    public void ReadBatchFile_LabelAbove9_InvalidValueWithRecord()
    {
        using var temp = new TempFolder();
        string path = temp.File("bad-label.bin");
        byte[] bytes = BatchFile(0, 3);
        bytes[3073] = 10;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DatasetFormatException>(() => Cifar10.ReadBatchFile(path));
        Assert.Equal(DatasetProblem.InvalidValue, e.Problem);
        Assert.Contains("record 1", e.Message);
        Assert.Contains("label 10", e.Message);
    }

    [Fact]
    public void Load_MissingFiles_ListsEveryOne()
    {
        using var temp = new TempFolder();
        string folder = temp.Sub("cifar-10-batches-bin");
        foreach (string name in new[] { "data_batch_1.bin", "data_batch_2.bin", "data_batch_4.bin" })
        {
            File.WriteAllBytes(Path.Combine(folder, name), BatchFile(0, 1));
        }

        var e = Assert.Throws<DatasetNotFoundException>(() => Cifar10.Load(temp.Path, DatasetSplit.Train, recordsPerFile: 1));
        Assert.Equal([Path.Combine(folder, "data_batch_3.bin"), Path.Combine(folder, "data_batch_5.bin")], e.SearchedPaths);
        Assert.Contains("data_batch_3.bin", e.Message);
        Assert.Contains("data_batch_5.bin", e.Message);
        Assert.Contains("cifar-10-binary.tar.gz", e.Message);
    }

    [Fact]
    public void Load_MissingFolder_NotFound()
    {
        using var temp = new TempFolder();
        var e = Assert.Throws<DatasetNotFoundException>(() => Cifar10.Load(temp.Path, DatasetSplit.Test));
        Assert.Contains("cifar-10-batches-bin", e.Message);
    }
}
