using Lapicque.Simulation.EventDriven;

namespace Lapicque.Learning.Exact;

/// <summary>
/// One evaluation pass of <see cref="ExactTrainer.EvaluateDetailed"/>: the summary, each sample's prediction and each
/// neuron's ordinary spike count over the pass.
/// </summary>
public sealed class ExactEvaluation
{
    private readonly long[] _spikes;
    private readonly EventNetwork _network;

    internal ExactEvaluation(ExactEpochResult summary, int[] predictions, long[] spikes, int samples, EventNetwork network)
    {
        Summary = summary;
        Predictions = predictions;
        _spikes = spikes;
        Samples = samples;
        _network = network;
    }

    /// <summary>Loss, accuracy, ordinary-spike accuracy, spikes per sample and wall time.</summary>
    public ExactEpochResult Summary { get; }

    /// <summary>Predicted class of every sample (earliest output time, ordinary or pseudo).</summary>
    public int[] Predictions { get; }

    /// <summary>Samples evaluated.</summary>
    public int Samples { get; }

    /// <summary>Ordinary spikes of global neuron <paramref name="neuron"/> over all samples.</summary>
    public long SpikesOf(int neuron) => _spikes[neuron];

    /// <summary>Mean ordinary spikes per neuron per sample in layer <paramref name="layer"/>.</summary>
    public double SpikesPerNeuron(int layer)
    {
        int lo = _network.LayerOffset(layer), n = _network.LayerSizes[layer];
        long sum = 0;
        for (int k = lo; k < lo + n; k++)
        {
            sum += _spikes[k];
        }

        return Samples > 0 ? sum / ((double)n * Samples) : 0;
    }

    /// <summary>
    /// Fraction of the neurons of layer <paramref name="layer"/> that fired no ordinary spike on any sample of the pass
    /// (the "silent" neurons of the seed article, which only pseudospikes can revive).
    /// </summary>
    public double SilentFraction(int layer)
    {
        int lo = _network.LayerOffset(layer), n = _network.LayerSizes[layer];
        int silent = 0;
        for (int k = lo; k < lo + n; k++)
        {
            silent += _spikes[k] == 0 ? 1 : 0;
        }

        return silent / (double)n;
    }
}
