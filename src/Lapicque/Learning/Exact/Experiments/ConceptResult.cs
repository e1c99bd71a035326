using System.Globalization;
using System.Text;
using Lapicque.Plotting;

namespace Lapicque.Learning.Exact.Experiments;

/// <summary>The two sweeps of <see cref="ConceptExperiment"/>, with their CSV files and figure.</summary>
/// <param name="Weight">Output time against the input weight (x = weight / w_min).</param>
/// <param name="Inhibition">Output time against the time of the inhibitory input (x in ms).</param>
/// <param name="RampSlope">Slope of the ramp pseudodynamics used (0: the authors' constant drive).</param>
public sealed record ConceptResult(ConceptSweep Weight, ConceptSweep Inhibition, double RampSlope)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The weight where the QIF output time turns from a pseudospike into an ordinary spike (x = w / w_min).</summary>
    public double QifCrossingWeight
    {
        get
        {
            for (int p = 1; p < Weight.X.Length; p++)
            {
                if (Weight.QifPseudo[p - 1] && !Weight.QifPseudo[p])
                {
                    return Weight.X[p];
                }
            }

            return double.NaN;
        }
    }

    /// <summary>The largest change of the QIF output time between neighbouring grid points of the weight sweep (ms).</summary>
    public double QifLargestStep => LargestStep(Weight.QifTime);

    /// <summary>The largest change of the QIF output time between neighbouring grid points of the inhibition sweep (ms).</summary>
    public double QifLargestStepInhibition => LargestStep(Inhibition.QifTime);

    /// <summary>
    /// Writes concept-weight.csv (weight_over_wmin, qif_time, qif_pseudo, qif_dt_dw, lif_time) and concept-inhibition.csv
    /// (inhibitory_time, qif_time, qif_pseudo, qif_dt_dtinh, lif_inhibitory_time, lif_time) into <paramref name="directory"/>;
    /// an empty lif_time means no LIF spike in its trial.
    /// </summary>
    public void WriteCsv(string directory)
    {
        Directory.CreateDirectory(directory);
        var w = new StringBuilder("weight_over_wmin,qif_time,qif_pseudo,qif_dt_dw,lif_time\n");
        for (int p = 0; p < Weight.X.Length; p++)
        {
            w.Append(string.Create(Inv, $"{Weight.X[p]:R},{Weight.QifTime[p]:R},{(Weight.QifPseudo[p] ? 1 : 0)},{Weight.QifDerivative[p]:R},{Cell(Weight.LifTime[p])}\n"));
        }

        File.WriteAllText(Path.Combine(directory, "concept-weight.csv"), w.ToString(), new UTF8Encoding(false));
        var h = new StringBuilder("inhibitory_time,qif_time,qif_pseudo,qif_dt_dtinh,lif_inhibitory_time,lif_time\n");
        for (int p = 0; p < Inhibition.X.Length; p++)
        {
            h.Append(string.Create(Inv, $"{Inhibition.X[p]:R},{Inhibition.QifTime[p]:R},{(Inhibition.QifPseudo[p] ? 1 : 0)},{Inhibition.QifDerivative[p]:R},{Inhibition.LifX[p]:R},{Cell(Inhibition.LifTime[p])}\n"));
        }

        File.WriteAllText(Path.Combine(directory, "concept-inhibition.csv"), h.ToString(), new UTF8Encoding(false));
    }

    /// <summary>
    /// Figure 1 of the seed article as a 2 x 2 grid: output time against the input weight (top) and against the time of the
    /// inhibitory input (bottom), QIF (left: ordinary spikes, then pseudospikes beyond T, continuous) beside LIF (right: the
    /// spike appears or vanishes with a jump; "no spike" is drawn at T).
    /// </summary>
    public Chart Figure()
    {
        string ramp = RampSlope > 0 ? string.Create(Inv, $", ramp slope {RampSlope:G3}") : "";
        return new ChartGrid(
            2,
            QifPanel(Weight, "QIF: output time vs input weight", "input weight / w_min", ConceptExperiment.QifTrialMs),
            LifPanel(Weight, "LIF: first spike vs input weight", "input weight / w_min"),
            QifPanel(Inhibition, "QIF: vs time of the inhibitory input", "inhibitory input time (ms)", ConceptExperiment.QifTrialMs),
            LifPanel(Inhibition, "LIF: vs time of the inhibitory input", "inhibitory input time (ms)"))
        {
            Title = $"Spike times move continuously for QIF (with pseudospikes) and jump for LIF{ramp}",
            Width = 1000,
            Height = 720,
        };
    }

    private static LineChart QifPanel(ConceptSweep s, string title, string xLabel, double trial)
    {
        int n = s.X.Length;
        var ordinary = new double[n];
        var pseudo = new double[n];
        for (int p = 0; p < n; p++)
        {
            ordinary[p] = s.QifPseudo[p] ? double.NaN : s.QifTime[p];
            pseudo[p] = s.QifPseudo[p] ? s.QifTime[p] : double.NaN;
        }

        // Join the two pieces where the pseudospike takes over, so that the curve shows as one.
        for (int p = 1; p < n; p++)
        {
            if (s.QifPseudo[p] != s.QifPseudo[p - 1])
            {
                pseudo[s.QifPseudo[p] ? p - 1 : p] = s.QifTime[s.QifPseudo[p] ? p - 1 : p];
            }
        }

        var chart = new LineChart { Title = title, XAxis = new Axis { Label = xLabel }, YAxis = new Axis { Label = "output time", Unit = "ms", IncludeZero = true } };
        chart.Add("trial end T", [s.X[0], s.X[^1]], [trial, trial], SeriesStyle.Line, "#999999");
        chart.Add("ordinary spike", s.X, ordinary, SeriesStyle.Line, Palette.Series[0]);
        chart.Add("pseudospike", s.X, pseudo, SeriesStyle.Line, Palette.Series[1]);
        return chart;
    }

    private static LineChart LifPanel(ConceptSweep s, string title, string xLabel)
    {
        int n = s.LifX.Length;
        var none = new double[n];
        for (int p = 0; p < n; p++)
        {
            none[p] = double.IsNaN(s.LifTime[p]) ? ConceptExperiment.LifTrialMs : double.NaN;
        }

        var chart = new LineChart { Title = title, XAxis = new Axis { Label = xLabel }, YAxis = new Axis { Label = "output time", Unit = "ms", IncludeZero = true } };
        chart.Add("first spike", s.LifX, s.LifTime, SeriesStyle.Line, Palette.Series[0]);
        chart.Add("no spike (drawn at T)", s.LifX, none, SeriesStyle.Line, Palette.Series[3]);
        return chart;
    }

    private static double LargestStep(double[] t)
    {
        double m = 0.0;
        for (int p = 1; p < t.Length; p++)
        {
            m = Math.Max(m, Math.Abs(t[p] - t[p - 1]));
        }

        return m;
    }

    private static string Cell(double v) => double.IsNaN(v) ? "" : v.ToString("R", Inv);
}
