namespace Lapicque.Data;

/// <summary>
/// A dataset file or folder is missing, or no data folder was configured. The message says where Lapicque looked
/// and how to point it at the data (the --data option or the LAPICQUE_DATA environment variable).
/// </summary>
public sealed class DatasetNotFoundException : DatasetException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file or folder that was expected, or null when no data folder was configured.</param>
    /// <param name="message">The full message: what was looked for, where, and how to fix it.</param>
    /// <param name="searchedPaths">Every path that was tried, in order.</param>
    public DatasetNotFoundException(string? path, string message, IReadOnlyList<string>? searchedPaths = null)
        : base(path, DatasetProblem.Missing, message, null)
    {
        SearchedPaths = searchedPaths ?? (path is null ? [] : [path]);
    }

    /// <summary>Every path that was tried, in order.</summary>
    public IReadOnlyList<string> SearchedPaths { get; }
}
