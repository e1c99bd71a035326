using System.Globalization;
using System.Text;
using Lapicque.Plotting;

namespace Lapicque.Learning.Exact.Experiments;

/// <summary>The record of <see cref="RecurrentExperiment"/>.</summary>
/// <param name="Options">The settings run.</param>
/// <param name="Loss">The loss per trial (0 = before training).</param>
/// <param name="Spikes">Network spikes per trial.</param>
/// <param name="Targets">The target spike times (ms) of the target neurons.</param>
/// <param name="Before">The spikes of trial 0.</param>
/// <param name="After">The spikes after the last training step.</param>
/// <param name="RecurrentWeights">The trained recurrent weights, [pre, post] row-major.</param>
/// <param name="InitialState">The trained initial states (V block, then I block).</param>
public sealed record RecurrentResult(RecurrentOptions Options, double[] Loss, int[] Spikes, double[][] Targets,
    RecurrentSpikes Before, RecurrentSpikes After, double[] RecurrentWeights, double[] InitialState)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The largest distance (ms) of a target neuron's ordinary spike after training from its target, or +infinity
    /// when the spike counts differ from the target counts.</summary>
    public double LargestTimingError
    {
        get
        {
            double worst = 0.0;
            for (int i = 0; i < Targets.Length; i++)
            {
                var mine = After.TimesMs.Where((_, k) => After.Neurons[k] == i).ToArray();
                if (mine.Length != Targets[i].Length)
                {
                    return double.PositiveInfinity;
                }

                for (int k = 0; k < mine.Length; k++)
                {
                    worst = Math.Max(worst, Math.Abs(mine[k] - Targets[i][k]));
                }
            }

            return worst;
        }
    }

    /// <summary>
    /// Writes recurrent-loss.csv (trial, loss, spikes), recurrent-spikes.csv (phase before|after, neuron, t_ms) and
    /// recurrent-targets.csv (neuron, t_ms) into <paramref name="directory"/>.
    /// </summary>
    public void WriteCsv(string directory)
    {
        Directory.CreateDirectory(directory);
        var l = new StringBuilder("trial,loss,spikes\n");
        for (int s = 0; s < Loss.Length; s++)
        {
            l.Append(string.Create(Inv, $"{s},{Loss[s]:R},{Spikes[s]}\n"));
        }

        File.WriteAllText(Path.Combine(directory, "recurrent-loss.csv"), l.ToString(), new UTF8Encoding(false));
        var sp = new StringBuilder("phase,neuron,t_ms\n");
        foreach ((string phase, RecurrentSpikes r) in new[] { ("before", Before), ("after", After) })
        {
            for (int k = 0; k < r.TimesMs.Length; k++)
            {
                sp.Append(string.Create(Inv, $"{phase},{r.Neurons[k]},{r.TimesMs[k]:R}\n"));
            }
        }

        File.WriteAllText(Path.Combine(directory, "recurrent-spikes.csv"), sp.ToString(), new UTF8Encoding(false));
        var t = new StringBuilder("neuron,t_ms\n");
        for (int i = 0; i < Targets.Length; i++)
        {
            foreach (double v in Targets[i])
            {
                t.Append(string.Create(Inv, $"{i},{v:R}\n"));
            }
        }

        File.WriteAllText(Path.Combine(directory, "recurrent-targets.csv"), t.ToString(), new UTF8Encoding(false));
    }

    /// <summary>The figure: the loss over trials (log scale) above the rasters before and after training, with the target
    /// spike times of the target neurons marked as vertical bars.</summary>
    public Chart Figure()
    {
        double[] x = new double[Loss.Length];
        for (int s = 0; s < x.Length; s++)
        {
            x[s] = s;
        }

        var loss = new LineChart { Title = "loss", XAxis = new Axis { Label = "trial" }, YAxis = new Axis { Label = "loss", Log = true }, ShowLegend = false };
        loss.Add("loss", x, Loss, SeriesStyle.Line, Palette.Series[0]);
        string ramp = Options.RampSlope > 0 ? string.Create(Inv, $", ramp slope {Options.RampSlope:G3}") : "";
        return new ChartGrid(1, loss, Raster("before training (trial 0)", Before), Raster($"after {Options.Trials} trials", After))
        {
            Title = $"{Options.Neurons} recurrent QIF neurons learn target spike trains (neurons 0-{Options.TargetNeurons - 1}){ramp}",
            Width = 820,
            Height = 860,
            RowWeights = [1.0, 1.1, 1.1],
        };
    }

    private LineChart Raster(string title, RecurrentSpikes r)
    {
        int n = Options.Neurons;
        var chart = new LineChart
        {
            Title = title,
            XAxis = new Axis { Label = "time", Unit = "ms", Min = 0, Max = Options.TrialMs },
            YAxis = new Axis { Label = "neuron", Min = -0.6, Max = n - 0.4 },
            MarkerRadius = 3.5,
        };

        // Targets: one vertical bar per target time, as segments separated by NaN.
        var tx = new List<double>();
        var ty = new List<double>();
        for (int i = 0; i < Targets.Length; i++)
        {
            foreach (double t in Targets[i])
            {
                tx.AddRange([t, t, t]);
                ty.AddRange([i - 0.4, i + 0.4, double.NaN]);
            }
        }

        chart.Add("target", tx.ToArray(), ty.ToArray(), SeriesStyle.Line, Palette.Series[1]);
        double[] neurons = r.Neurons.Select(j => (double)j).ToArray();
        chart.Add("spike", r.TimesMs, neurons, SeriesStyle.Markers, Palette.Series[0]);
        return chart;
    }
}
