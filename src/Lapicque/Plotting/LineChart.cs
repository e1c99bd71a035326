namespace Lapicque.Plotting;

/// <summary>
/// Lines (or staircases, markers, event ticks) over a shared x axis, for example membrane traces or loss curves.
/// Set <c>YAxis = new Axis { Log = true }</c> for a logarithmic y axis.
/// </summary>
/// <example><code>
/// var chart = new LineChart { Title = "Loss", XAxis = new Axis { Label = "epoch" }, YAxis = new Axis { Label = "loss", Log = true } };
/// chart.Add("train", epochs, trainLoss).Add("validation", epochs, validationLoss);
/// chart.Save("loss.svg");
/// </code></example>
public sealed class LineChart : SeriesChart
{
    /// <inheritdoc/>
    protected override SeriesStyle DefaultStyle => SeriesStyle.Line;
}
