namespace Lapicque.Cli.Parsing;

/// <summary>A command: its name, help text, arguments, options and what it runs (returning the exit code).</summary>
internal sealed class CommandSpec
{
    public required string Name { get; init; }

    /// <summary>One line for the root help.</summary>
    public required string Summary { get; init; }

    /// <summary>Longer text for the command's own help.</summary>
    public string? Description { get; init; }

    public IReadOnlyList<ArgumentSpec> Arguments { get; init; } = [];

    public IReadOnlyList<OptionSpec> Options { get; init; } = [];

    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>Extra help lines computed when help is shown (for example the parameters of the chosen model).</summary>
    public Func<ParsedCommand, IEnumerable<string>>? ExtraHelp { get; init; }

    public required Func<ParsedCommand, CliContext, int> Run { get; init; }
}
