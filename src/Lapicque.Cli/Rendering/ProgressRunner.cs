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
    public static void Run(CliContext context, string description, long total, Action<Action<long>> work) =>
        Run(context, description, total, (Action<long, string?> report) => work(v => report(v, null)));

    /// <summary>
    /// As <see cref="Run(CliContext, string, long, Action{Action{long}})"/>, with a status text reported alongside the
    /// count (for example the running loss and accuracy of an epoch): shown after the description in the bar and at the
    /// end of each plain progress line; null keeps the last one.
    /// </summary>
    public static void Run(CliContext context, string description, long total, Action<Action<long, string?>> work)
    {
        total = Math.Max(1, total);
        string? status = null;
        string Label() => status is null ? description : $"{description} | {status}";
        if (context.Interactive)
        {
            long done = 0;
            var task = Task.Run(() => work((v, text) =>
            {
                if (text is not null)
                {
                    Volatile.Write(ref status, text);
                }

                Volatile.Write(ref done, v);
            }));
            if (!task.Wait(TimeSpan.FromSeconds(1)))
            {
                context.Console.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var bar = ctx.AddTask(Markup.Escape(Label()), maxValue: total);
                        while (!task.IsCompleted)
                        {
                            bar.Value = Volatile.Read(ref done);
                            bar.Description = Markup.Escape(Label());
                            Thread.Sleep(100);
                        }

                        bar.Value = total;
                        bar.Description = Markup.Escape(Label());
                    });
            }

            task.GetAwaiter().GetResult();
            return;
        }

        var clock = Stopwatch.StartNew();
        int nextPercent = 10;
        work((v, text) =>
        {
            status = text ?? status;
            if (clock.ElapsedMilliseconds < 1000)
            {
                return;
            }

            int percent = (int)(100 * v / total);
            if (percent >= nextPercent)
            {
                string tail = status is null ? string.Empty : $" | {status}";
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{description}: {percent}% ({v}/{total}, {clock.Elapsed.TotalSeconds:F1} s){tail}"));
                nextPercent = ((percent / 10) + 1) * 10;
            }
        });
    }
}
