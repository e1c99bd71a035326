using Lapicque.Cli;
using Lapicque.Cli.Rendering;

namespace Lapicque.Tests.Cli;

public class ProgressRunnerTests
{
    [Fact]
    public void PlainLines_CarryTheLatestStatusAfterTheFirstSecond()
    {
        var stdout = new StringWriter();
        var context = new CliContext(stdout, new StringWriter(), interactive: false);
        ProgressRunner.Run(context, "epoch 1/1", 10, (Action<long, string?> report) =>
        {
            report(1, "loss 2.0000");
            Thread.Sleep(1100);

            // No status with this count: the line keeps the last one reported.
            report(5, null);
            report(10, "loss 0.5000");
        });
        string[] lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Nothing in the first second; then one line per 10 % reached, each with the status current at that count.
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("epoch 1/1: 50% (5/10, ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(" s) | loss 2.0000", lines[0].TrimEnd(), StringComparison.Ordinal);
        Assert.StartsWith("epoch 1/1: 100% (10/10, ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" s) | loss 0.5000", lines[1].TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void CountOnlyWork_PrintsNoStatus()
    {
        var stdout = new StringWriter();
        ProgressRunner.Run(new CliContext(stdout, new StringWriter(), interactive: false), "work", 4, (Action<long> report) =>
        {
            Thread.Sleep(1050);
            report(4);
        });
        Assert.Matches(@"^work: 100% \(4/4, [0-9.]+ s\)\s*$", stdout.ToString());
    }
}
