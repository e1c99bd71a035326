using System.Globalization;
using System.Text;
using Lapicque.Plotting;

namespace Lapicque.Learning.Exact.Experiments;

/// <summary>The record of <see cref="SingleNeuronExperiment"/>: per trial (0 = before training), the loss, the first two
/// output times and the number of ordinary spikes; and the trained inputs at the end.</summary>
/// <param name="Loss">MSE of the two output times against the targets, per trial.</param>
/// <param name="FirstTime">First output time (ms; a pseudospike when beyond T), per trial.</param>
/// <param name="SecondTime">Second output time (ms), per trial.</param>
/// <param name="OrdinarySpikes">Ordinary spikes in the trial, per trial.</param>
/// <param name="TrainedWeights">The two trainable weights after the last trial.</param>
/// <param name="TrainedTimes">The two trainable input times (ms) after the last trial.</param>
/// <param name="RampSlope">Slope of the ramp pseudodynamics used (0: constant drive).</param>
public sealed record SingleNeuronResult(double[] Loss, double[] FirstTime, double[] SecondTime, int[] OrdinarySpikes,
    double[] TrainedWeights, double[] TrainedTimes, double RampSlope)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Number of training trials (rows minus one).</summary>
    public int Trials => Loss.Length - 1;

    /// <summary>The first trial from which the neuron emits at least <paramref name="count"/> ordinary spikes for good, or -1.</summary>
    public int FirstTrialWithOrdinary(int count)
    {
        int first = -1;
        for (int s = 0; s < OrdinarySpikes.Length; s++)
        {
            if (OrdinarySpikes[s] >= count)
            {
                first = first < 0 ? s : first;
            }
            else
            {
                first = -1;
            }
        }

        return first;
    }

    /// <summary>Writes single-neuron.csv (trial, loss, t1, t2, ordinary_spikes) into <paramref name="directory"/>.</summary>
    public void WriteCsv(string directory)
    {
        Directory.CreateDirectory(directory);
        var sb = new StringBuilder("trial,loss,t1,t2,ordinary_spikes\n");
        for (int s = 0; s < Loss.Length; s++)
        {
            sb.Append(string.Create(Inv, $"{s},{Loss[s]:R},{FirstTime[s]:R},{SecondTime[s]:R},{OrdinarySpikes[s]}\n"));
        }

        File.WriteAllText(Path.Combine(directory, "single-neuron.csv"), sb.ToString(), new UTF8Encoding(false));
    }

    /// <summary>
    /// The figure of spec 2.7 b: the loss over trials (log scale) above the trajectories of the two output times, with the
    /// targets (dashed by colour) and the trial end T; output times above T are pseudospikes.
    /// </summary>
    public Chart Figure()
    {
        double[] x = new double[Loss.Length];
        for (int s = 0; s < x.Length; s++)
        {
            x[s] = s;
        }

        var loss = new LineChart { XAxis = new Axis { Label = "trial" }, YAxis = new Axis { Label = "loss (MSE, ms^2)", Log = true }, ShowLegend = false };
        loss.Add("loss", x, Loss, SeriesStyle.Line, Palette.Series[0]);
        var times = new LineChart { XAxis = new Axis { Label = "trial" }, YAxis = new Axis { Label = "output time", Unit = "ms", IncludeZero = true } };
        double[] ends = [0, Trials];
        times.Add("trial end T", ends, [SingleNeuronExperiment.TrialMs, SingleNeuronExperiment.TrialMs], SeriesStyle.Line, "#999999");
        times.Add("target 1", ends, [SingleNeuronExperiment.Targets[0], SingleNeuronExperiment.Targets[0]], SeriesStyle.Line, "#9ecae1");
        times.Add("target 2", ends, [SingleNeuronExperiment.Targets[1], SingleNeuronExperiment.Targets[1]], SeriesStyle.Line, "#fdae6b");
        times.Add("1st output time", x, FirstTime, SeriesStyle.Line, Palette.Series[0]);
        times.Add("2nd output time", x, SecondTime, SeriesStyle.Line, Palette.Series[1]);
        string ramp = RampSlope > 0 ? string.Create(Inv, $", ramp slope {RampSlope:G3}") : "";
        return new PanelStack { Title = $"One QIF neuron learns output spikes at 2.5 and 7.5 (above T: pseudospikes){ramp}", Width = 820, Height = 560 }
            .Add(loss, 1).Add(times, 1.4);
    }
}
