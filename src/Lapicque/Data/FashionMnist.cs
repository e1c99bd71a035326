namespace Lapicque.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, Zalando Research): 60,000 train and 10,000 test grayscale
/// 28x28 images of clothing in 10 classes, in the MNIST IDX format, read from the sub-folder fashion-mnist/.
/// </summary>
/// <remarks>
/// The file names are MNIST's (train-images-idx3-ubyte.gz, ...). Debian's package dataset-fashion-mnist installs
/// them in /usr/share/datasets/fashion-mnist. Files are verified by the SHA-256 of their decompressed content.
/// Features are pixel / 255 in [0, 1], shape [N, 1, 28, 28].
/// </remarks>
public static class FashionMnist
{
    /// <summary>The sub-folder of the data folder that holds the files.</summary>
    public const string FolderName = "fashion-mnist";

    /// <summary>Number of classes.</summary>
    public const int ClassCount = 10;

    private static readonly string[] Names =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The class names, label 0 ("T-shirt/top") to 9 ("Ankle boot").</summary>
    public static IReadOnlyList<string> ClassNames => Names;

    /// <summary>Loads the train (60,000) or test (10,000) part from <paramref name="dataDir"/>/fashion-mnist/.</summary>
    /// <param name="dataDir">The data folder, for example from <see cref="DataDirectory.Resolve(string?)"/>.</param>
    /// <param name="split">Which part to load.</param>
    /// <param name="verifyChecksums">Check the files against the known SHA-256 values (default true).</param>
    /// <exception cref="DatasetNotFoundException">The folder or a file is missing.</exception>
    /// <exception cref="DatasetFormatException">A file is truncated, malformed, inconsistent or fails its checksum.</exception>
    public static LabeledDataset Load(string dataDir, DatasetSplit split, bool verifyChecksums = true) =>
        split == DatasetSplit.Train
            ? IdxImageDataset.Load(dataDir, FolderName, "Fashion-MNIST", split, KnownDataFiles.FashionTrainImages, KnownDataFiles.FashionTrainLabels, 28, 28, Names, verifyChecksums)
            : IdxImageDataset.Load(dataDir, FolderName, "Fashion-MNIST", split, KnownDataFiles.FashionTestImages, KnownDataFiles.FashionTestLabels, 28, 28, Names, verifyChecksums);
}
