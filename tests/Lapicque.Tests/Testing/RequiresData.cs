namespace Lapicque.Tests.Testing;

/// <summary>
/// Where the real datasets are for tests: the folder named by LAPICQUE_DATA (in CI, shared/data). Real-data tests use
/// <see cref="RequiresDataFactAttribute"/> or <see cref="RequiresDataTheoryAttribute"/>, which skip with a visible
/// reason when the folder is absent, and then read <see cref="Folder"/>.
/// </summary>
public static class RequiresData
{
    /// <summary>The environment variable that names the data folder.</summary>
    public const string EnvironmentVariable = "LAPICQUE_DATA";

    /// <summary>The data folder; only call this from a test guarded by one of the RequiresData attributes.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value && Directory.Exists(value)
            ? Path.GetFullPath(value)
            : throw new InvalidOperationException($"{EnvironmentVariable} is not set to an existing folder; guard the test with [RequiresDataFact].");

    /// <summary>
    /// Null when LAPICQUE_DATA names an existing folder holding every one of <paramref name="subfolders"/>;
    /// otherwise the reason to skip, which says how to run the test.
    /// </summary>
    public static string? SkipReason(params string[] subfolders)
    {
        string? value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"Real-data test skipped: {EnvironmentVariable} is not set. Set it to the data folder (for example {EnvironmentVariable}=/work/shared/data) to run it.";
        }

        if (!Directory.Exists(value))
        {
            return $"Real-data test skipped: {EnvironmentVariable} is '{value}', which does not exist.";
        }

        foreach (string sub in subfolders)
        {
            string path = Path.Combine(value, sub);
            if (!Directory.Exists(path))
            {
                return $"Real-data test skipped: {path} does not exist (the dataset '{sub}' is not in {EnvironmentVariable}).";
            }
        }

        return null;
    }
}
