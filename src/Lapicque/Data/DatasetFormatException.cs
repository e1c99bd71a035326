namespace Lapicque.Data;

/// <summary>
/// A dataset file exists but is truncated, malformed, corrupt, inconsistent with its companion file, or fails its
/// checksum. The message has the form "PATH: what is wrong (expected X, found Y)".
/// </summary>
public sealed class DatasetFormatException : DatasetException
{
    /// <summary>Creates the exception; the message is "<paramref name="path"/>: <paramref name="detail"/>".</summary>
    public DatasetFormatException(string path, DatasetProblem problem, string detail, Exception? innerException = null)
        : base(path, problem, $"{path}: {detail}", innerException)
    {
        Detail = detail;
    }

    /// <summary>The message without the leading path.</summary>
    public string Detail { get; }
}
