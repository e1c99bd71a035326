namespace Lapicque.Cli.Parsing;

/// <summary>
/// Parses the tokens after the command name: <c>--name VALUE</c>, <c>--name=VALUE</c>, <c>-x VALUE</c>, flags, and
/// positional arguments; <c>--</c> ends the options. A value may start with '-' (negative numbers). Throws
/// <see cref="CliUsageException"/> on the first problem.
/// </summary>
internal static class CommandLineParser
{
    public static ParsedCommand Parse(CommandSpec command, IReadOnlyList<string> tokens)
    {
        var result = new ParsedCommand(command);
        bool optionsEnded = false;
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            if (optionsEnded || token == "-" || !token.StartsWith('-') || IsNumber(token))
            {
                result.Arguments.Add(token);
                continue;
            }

            if (token == "--")
            {
                optionsEnded = true;
                continue;
            }

            if (token is "-h" or "--help" or "-?")
            {
                result.HelpRequested = true;
                continue;
            }

            string name = token;
            string? inline = null;
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            if (token.StartsWith("--", StringComparison.Ordinal) && eq > 2)
            {
                name = token[..eq];
                inline = token[(eq + 1)..];
            }

            var option = Find(command, name);
            if (option is null)
            {
                if (result.HelpRequested)
                {
                    continue;
                }

                throw CliUsageException.UnknownOption(name, command.Options.Select(o => o.LongForm).Append("--help"), command.Name);
            }

            if (option.IsFlag)
            {
                if (inline is not null)
                {
                    throw CliUsageException.InvalidValue(option.LongForm, "a flag without a value", inline, command.Name);
                }

                result.Add(option.Name, true);
                continue;
            }

            string? text = inline;
            if (text is null)
            {
                if (i + 1 >= tokens.Count || (tokens[i + 1].StartsWith("--", StringComparison.Ordinal) && tokens[i + 1].Length > 2))
                {
                    if (result.HelpRequested)
                    {
                        continue;
                    }

                    throw CliUsageException.MissingValue(option.LongForm, option.ValueName!, option.Expectation, command.Name);
                }

                text = tokens[++i];
            }

            if (!option.Repeatable && result.Has(option.Name))
            {
                throw CliUsageException.Repeated(option.LongForm, command.Name);
            }

            object value = option.Convert(text) ?? throw CliUsageException.InvalidValue(option.LongForm, option.Expectation, text, command.Name);
            result.Add(option.Name, value);
        }

        if (result.HelpRequested)
        {
            return result;
        }

        foreach (var option in command.Options)
        {
            if (option.Required && !result.Has(option.Name))
            {
                throw CliUsageException.MissingOption(option.LongForm, option.ValueName ?? "", option.Expectation, command.Name);
            }
        }

        int required = command.Arguments.Count(a => a.Required);
        if (result.Arguments.Count < required)
        {
            var missing = command.Arguments[result.Arguments.Count];
            throw new CliUsageException($"Missing argument {missing.Name}: {missing.Description}.", command.Name);
        }

        if (result.Arguments.Count > command.Arguments.Count)
        {
            throw new CliUsageException($"Unexpected argument '{result.Arguments[command.Arguments.Count]}'; '{command.Name}' takes {command.Arguments.Count} argument(s).", command.Name);
        }

        return result;
    }

    private static OptionSpec? Find(CommandSpec command, string name)
    {
        foreach (var o in command.Options)
        {
            if (name == o.LongForm || (o.Short is char c && name.Length == 2 && name[0] == '-' && name[1] == c))
            {
                return o;
            }
        }

        return null;
    }

    private static bool IsNumber(string token) =>
        double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
