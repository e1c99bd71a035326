using System.Globalization;
using Tensor = Lapicque.Numerics.Tensor;

namespace Lapicque.Data;

/// <summary>
/// The loader shared by MNIST and Fashion-MNIST: an images file [N, rows, cols] of ubyte and a labels file [N] of
/// ubyte, each gzip-compressed (NAME.gz) or raw (NAME), in one sub-folder of the data folder.
/// </summary>
internal static class IdxImageDataset
{
    public static LabeledDataset Load(
        string dataDir,
        string folderName,
        string datasetName,
        DatasetSplit split,
        KnownDataFile images,
        KnownDataFile labels,
        int rows,
        int columns,
        IReadOnlyList<string> classNames,
        bool verifyChecksums)
    {
        string folder = DataDirectory.DatasetFolder(dataDir, folderName);
        string imagesPath = Find(folder, images, datasetName);
        string labelsPath = Find(folder, labels, datasetName);

        byte[] imageBytes = DatasetFile.ReadAllBytes(imagesPath);
        IdxFile imageFile = IdxReader.Read(imageBytes, imagesPath);
        byte[] labelBytes = DatasetFile.ReadAllBytes(labelsPath);
        IdxFile labelFile = IdxReader.Read(labelBytes, labelsPath);

        var ih = imageFile.Header;
        if (ih.ElementType != IdxElementType.UnsignedByte || ih.Rank != 3 || ih.Dimensions[1] != rows || ih.Dimensions[2] != columns)
        {
            throw new DatasetFormatException(imagesPath, DatasetProblem.ShapeMismatch, Invariant(
                $"expected {datasetName} images of shape Nx{rows}x{columns} ubyte, found {ih.ShapeText} {IdxHeader.NameOf(ih.ElementType)}."));
        }

        var lh = labelFile.Header;
        if (lh.ElementType != IdxElementType.UnsignedByte || lh.Rank != 1)
        {
            throw new DatasetFormatException(labelsPath, DatasetProblem.ShapeMismatch, Invariant(
                $"expected {datasetName} labels of shape N ubyte, found {lh.ShapeText} {IdxHeader.NameOf(lh.ElementType)}."));
        }

        int n = ih.Dimensions[0];
        if (lh.Dimensions[0] != n)
        {
            throw new DatasetFormatException(labelsPath, DatasetProblem.ShapeMismatch, Invariant(
                $"holds {lh.Dimensions[0]} labels but {imagesPath} holds {n} images; the two files must have the same count."));
        }

        int classCount = classNames.Count;
        ReadOnlySpan<byte> rawLabels = labelFile.Bytes;
        var labelArray = new int[n];
        for (int i = 0; i < n; i++)
        {
            int label = rawLabels[i];
            if (label >= classCount)
            {
                throw new DatasetFormatException(labelsPath, DatasetProblem.InvalidValue, Invariant(
                    $"label {label} at index {i} is outside 0..{classCount - 1}."));
            }

            labelArray[i] = label;
        }

        if (verifyChecksums)
        {
            KnownDataFiles.Verify(imagesPath, imageBytes, imageFile, images);
            KnownDataFiles.Verify(labelsPath, labelBytes, labelFile, labels);
        }

        var features = GC.AllocateUninitializedArray<float>(imageFile.ElementCount); // every element written below
        PixelConversion.BytesToSingle(imageFile.Bytes, features, 255f);
        string name = $"{folderName}/{(split == DatasetSplit.Train ? "train" : "test")}";
        return new LabeledDataset(name, Tensor.FromArray(features, n, 1, rows, columns), labelArray, classCount, classNames);
    }

    private static string Find(string folder, KnownDataFile file, string datasetName)
    {
        string[] names = [file.FileName + ".gz", file.FileName];
        string? path = DatasetFile.FindFirst(folder, names);
        if (path is null)
        {
            string gz = Path.Combine(folder, names[0]);
            string raw = Path.Combine(folder, names[1]);
            throw new DatasetNotFoundException(gz,
                $"{file.Description} not found: looked for {gz} and {raw}. Put the {datasetName} files in {folder}. {DataDirectory.Hint}",
                [gz, raw]);
        }

        return path;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
