namespace Lapicque.Cli.Commands;

/// <summary>A missing or malformed run folder: the message names the file and what is wrong (exit code 2).</summary>
internal sealed class AnalyzeInputException(string message, Exception? inner = null) : Exception(message, inner);
