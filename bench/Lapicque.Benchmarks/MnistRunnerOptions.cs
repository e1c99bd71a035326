using Lapicque.Data;

namespace Lapicque.Benchmarks;

/// <summary>
/// The command line of a stopwatch runner that trains on MNIST: the runner's own options, each taking one value, then
/// `--data DIR` (default: the LAPICQUE_DATA environment variable). An unknown option or a missing data folder is reported on
/// stderr, prefixed by the runner's name, with the options listed in the order they were added.
/// </summary>
internal sealed class MnistRunnerOptions(string runner)
{
    private readonly List<(string Name, Action<string> Set)> _options = [];

    /// <summary>Adds option <paramref name="name"/>, whose value is handed to <paramref name="set"/>.</summary>
    public MnistRunnerOptions Add(string name, Action<string> set)
    {
        _options.Add((name, set));
        return this;
    }

    /// <summary>
    /// Applies <paramref name="args"/> and loads the MNIST training and test sets from the data folder; false, after
    /// writing why to stderr, on an unknown option or when no data folder is given.
    /// </summary>
    public bool TryParseAndLoad(string[] args, out LabeledDataset train, out LabeledDataset test)
    {
        train = test = null!;
        string? dataDir = Environment.GetEnvironmentVariable("LAPICQUE_DATA");
        var options = new List<(string Name, Action<string> Set)>(_options) { ("--data", v => dataDir = v) };
        for (int i = 0; i < args.Length; i++)
        {
            int found = options.FindIndex(o => o.Name == args[i]);
            if (found < 0)
            {
                string names = string.Join(", ", options.Take(options.Count - 1).Select(o => o.Name)) + " or " + options[^1].Name;
                Console.Error.WriteLine($"{runner}: unknown option '{args[i]}'; expected {names}.");
                return false;
            }

            options[found].Set(args[++i]);
        }

        if (dataDir is null)
        {
            Console.Error.WriteLine($"{runner}: set LAPICQUE_DATA or pass --data DIR (the folder that holds mnist/).");
            return false;
        }

        train = Mnist.Load(dataDir, DatasetSplit.Train);
        test = Mnist.Load(dataDir, DatasetSplit.Test);
        return true;
    }
}
