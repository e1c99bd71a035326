namespace Lapicque.Cli.Parsing;

/// <summary>A positional argument of a command.</summary>
internal sealed record ArgumentSpec(string Name, string Description, bool Required = true);
