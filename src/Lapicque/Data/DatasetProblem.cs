namespace Lapicque.Data;

/// <summary>What is wrong with a dataset file; carried by every <see cref="DatasetException"/>.</summary>
public enum DatasetProblem
{
    /// <summary>The file or folder does not exist (see <see cref="DatasetNotFoundException"/>).</summary>
    Missing,

    /// <summary>The file exists but could not be read (permissions, I/O error, larger than 2 GiB).</summary>
    Unreadable,

    /// <summary>The file ends before the size its header (or its format) declares.</summary>
    Truncated,

    /// <summary>The file holds more bytes than its header declares.</summary>
    TrailingData,

    /// <summary>The leading magic bytes are not those of the expected format.</summary>
    BadMagic,

    /// <summary>The header is well formed but its values are impossible or unsupported (a zero rank, a dimension above 2^31 - 1, ...).</summary>
    BadHeader,

    /// <summary>The compressed (gzip) stream is corrupt: bad deflate data or a failed CRC-32 check.</summary>
    CorruptCompression,

    /// <summary>Shapes disagree: images and labels of different counts, or a shape that the dataset does not have.</summary>
    ShapeMismatch,

    /// <summary>A value is out of range, for example a label outside 0..ClassCount-1.</summary>
    InvalidValue,

    /// <summary>The SHA-256 of a known file differs from the published one.</summary>
    ChecksumMismatch,
}
