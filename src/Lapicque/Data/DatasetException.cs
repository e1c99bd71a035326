namespace Lapicque.Data;

/// <summary>
/// Base of the errors raised by dataset readers. The message always names the file (or folder) and what is wrong
/// with it; <see cref="Problem"/> says the same for code. Catch this type to handle every dataset error at once.
/// </summary>
public abstract class DatasetException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file or folder concerned, or null when there is none (no data folder configured).</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="message">The full message; it should name <paramref name="path"/>.</param>
    /// <param name="innerException">The low-level cause, if any.</param>
    protected DatasetException(string? path, DatasetProblem problem, string message, Exception? innerException)
        : base(message, innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file or folder concerned, or null when there is none.</summary>
    public string? Path { get; }

    /// <summary>What is wrong.</summary>
    public DatasetProblem Problem { get; }
}
