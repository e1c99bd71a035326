using System.Globalization;
using Lapicque.Cli.Parsing;
using Lapicque.Plotting;

namespace Lapicque.Cli.Commands;

/// <summary><c>lapicque plot FILE.csv --x COL --y COL[,COL...]</c>: a line chart of CSV columns (metrics, rates, sweeps) as SVG.</summary>
internal static class PlotCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static CommandSpec Spec { get; } = new()
    {
        Name = "plot",
        Summary = "Draw columns of a CSV file as a line chart (SVG)",
        Description = "Reads a CSV file with a header row (metrics.csv, rates.csv, any sweep) and draws the --y columns against the --x\n"
            + "column. Rows whose --where column equals the given value are kept when --where COL=VALUE is given; empty cells are skipped.",
        Arguments = [new ArgumentSpec("CSV", "CSV file with a header row")],
        Options =
        [
            OptionSpec.Text("x", "COL", "Column for the x axis", "a column name", required: true),
            OptionSpec.Text("y", "COLS", "Columns to draw, comma-separated", "column names separated by commas", required: true),
            OptionSpec.KeyValue("where", "Keeps rows whose column COL equals VALUE, for example preset=VisualCortexAllToAll"),
            OptionSpec.Text("title", "TEXT", "Chart title", "text"),
            OptionSpec.Text("xlabel", "TEXT", "x axis label (with the unit in parentheses if any)", "text"),
            OptionSpec.Text("ylabel", "TEXT", "y axis label", "text"),
            OptionSpec.Flag("log-y", "Logarithmic y axis"),
            OptionSpec.Flag("markers", "Draw markers instead of lines"),
            OptionSpec.Text("out", "FILE", "Output SVG file", "a file path", required: true, shortName: 'o'),
        ],
        Examples = ["plot runs/mnist/metrics.csv --x epoch --y train_acc,val_acc --out runs/mnist/accuracy.svg"],
        Run = Execute,
    };

    private static int Execute(ParsedCommand p, CliContext context)
    {
        string file = p.Argument(0)!;
        string[] lines = File.ReadAllLines(file);
        if (lines.Length < 2)
        {
            context.Error.WriteLine($"error: {file}: expected a header row and at least one data row; found {lines.Length} line(s).");
            return 2;
        }

        string[] header = lines[0].Split(',');
        int Column(string name, string option) => Array.IndexOf(header, name) is int i and >= 0
            ? i
            : throw new CliUsageException($"{option}: '{name}' is not a column of {file}; expected one of: {string.Join(", ", header)}.", "plot");

        int xc = Column(p.Get<string>("x")!, "--x");
        int[] ycs = p.Get<string>("y")!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => Column(c, "--y")).ToArray();
        var filters = p.GetAll<KeyValuePair<string, string>>("where").Select(kv => (Column(kv.Key, "--where"), kv.Value)).ToArray();
        var chart = new LineChart
        {
            Title = p.Get<string>("title"),
            XAxis = new Axis { Label = p.Get<string>("xlabel") ?? header[xc] },
            YAxis = new Axis { Label = p.Get<string>("ylabel"), Log = p.Has("log-y") },
        };
        foreach (int yc in ycs)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int r = 1; r < lines.Length; r++)
            {
                string[] cells = lines[r].Split(',');
                if (cells.Length != header.Length || filters.Any(f => cells[f.Item1] != f.Value))
                {
                    continue;
                }

                if (double.TryParse(cells[xc], NumberStyles.Float, Inv, out double x) && double.TryParse(cells[yc], NumberStyles.Float, Inv, out double y))
                {
                    xs.Add(x);
                    ys.Add(y);
                }
            }

            chart.Add(header[yc], xs.ToArray(), ys.ToArray(), p.Has("markers") ? SeriesStyle.Markers : SeriesStyle.Line);
        }

        string outFile = p.Get<string>("out")!;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outFile))!);
        chart.Save(outFile);
        context.Out.WriteLine($"wrote {outFile}");
        return 0;
    }
}
