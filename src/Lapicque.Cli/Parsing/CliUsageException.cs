namespace Lapicque.Cli.Parsing;

/// <summary>
/// Bad usage: an unknown command or option, a missing or malformed value. The message names the option, what was
/// expected and what was seen; the app prints it to stderr and exits with code 2.
/// </summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message, string? command = null)
        : base(message)
    {
        Command = command;
    }

    /// <summary>The command whose help the user should read, or null for the root help.</summary>
    public string? Command { get; }

    public static CliUsageException InvalidValue(string option, string expectation, string value, string? command) =>
        new($"{option} must be {expectation}; was '{value}'.", command);

    public static CliUsageException MissingValue(string option, string valueName, string expectation, string? command) =>
        new($"{option} needs a value {valueName} ({expectation}); none was given.", command);

    public static CliUsageException MissingOption(string option, string valueName, string expectation, string? command) =>
        new($"{option} {valueName} is required ({expectation}).", command);

    public static CliUsageException UnknownOption(string token, IEnumerable<string> known, string? command)
    {
        string? near = Suggest.Closest(token, known);
        string hint = near is null ? "" : $" Did you mean {near}?";
        return new CliUsageException($"Unknown option '{token}'.{hint}", command);
    }

    public static CliUsageException Repeated(string option, string? command) =>
        new($"{option} was given more than once; it takes one value.", command);
}
