namespace Lapicque.Data;

/// <summary>
/// MNIST handwritten digits (LeCun, Cortes and Burges): 60,000 train and 10,000 test grayscale images of 28x28
/// pixels, 10 classes (digits 0 to 9), read from the sub-folder mnist/ of the data folder.
/// </summary>
/// <remarks>
/// Files: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each
/// as NAME.gz (the published form) or raw NAME. By default every load verifies the files against the published
/// SHA-256 values (about 10 ms for the canonical .gz files; a recompressed or raw copy is checked on its decompressed
/// content instead). Features are pixel / 255 in [0, 1], shape [N, 1, 28, 28].
/// </remarks>
public static class Mnist
{
    /// <summary>The sub-folder of the data folder that holds the files.</summary>
    public const string FolderName = "mnist";

    /// <summary>Image height and width in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>Number of classes.</summary>
    public const int ClassCount = 10;

    private static readonly string[] Names = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>The class names "0" to "9".</summary>
    public static IReadOnlyList<string> ClassNames => Names;

    /// <summary>Loads the train (60,000) or test (10,000) part from <paramref name="dataDir"/>/mnist/.</summary>
    /// <param name="dataDir">The data folder, for example from <see cref="DataDirectory.Resolve(string?)"/>.</param>
    /// <param name="split">Which part to load.</param>
    /// <param name="verifyChecksums">Check the files against the published SHA-256 values (default true).</param>
    /// <exception cref="DatasetNotFoundException">The folder or a file is missing.</exception>
    /// <exception cref="DatasetFormatException">A file is truncated, malformed, inconsistent or fails its checksum.</exception>
    public static LabeledDataset Load(string dataDir, DatasetSplit split, bool verifyChecksums = true) =>
        split == DatasetSplit.Train
            ? IdxImageDataset.Load(dataDir, FolderName, "MNIST", split, KnownDataFiles.MnistTrainImages, KnownDataFiles.MnistTrainLabels, ImageSize, ImageSize, Names, verifyChecksums)
            : IdxImageDataset.Load(dataDir, FolderName, "MNIST", split, KnownDataFiles.MnistTestImages, KnownDataFiles.MnistTestLabels, ImageSize, ImageSize, Names, verifyChecksums);
}
