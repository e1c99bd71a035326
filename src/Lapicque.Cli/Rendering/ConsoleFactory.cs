using Spectre.Console;

namespace Lapicque.Cli.Rendering;

/// <summary>Creates Spectre consoles over a given writer: full features on a terminal, plain ASCII otherwise.</summary>
internal static class ConsoleFactory
{
    public static IAnsiConsole Create(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!interactive)
        {
            // Redirected output is read by scripts and logs: a fixed width and ASCII borders.
            console.Profile.Width = 100;
            console.Profile.Capabilities.Unicode = false;
        }

        return console;
    }
}
