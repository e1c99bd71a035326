using System.Globalization;
using Tensor = Lapicque.Numerics.Tensor;

namespace Lapicque.Data;

/// <summary>
/// CIFAR-10 (Krizhevsky 2009), binary version: 50,000 train and 10,000 test colour images of 32x32 pixels in
/// 10 classes, read from the sub-folder cifar-10-batches-bin/ (what cifar-10-binary.tar.gz extracts to).
/// </summary>
/// <remarks>
/// Train is data_batch_1.bin to data_batch_5.bin in that order; test is test_batch.bin. Each file holds 10,000
/// records of 3073 bytes: one label byte (0..9), then 3072 pixel bytes, channel-major (1024 red, 1024 green,
/// 1024 blue, each 32 rows of 32). Features are pixel / 255 in [0, 1], shape [N, 3, 32, 32].
/// No per-file checksum is published for the binary version, so files are verified by their exact size and
/// label range only.
/// </remarks>
public static class Cifar10
{
    /// <summary>The sub-folder of the data folder that holds the files.</summary>
    public const string FolderName = "cifar-10-batches-bin";

    /// <summary>Bytes per image: 3 channels x 32 x 32.</summary>
    public const int ImageLength = 3 * 32 * 32;

    /// <summary>Bytes per record: 1 label byte and <see cref="ImageLength"/> pixel bytes.</summary>
    public const int RecordLength = 1 + ImageLength;

    /// <summary>Records in each of the published batch files.</summary>
    public const int RecordsPerFile = 10_000;

    /// <summary>Number of classes.</summary>
    public const int ClassCount = 10;

    private static readonly string[] Names =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    private static readonly string[] TrainFiles =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    private static readonly string[] TestFiles = ["test_batch.bin"];

    /// <summary>The class names, label 0 ("airplane") to 9 ("truck").</summary>
    public static IReadOnlyList<string> ClassNames => Names;

    /// <summary>Loads the train (50,000) or test (10,000) part from <paramref name="dataDir"/>/cifar-10-batches-bin/.</summary>
    /// <exception cref="DatasetNotFoundException">The folder or a file is missing (the message lists every missing file).</exception>
    /// <exception cref="DatasetFormatException">A file is not exactly 10,000 records long, or holds a label above 9.</exception>
    public static LabeledDataset Load(string dataDir, DatasetSplit split) => Load(dataDir, split, RecordsPerFile);

    /// <summary>As <see cref="Load(string, DatasetSplit)"/> with another record count per file (tests use small files).</summary>
    internal static LabeledDataset Load(string dataDir, DatasetSplit split, int recordsPerFile)
    {
        string folder = DataDirectory.DatasetFolder(dataDir, FolderName);
        string[] names = split == DatasetSplit.Train ? TrainFiles : TestFiles;
        var paths = names.Select(name => Path.Combine(folder, name)).ToArray();
        var missing = paths.Where(p => !File.Exists(p)).ToArray();
        if (missing.Length > 0)
        {
            throw new DatasetNotFoundException(missing[0],
                $"CIFAR-10 file{(missing.Length > 1 ? "s" : "")} not found: {string.Join(", ", missing)}. Extract cifar-10-binary.tar.gz into the data folder (it creates {FolderName}/). {DataDirectory.Hint}",
                missing);
        }

        long expected = (long)recordsPerFile * RecordLength;
        int n = recordsPerFile * paths.Length;
        var features = GC.AllocateUninitializedArray<float>(n * ImageLength); // every element written by Decode
        var labels = new int[n];
        for (int f = 0; f < paths.Length; f++)
        {
            byte[] bytes = DatasetFile.ReadAllBytes(paths[f]);
            if (bytes.Length != expected)
            {
                throw new DatasetFormatException(paths[f], bytes.Length < expected ? DatasetProblem.Truncated : DatasetProblem.TrailingData, Invariant(
                    $"{(bytes.Length < expected ? "truncated" : "longer than expected")}: expected {expected} bytes ({recordsPerFile} records of 1 label byte + {ImageLength} pixel bytes), found {bytes.Length}."));
            }

            int first = f * recordsPerFile;
            Decode(bytes, paths[f], features.AsSpan(first * ImageLength, recordsPerFile * ImageLength), labels.AsSpan(first, recordsPerFile));
        }

        string name = $"{FolderName}/{(split == DatasetSplit.Train ? "train" : "test")}";
        return new LabeledDataset(name, Tensor.FromArray(features, n, 3, 32, 32), labels, ClassCount, Names);
    }

    /// <summary>Reads one CIFAR-10 binary batch file holding any whole number of records (at least one).</summary>
    /// <exception cref="DatasetNotFoundException">The file does not exist.</exception>
    /// <exception cref="DatasetFormatException">The length is not a positive multiple of 3073 bytes, or a label is above 9.</exception>
    public static LabeledDataset ReadBatchFile(string path)
    {
        byte[] bytes = DatasetFile.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % RecordLength != 0)
        {
            long whole = bytes.Length / RecordLength;
            throw new DatasetFormatException(path, DatasetProblem.Truncated, Invariant(
                $"truncated: expected a positive multiple of {RecordLength} bytes (records of 1 label byte + {ImageLength} pixel bytes), found {bytes.Length} ({whole} whole records and {bytes.Length % RecordLength} bytes left over)."));
        }

        int n = bytes.Length / RecordLength;
        var features = GC.AllocateUninitializedArray<float>(n * ImageLength); // every element written by Decode
        var labels = new int[n];
        Decode(bytes, path, features, labels);
        return new LabeledDataset(Path.GetFileName(path), Tensor.FromArray(features, n, 3, 32, 32), labels, ClassCount, Names);
    }

    // Writes labels and pixels / 255.
    private static void Decode(ReadOnlySpan<byte> bytes, string path, Span<float> features, Span<int> labels)
    {
        for (int r = 0; r < labels.Length; r++)
        {
            ReadOnlySpan<byte> record = bytes.Slice(r * RecordLength, RecordLength);
            int label = record[0];
            if (label >= ClassCount)
            {
                throw new DatasetFormatException(path, DatasetProblem.InvalidValue, Invariant(
                    $"record {r} (byte offset {(long)r * RecordLength}) has label {label}; expected 0..{ClassCount - 1}."));
            }

            labels[r] = label;
            PixelConversion.BytesToSingle(record[1..], features.Slice(r * ImageLength, ImageLength), 255f);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
