namespace Lapicque.IO;

/// <summary>
/// A malformed input file: the message gives the file, the JSON path of the offending value (for example
/// "$.projections[2].connectivity.p"), what was expected and what was seen.
/// </summary>
public sealed class FileFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FileFormatException(string? file, string path, string problem, Exception? inner = null)
        : base($"{(file is null ? string.Empty : file + ": ")}{path}: {problem}", inner)
    {
        File = file;
        JsonPath = path;
        Problem = problem;
    }

    /// <summary>The file, when known.</summary>
    public string? File { get; }

    /// <summary>The JSON path of the offending value.</summary>
    public string JsonPath { get; }

    /// <summary>What was expected and what was seen.</summary>
    public string Problem { get; }
}
