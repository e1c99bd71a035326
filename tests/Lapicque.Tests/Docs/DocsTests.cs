using System.Text.RegularExpressions;
using Lapicque.Cli;
using Lapicque.Cli.Commands;
using Lapicque.Cli.Parsing;
using Lapicque.IO;
using Lapicque.Neurons;

namespace Lapicque.Tests.Docs;

/// <summary>
/// Keeps the user guide honest: every <c>lapicque ...</c> command quoted in a fenced block of docs/*.md is checked with
/// the real CLI parser and option binding (nothing is simulated), every figure the pages reference exists, and every
/// command that makes a committed figure is the one docs/make-figures.sh runs.
/// </summary>
public class DocsTests
{
    private static readonly string Root = FindRoot();

    private static readonly string DocsDir = Path.Combine(Root, "docs");

    public static TheoryData<string, string> QuotedCommands()
    {
        var data = new TheoryData<string, string>();
        foreach (var (page, command) in Commands())
        {
            data.Add(page, command);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(QuotedCommands))]
    public void QuotedCommand_ParsesAndBinds(string page, string command)
    {
        var error = Check(command);
        Assert.True(error is null, $"{page}: '{command}' is rejected by the CLI: {error}");
    }

    [Theory]
    [MemberData(nameof(QuotedCommands))]
    public void QuotedCommand_WithHelp_ExitsZero(string page, string command)
    {
        // Through the real entry point: the command name and every option must be known to it.
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = CliApp.Run([.. Tokens(command).Skip(1), "--help"], stdout, stderr);
        Assert.True(code == 0, $"{page}: '{command} --help' exited {code}: {stderr}");
    }

    [Fact]
    public void Pages_QuoteCommands()
    {
        // Guards the extractor itself: if it found nothing, the theories above would pass vacuously.
        var commands = Commands().ToList();
        Assert.Contains(commands, c => c.Page == "neurons.md" && c.Command.StartsWith("lapicque neuron ", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Page == "simulation.md" && c.Command.StartsWith("lapicque simulate ", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_RejectsBrokenCommands()
    {
        // The yardstick must be able to fail: each of these is wrong in one place.
        string[] broken =
        [
            "lapicque neuron lif --current 1 --duration 10 --dt 0.1 --param NoSuchParameter=1 --out runs/x",
            "lapicque neuron izhikevich --preset XX --current 10 --duration 10 --dt 0.1 --out runs/x",
            "lapicque neuron nosuchmodel --current 1 --duration 10 --dt 0.1 --out runs/x",
            "lapicque neuron lif --current 1 --duration 10 --dt 0.1 --colour red --out runs/x",
            "lapicque neuron lif --current 1 --duration 10 --dt 20 --out runs/x",
            "lapicque neuron lif --current 1 --duration 10 --dt 0.1",
            "lapicque simulate examples/no-such-file.json --out runs/x",
            "lapicque simulate examples/cuba.json --dt -1 --out runs/x",
            "lapicque nosuchcommand --out runs/x",
        ];
        foreach (string command in broken)
        {
            Assert.True(Check(command) is not null, $"'{command}' was accepted");
        }

        Assert.Null(Check("lapicque neuron lif --current 1 --duration 10 --dt 0.1 --out runs/x"));
    }

    [Fact]
    public void EveryReferencedFigure_Exists()
    {
        var image = new Regex(@"!\[[^\]]*\]\(([^)\s]+)\)", RegexOptions.CultureInvariant);
        int count = 0;
        foreach (string page in Pages())
        {
            foreach (Match m in image.Matches(File.ReadAllText(page)))
            {
                string path = Path.GetFullPath(Path.Combine(DocsDir, m.Groups[1].Value));
                Assert.True(File.Exists(path), $"{Path.GetFileName(page)} references {m.Groups[1].Value}, which does not exist.");
                Assert.True(new FileInfo(path).Length > 0, $"{m.Groups[1].Value} is empty.");
                if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
                {
                    Assert.Contains("<svg", File.ReadAllText(path), StringComparison.Ordinal);
                }

                count++;
            }
        }

        Assert.True(count > 0, "no figure references found in docs/*.md");
    }

    [Fact]
    public void EveryCatalogModel_HasAFigure_AndEveryPresetOfIzhikevichAndAdEx()
    {
        string text = File.ReadAllText(Path.Combine(DocsDir, "neurons.md"));
        var commands = Commands().Where(c => c.Page == "neurons.md").Select(c => Tokens(c.Command)).ToList();
        foreach (string model in NeuronCatalog.Names)
        {
            Assert.True(commands.Any(t => t.Length > 2 && t[2] == model), $"neurons.md has no 'lapicque neuron {model}' command.");
            Assert.Contains($"## {model}:", text, StringComparison.Ordinal);
        }

        foreach (string model in new[] { "izhikevich", "adex" })
        {
            foreach (string preset in NeuronCatalog.Get(model).Presets.Keys)
            {
                Assert.True(
                    commands.Any(t => t[2] == model && Option(t, "--preset") is { } p && string.Equals(p, preset, StringComparison.OrdinalIgnoreCase)),
                    $"neurons.md has no figure command for {model} --preset {preset}.");
            }
        }
    }

    [Fact]
    public void AdExPresetCommands_UseNaudStimuli()
    {
        var commands = Commands().Where(c => c.Page == "neurons.md").Select(c => Tokens(c.Command)).Where(t => t[2] == "adex" && Option(t, "--preset") is not null);
        foreach (var t in commands)
        {
            string preset = Option(t, "--preset")!;
            double current = double.Parse(Option(t, "--current")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(AdExParameters.PresetStimuliPa[preset], current);
        }
    }

    [Fact]
    public void FigureCommands_AreTheOnesTheScriptRuns()
    {
        string script = File.ReadAllText(Path.Combine(DocsDir, "make-figures.sh"));
        var scriptLines = script.Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (var (page, command) in Commands())
        {
            string? outDir = Option(Tokens(command), "--out");
            if (outDir is null || !outDir.StartsWith("runs/docs/", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(scriptLines.Contains(command), $"{page} quotes '{command}', but docs/make-figures.sh does not run it.");
            if (outDir.StartsWith("runs/docs/neurons/", StringComparison.Ordinal))
            {
                // The script copies runs/docs/neurons/NAME/trace.svg to figures/neurons/NAME.svg; the page must show it.
                string figure = $"figures/neurons/{outDir["runs/docs/neurons/".Length..]}.svg";
                Assert.Contains($"]({figure})", File.ReadAllText(Path.Combine(DocsDir, page)), StringComparison.Ordinal);
            }
        }

        // And the other way round: every command the script runs is quoted in a page.
        var quoted = Commands().Select(c => c.Command).ToHashSet(StringComparer.Ordinal);
        foreach (string line in scriptLines.Where(l => l.StartsWith("lapicque ", StringComparison.Ordinal)))
        {
            Assert.True(quoted.Contains(line), $"docs/make-figures.sh runs '{line}', which no page quotes.");
        }
    }

    /// <summary>Null when the command parses and binds as the CLI would before running it; else the error.</summary>
    private static string? Check(string command)
    {
        string[] tokens = Tokens(command);
        if (tokens.Length < 2 || tokens[0] != CliApp.Name)
        {
            return "expected 'lapicque COMMAND ...'";
        }

        try
        {
            switch (tokens[1])
            {
                case "neuron":
                    // Bind validates the model, preset, parameters, dt, onset and offset; it does not simulate.
                    NeuronCommand.Bind(CommandLineParser.Parse(NeuronCommand.Spec, tokens[2..]));
                    return null;
                case "simulate":
                    {
                        var parsed = CommandLineParser.Parse(SimulateCommand.Spec, tokens[2..]);
                        NetworkFile.Read(Path.Combine(Root, parsed.Argument(0)!));
                        return null;
                    }

                case "train":
                    {
                        // Through the trainer registry, so that every trainer's schema is checked (not only the surrogate one).
                        var parsed = CommandLineParser.Parse(TrainCommand.Spec, tokens[2..]);
                        string path = Path.Combine(Root, parsed.Argument(0)!);
                        Lapicque.Cli.Commands.Training.TrainingSessions.Open(File.ReadAllText(path), path, Path.GetDirectoryName(path));
                        return null;
                    }

                default:
                    {
                        // Other commands: their arguments and options must parse.
                        var spec = CliApp.CommandSpecs.FirstOrDefault(c => c.Name == tokens[1]);
                        if (spec is null)
                        {
                            return $"unknown command '{tokens[1]}'";
                        }

                        CommandLineParser.Parse(spec, tokens[2..]);
                        return null;
                    }
            }
        }
        catch (CliUsageException e)
        {
            return e.Message;
        }
        catch (FileFormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>(page, command) for each line starting with "lapicque " inside a fenced code block of docs/*.md.</summary>
    private static IEnumerable<(string Page, string Command)> Commands()
    {
        foreach (string page in Pages())
        {
            bool fenced = false;
            foreach (string raw in File.ReadLines(page))
            {
                string line = raw.Trim();
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    fenced = !fenced;
                    continue;
                }

                if (fenced && line.StartsWith(CliApp.Name + " ", StringComparison.Ordinal))
                {
                    yield return (Path.GetFileName(page), line);
                }
            }
        }
    }

    private static IEnumerable<string> Pages() => Directory.GetFiles(DocsDir, "*.md").Order(StringComparer.Ordinal);

    // Splits a command line as a POSIX shell would for the simple cases the docs use: spaces separate words, and a
    // double-quoted run (which may contain spaces) is one word without its quotes, and '#' starting a word begins a comment.
    private static string[] Tokens(string command)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in command)
        {
            if (c == '#' && !quoted && !any)
            {
                break; // a comment runs to the end of the line
            }

            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    any = false;
                }
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    private static string? Option(string[] tokens, string name)
    {
        int i = Array.IndexOf(tokens, name);
        return i >= 0 && i + 1 < tokens.Length ? tokens[i + 1] : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lapicque.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Lapicque.slnx above {AppContext.BaseDirectory}; the docs tests need the repository checkout.");
    }
}
