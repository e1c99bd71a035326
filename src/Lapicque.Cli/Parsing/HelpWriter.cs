namespace Lapicque.Cli.Parsing;

/// <summary>Plain-text help in the Spectre layout: USAGE, description, ARGUMENTS, OPTIONS, EXAMPLES.</summary>
internal static class HelpWriter
{
    public static void WriteRoot(TextWriter w, string app, string version, IReadOnlyList<CommandSpec> commands)
    {
        w.WriteLine($"{app} {version}: spiking neural networks for .NET");
        w.WriteLine();
        w.WriteLine("USAGE:");
        w.WriteLine($"    {app} <COMMAND> [ARGUMENTS] [OPTIONS]");
        w.WriteLine();
        w.WriteLine("OPTIONS:");
        w.WriteLine("    -h, --help       Prints help information");
        w.WriteLine("    -v, --version    Prints the version");
        w.WriteLine();
        w.WriteLine("COMMANDS:");
        int width = commands.Max(c => c.Name.Length) + 4;
        foreach (var c in commands)
        {
            w.WriteLine($"    {c.Name.PadRight(width)}{c.Summary}");
        }

        w.WriteLine();
        w.WriteLine($"Run '{app} <COMMAND> --help' for the options of a command.");
    }

    public static void WriteCommand(TextWriter w, string app, ParsedCommand parsed)
    {
        var c = parsed.Command;
        string args = string.Concat(c.Arguments.Select(a => a.Required ? $" {a.Name}" : $" [{a.Name}]"));
        w.WriteLine("USAGE:");
        w.WriteLine($"    {app} {c.Name}{args} [OPTIONS]");
        w.WriteLine();
        w.WriteLine(c.Description ?? c.Summary);
        if (c.Arguments.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("ARGUMENTS:");
            int aw = c.Arguments.Max(a => a.Name.Length) + 4;
            foreach (var a in c.Arguments)
            {
                w.WriteLine($"    {a.Name.PadRight(aw)}{a.Description}");
            }
        }

        w.WriteLine();
        w.WriteLine("OPTIONS:");
        var rows = new List<(string Left, string Right)> { ("-h, --help", "Prints help information") };
        foreach (var o in c.Options)
        {
            string left = (o.Short is char s ? $"-{s}, " : "    ") + o.LongForm + (o.IsFlag ? "" : " " + o.ValueName);
            string right = o.Description;
            if (!o.IsFlag)
            {
                right += $" [{o.Expectation}]";
            }

            if (o.Required)
            {
                right += " (required)";
            }
            else if (o.DefaultText is not null)
            {
                right += $" (default: {o.DefaultText})";
            }

            if (o.Repeatable)
            {
                right += " (repeatable)";
            }

            rows.Add((left, right));
        }

        int lw = rows.Max(r => r.Left.Length) + 4;
        foreach (var (left, right) in rows)
        {
            w.WriteLine($"    {left.PadRight(lw)}{right}");
        }

        if (c.ExtraHelp is not null)
        {
            foreach (string line in c.ExtraHelp(parsed))
            {
                w.WriteLine(line);
            }
        }

        if (c.Examples.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("EXAMPLES:");
            foreach (string e in c.Examples)
            {
                w.WriteLine($"    {app} {e}");
            }
        }
    }
}
