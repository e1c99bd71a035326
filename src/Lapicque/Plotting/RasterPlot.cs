namespace Lapicque.Plotting;

/// <summary>
/// A spike raster (time on x, neuron index on y) with the population rate over time in a panel below it, sharing the
/// time axis. Spikes are given as parallel arrays of times (ms) and neuron indices.
/// </summary>
/// <example><code>
/// new RasterPlot(timesMs, neurons, neuronCount: 4000, durationMs: 1000) { Title = "CUBA" }.Save("raster.svg");
/// </code></example>
public sealed class RasterPlot : Chart
{
    private readonly double[] _times;
    private readonly int[] _neurons;

    /// <summary>Creates the plot (copies the spikes). Throws when the arrays differ in length or the sizes are invalid.</summary>
    /// <param name="timesMs">Spike times in ms.</param>
    /// <param name="neurons">Neuron index of each spike, in [0, neuronCount).</param>
    /// <param name="neuronCount">Number of neurons (&gt;= 1); rows of the raster and the divisor of the rate.</param>
    /// <param name="durationMs">Length of the recording in ms (&gt; 0).</param>
    public RasterPlot(ReadOnlySpan<double> timesMs, ReadOnlySpan<int> neurons, int neuronCount, double durationMs)
    {
        if (timesMs.Length != neurons.Length)
        {
            throw new ArgumentException($"timesMs.Length was {timesMs.Length} and neurons.Length {neurons.Length}; they must be equal.", nameof(neurons));
        }

        Check.That(neuronCount >= 1, nameof(neuronCount), ">= 1", neuronCount);
        Check.Positive(durationMs, nameof(durationMs));
        _times = timesMs.ToArray();
        _neurons = neurons.ToArray();
        NeuronCount = neuronCount;
        DurationMs = durationMs;
        Height = 480;
    }

    /// <summary>Number of neurons.</summary>
    public int NeuronCount { get; }

    /// <summary>Recording length in ms.</summary>
    public double DurationMs { get; }

    /// <summary>Width of the rate bins in ms; null for a 1-2-5 width giving about 100 bins.</summary>
    public double? BinMs { get; init; }

    /// <summary>Whether to draw the population-rate panel.</summary>
    public bool ShowRate { get; init; } = true;

    /// <summary>Label of the raster's y axis.</summary>
    public string NeuronLabel { get; init; } = "neuron";

    /// <summary>The bin width used: <see cref="BinMs"/> or the automatic choice.</summary>
    public double EffectiveBinMs => BinMs ?? Histogram.NiceBinWidth(0, DurationMs, 100);

    /// <summary>
    /// The population rate in Hz per bin: rate[k] = (spikes with t in [k*bin, (k+1)*bin)) / (neuronCount * bin / 1000).
    /// A spike at exactly the end of the recording counts in the last bin.
    /// </summary>
    public static double[] PopulationRateHz(ReadOnlySpan<double> timesMs, int neuronCount, double durationMs, double binMs)
    {
        Check.That(neuronCount >= 1, nameof(neuronCount), ">= 1", neuronCount);
        Check.Positive(durationMs, nameof(durationMs));
        Check.Positive(binMs, nameof(binMs));
        int bins = Math.Max(1, (int)Math.Ceiling((durationMs / binMs) - 1e-9));
        var rate = new double[bins];
        foreach (double t in timesMs)
        {
            if (t >= 0 && t <= durationMs)
            {
                rate[Math.Min(bins - 1, (int)(t / binMs))] += 1;
            }
        }

        for (int k = 0; k < bins; k++)
        {
            double width = Math.Min(binMs, durationMs - (k * binMs));
            rate[k] /= neuronCount * width / 1000.0;
        }

        return rate;
    }

    /// <inheritdoc/>
    public override void Render(SvgWriter svg, Box box)
    {
        var time = new Axis { Label = "time", Unit = "ms", Min = 0, Max = DurationMs };
        var raster = new SpikeRasterPanel(_times, _neurons, NeuronCount, DurationMs)
        {
            XAxis = time,
            YAxis = new Axis { Label = NeuronLabel, Min = 0, Max = NeuronCount },
        };
        var stack = new PanelStack { Title = Title };
        stack.Add(raster, ShowRate ? 3 : 1);
        if (ShowRate)
        {
            double bin = EffectiveBinMs;
            double[] rate = PopulationRateHz(_times, NeuronCount, DurationMs, bin);
            var x = new double[rate.Length + 1];
            var y = new double[rate.Length + 1];
            for (int k = 0; k < rate.Length; k++)
            {
                x[k] = k * bin;
                y[k] = rate[k];
            }

            x[^1] = DurationMs;
            y[^1] = rate[^1];
            var rateChart = new LineChart { XAxis = time, YAxis = new Axis { Label = "rate", Unit = "Hz", Min = 0 }, ShowLegend = false };
            rateChart.Add("", x, y, SeriesStyle.Steps, Palette.Series[0]);
            stack.Add(rateChart, 1);
        }

        stack.Render(svg, box);
    }
}
