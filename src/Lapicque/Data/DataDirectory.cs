namespace Lapicque.Data;

/// <summary>
/// Finds the data folder: the --data option when given, else the LAPICQUE_DATA environment variable.
/// Each dataset lives in its own sub-folder: mnist/, fashion-mnist/, cifar-10-batches-bin/.
/// </summary>
public static class DataDirectory
{
    /// <summary>The environment variable consulted when no --data option is given.</summary>
    public const string EnvironmentVariable = "LAPICQUE_DATA";

    /// <summary>The advice appended to every "not found" message.</summary>
    public const string Hint =
        "Point the --data DIR option or the LAPICQUE_DATA environment variable at the folder that holds the dataset sub-folders (mnist/, fashion-mnist/, cifar-10-batches-bin/).";

    /// <summary>
    /// The absolute path of the data folder: <paramref name="dataOption"/> when it is not null or empty, else the value
    /// of LAPICQUE_DATA.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">Neither is set, or the folder named does not exist.</exception>
    public static string Resolve(string? dataOption) =>
        Resolve(dataOption, Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>
    /// As <see cref="Resolve(string?)"/> with the environment value passed in, so that tests need not change the
    /// process environment (which other tests read in parallel).
    /// </summary>
    internal static string Resolve(string? dataOption, string? environmentValue)
    {
        if (!string.IsNullOrWhiteSpace(dataOption))
        {
            string path = Path.GetFullPath(dataOption);
            if (!Directory.Exists(path))
            {
                throw new DatasetNotFoundException(path, $"Data folder not found: --data is '{dataOption}', and {path} does not exist. {Hint}");
            }

            return path;
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            string path = Path.GetFullPath(environmentValue);
            if (!Directory.Exists(path))
            {
                throw new DatasetNotFoundException(path, $"Data folder not found: {EnvironmentVariable} is '{environmentValue}', and {path} does not exist. {Hint}");
            }

            return path;
        }

        throw new DatasetNotFoundException(null, $"No data folder given: neither --data DIR nor {EnvironmentVariable} is set. {Hint}");
    }

    /// <summary>The sub-folder <paramref name="folderName"/> of <paramref name="dataDir"/>, which must exist.</summary>
    /// <exception cref="DatasetNotFoundException">The data folder or the sub-folder does not exist.</exception>
    public static string DatasetFolder(string dataDir, string folderName)
    {
        ArgumentNullException.ThrowIfNull(dataDir);
        ArgumentNullException.ThrowIfNull(folderName);
        string root = Path.GetFullPath(dataDir);
        if (!Directory.Exists(root))
        {
            throw new DatasetNotFoundException(root, $"Data folder not found: {root} does not exist. {Hint}");
        }

        string folder = Path.Combine(root, folderName);
        if (!Directory.Exists(folder))
        {
            throw new DatasetNotFoundException(folder, $"Dataset folder not found: {folder} does not exist (looked for '{folderName}/' in the data folder {root}). {Hint}");
        }

        return folder;
    }
}
