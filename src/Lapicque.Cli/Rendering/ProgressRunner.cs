using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Lapicque.Cli.Rendering;

/// <summary>
/// Runs long work with progress feedback. On a terminal the work runs on a worker thread and a Spectre progress bar
/// appears only if it is still running after one second. Otherwise (stdout redirected, tests) plain lines are written
/// at every 10% once the work has run for more than a second, so short runs print nothing extra.
/// </summary>
internal static class ProgressRunner
{
    /// <summary>
    /// Runs <paramref name="work"/>, which reports how many of <paramref name="total"/> units are done through the callback
    /// it is given (call it every few thousand units; it is cheap but not free).
    /// </summary>
    public static void Run(CliContext context, string description, long total, Action<Action<long>> work)
    {
        total = Math.Max(1, total);
        if (context.Interactive)
        {
            long done = 0;
            var task = Task.Run(() => work(v => Volatile.Write(ref done, v)));
            if (!task.Wait(TimeSpan.FromSeconds(1)))
            {
                context.Console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var bar = ctx.AddTask(description, maxValue: total);
                        while (!task.IsCompleted)
                        {
                            bar.Value = Volatile.Read(ref done);
                            Thread.Sleep(100);
                        }

                        bar.Value = total;
                    });
            }

            task.GetAwaiter().GetResult();
            return;
        }

        var clock = Stopwatch.StartNew();
        int nextPercent = 10;
        work(v =>
        {
            if (clock.ElapsedMilliseconds < 1000)
            {
                return;
            }

            int percent = (int)(100 * v / total);
            if (percent >= nextPercent)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{description}: {percent}% ({v}/{total}, {clock.Elapsed.TotalSeconds:F1} s)"));
                nextPercent = ((percent / 10) + 1) * 10;
            }
        });
    }
}
