using Spectre.Console;

namespace Lapicque.Cli;

/// <summary>Where a command writes: plain writers for text and CSV-like output, a Spectre console for tables and bars.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter stdout, TextWriter stderr, bool interactive)
    {
        Out = stdout;
        Error = stderr;
        Interactive = interactive;
        Console = Rendering.ConsoleFactory.Create(stdout, interactive);
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>True when stdout is a terminal (not redirected): progress bars and colours are allowed.</summary>
    public bool Interactive { get; }

    public IAnsiConsole Console { get; }
}
