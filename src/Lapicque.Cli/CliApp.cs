using System.Reflection;
using Lapicque.Cli.Commands;
using Lapicque.Cli.Parsing;

namespace Lapicque.Cli;

/// <summary>
/// The <c>lapicque</c> command line, callable in-process. Exit codes: 0 success, 1 runtime failure (files, I/O,
/// unexpected errors), 2 bad usage (unknown command or option, missing or malformed value); errors go to stderr.
/// </summary>
public static class CliApp
{
    /// <summary>The program name shown in help.</summary>
    public const string Name = "lapicque";

    private static readonly CommandSpec[] Commands =
        [NeuronCommand.Spec, SimulateCommand.Spec, TrainCommand.Spec, EvaluateCommand.Spec, ConvertCommand.Spec, AnalyzeCommand.Spec, BenchCommand.Spec, PlotCommand.Spec, ExactCommand.Spec, EncodeCommand.Spec];

    /// <summary>Every command, for tools that check command lines (the docs tests).</summary>
    internal static IReadOnlyList<CommandSpec> CommandSpecs => Commands;

    /// <summary>The version of the tool.</summary>
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Runs the command line <paramref name="args"/> writing to the given writers (no progress bars).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, interactive: false);

    /// <summary>Runs <paramref name="args"/>; <paramref name="interactive"/> allows progress bars and colours on stdout.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string? command = null;
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "-?" or "help")
            {
                if (args.Length >= 2 && args[0] == "help")
                {
                    return Run([args[1], "--help"], stdout, stderr, interactive);
                }

                HelpWriter.WriteRoot(stdout, Name, Version, Commands);
                return 0;
            }

            if (args[0] is "-v" or "--version")
            {
                stdout.WriteLine($"{Name} {Version}");
                return 0;
            }

            var spec = Commands.FirstOrDefault(c => c.Name == args[0]);
            if (spec is null)
            {
                string? near = Suggest.Closest(args[0], Commands.Select(c => c.Name));
                string what = args[0].StartsWith('-') ? "option" : "command";
                throw new CliUsageException(
                    $"Unknown {what} '{args[0]}'; expected a command: {string.Join(", ", Commands.Select(c => c.Name))}.{(near is null ? "" : $" Did you mean {near}?")}");
            }

            command = spec.Name;
            var parsed = CommandLineParser.Parse(spec, args[1..]);
            if (parsed.HelpRequested)
            {
                HelpWriter.WriteCommand(stdout, Name, parsed);
                return 0;
            }

            return spec.Run(parsed, new CliContext(stdout, stderr, interactive));
        }
        catch (CliUsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            string? help = e.Command ?? command;
            stderr.WriteLine(help is null ? $"Run '{Name} --help' for the commands." : $"Run '{Name} {help} --help' for its arguments and options.");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
