namespace Lapicque.Cli.Parsing;

/// <summary>The result of parsing a command line: positional arguments and typed option values.</summary>
internal sealed class ParsedCommand
{
    private readonly Dictionary<string, List<object>> _options = new(StringComparer.Ordinal);

    public ParsedCommand(CommandSpec command) => Command = command;

    public CommandSpec Command { get; }

    public List<string> Arguments { get; } = [];

    public bool HelpRequested { get; set; }

    public void Add(string option, object value)
    {
        if (!_options.TryGetValue(option, out var list))
        {
            _options[option] = list = [];
        }

        list.Add(value);
    }

    public bool Has(string option) => _options.ContainsKey(option);

    public string? Argument(int index) => index < Arguments.Count ? Arguments[index] : null;

    public T? Get<T>(string option) => _options.TryGetValue(option, out var list) ? (T)list[^1] : default;

    public double? GetDouble(string option) => _options.TryGetValue(option, out var list) ? (double)list[^1] : null;

    public long? GetLong(string option) => _options.TryGetValue(option, out var list) ? (long)list[^1] : null;

    public IReadOnlyList<T> GetAll<T>(string option) => _options.TryGetValue(option, out var list) ? list.Cast<T>().ToArray() : [];
}
