namespace Lapicque.Cli.Commands;

/// <summary>
/// A kind of run folder <c>lapicque analyze</c> can read. To analyze another engine's runs (for example training run
/// folders), implement this and add it to <see cref="AnalyzeRunSources.All"/>.
/// </summary>
internal interface IAnalyzeRunSource
{
    /// <summary>What the source reads, for error messages (for example "a 'lapicque simulate' folder (stats.json, spikes.csv)").</summary>
    string Description { get; }

    /// <summary>True when <paramref name="folder"/> looks like this source's output (its marker file exists).</summary>
    bool Recognizes(string folder);

    /// <summary>Reads the run; throws <see cref="AnalyzeInputException"/> naming the file and what is wrong.</summary>
    AnalyzeRun Load(string folder);
}

/// <summary>The run-folder readers of <c>lapicque analyze</c>, tried in order.</summary>
internal static class AnalyzeRunSources
{
    public static IReadOnlyList<IAnalyzeRunSource> All { get; } = [new AnalyzeSimulateRunSource()];

    /// <summary>Reads <paramref name="folder"/> with the first source that recognizes it.</summary>
    public static AnalyzeRun Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new AnalyzeInputException(File.Exists(folder)
                ? $"{folder}: expected a run folder; this is a file."
                : $"{folder}: run folder not found.");
        }

        foreach (var source in All)
        {
            if (source.Recognizes(folder))
            {
                return source.Load(folder);
            }
        }

        throw new AnalyzeInputException($"{folder}: not a run folder; expected {string.Join(" or ", All.Select(s => s.Description))}.");
    }
}
