namespace Lapicque.Data;

/// <summary>
/// A dataset file whose content is known. <paramref name="ContentSha256"/> is the SHA-256 of the decompressed IDX
/// bytes, so it holds for the raw file and for any gzip of it; <paramref name="GzipSha256"/> is the SHA-256 of the
/// published .gz file, when one canonical .gz exists.
/// </summary>
internal sealed record KnownDataFile(string FileName, string Description, long ContentLength, string ContentSha256, string? GzipSha256);

/// <summary>
/// Published checksums of the dataset files the loaders know, and their verification.
/// </summary>
/// <remarks>
/// MNIST: the .gz SHA-256 values are those of shared/data/SHA256SUMS (MD5s equal to the published ones); the content
/// SHA-256 values were computed from those same files decompressed. Fashion-MNIST: content SHA-256 values computed from
/// the Debian package dataset-fashion-mnist 0.0~git20200523.55506a9-1 (its .gz files are upstream's with the gzip
/// header normalised, so only the decompressed content is a portable check).
/// Verification runs on every load; it costs one SHA-256 pass over the compressed file when that is the canonical
/// .gz (10 MB for MNIST train images, about 10 ms with SHA extensions), else one over the decompressed data.
/// </remarks>
internal static class KnownDataFiles
{
    public static readonly KnownDataFile MnistTrainImages = new(
        "train-images-idx3-ubyte", "MNIST train images", 47_040_016,
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609");

    public static readonly KnownDataFile MnistTrainLabels = new(
        "train-labels-idx1-ubyte", "MNIST train labels", 60_008,
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c");

    public static readonly KnownDataFile MnistTestImages = new(
        "t10k-images-idx3-ubyte", "MNIST test images", 7_840_016,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6");

    public static readonly KnownDataFile MnistTestLabels = new(
        "t10k-labels-idx1-ubyte", "MNIST test labels", 10_008,
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    public static readonly KnownDataFile FashionTrainImages = new(
        "train-images-idx3-ubyte", "Fashion-MNIST train images", 47_040_016,
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", null);

    public static readonly KnownDataFile FashionTrainLabels = new(
        "train-labels-idx1-ubyte", "Fashion-MNIST train labels", 60_008,
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", null);

    public static readonly KnownDataFile FashionTestImages = new(
        "t10k-images-idx3-ubyte", "Fashion-MNIST test images", 7_840_016,
        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", null);

    public static readonly KnownDataFile FashionTestLabels = new(
        "t10k-labels-idx1-ubyte", "Fashion-MNIST test labels", 10_008,
        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", null);

    /// <summary>
    /// Checks <paramref name="idx"/> (read from <paramref name="fileBytes"/> at <paramref name="path"/>) against
    /// <paramref name="known"/>: the fast path hashes the compressed file, the general path the decompressed content.
    /// </summary>
    /// <exception cref="DatasetFormatException">With <see cref="DatasetProblem.ChecksumMismatch"/>, giving expected and actual values.</exception>
    public static void Verify(string path, byte[] fileBytes, IdxFile idx, KnownDataFile known)
    {
        string? gzipActual = null;
        if (idx.WasCompressed && known.GzipSha256 is not null)
        {
            gzipActual = DatasetFile.Sha256Hex(fileBytes);
            if (gzipActual == known.GzipSha256)
            {
                return;
            }
        }

        string actual = idx.ComputeContentSha256();
        if (actual == known.ContentSha256)
        {
            return;
        }

        string gzipNote = gzipActual is null
            ? string.Empty
            : $" The file itself hashes to {gzipActual}; the original .gz hashes to {known.GzipSha256}.";
        throw new DatasetFormatException(path, DatasetProblem.ChecksumMismatch,
            $"SHA-256 mismatch: expected {known.ContentSha256} for the decompressed data of the original {known.Description}, found {actual}.{gzipNote}" +
            " The file is damaged or is not the original; replace it, or turn checksum verification off to use a modified copy on purpose.");
    }
}
