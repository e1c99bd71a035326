using Lapicque.Learning.Exact;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.IO;

/// <summary>
/// An exact-gradient experiment (trainer "exact", schema in docs/training.md): a layered network of Klos QIF or theta
/// neurons simulated event by event in double precision, spike-time input, the first-spike cross-entropy, Adam or
/// AdaBelief with continuous exponential decay. Parsed and validated by <see cref="ExactExperimentFile.Parse"/>.
/// </summary>
public sealed record ExactExperiment
{
    /// <summary>Name of the experiment (run folders are named after it).</summary>
    public required string Name { get; init; }

    /// <summary>Data set and split.</summary>
    public required DatasetSpec Dataset { get; init; }

    /// <summary>The neuron model of every layer (<see cref="KlosQifParameters"/> or <see cref="ThetaParameters"/>).</summary>
    public required INeuronModel Neuron { get; init; }

    /// <summary>Neurons per layer, input excluded; the last layer has one neuron per class.</summary>
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>Whether each layer has trainable recurrent weights onto itself (initially zero).</summary>
    public bool Recurrent { get; init; }

    /// <summary>Trial length T in ms.</summary>
    public required double TrialMs { get; init; }

    /// <summary>
    /// Slope kappa of the ramp pseudodynamics (QIF only; 0 = the authors' constant drive): after T the neurons receive the
    /// extra current kappa (t - T) / tau (<see cref="ExactEngine.PseudoRampSlope"/>).
    /// </summary>
    public double PseudoRampSlope { get; init; }

    /// <summary>Event cap per trial: a trial that reaches it before T stops with an error.</summary>
    public int MaxEvents { get; init; } = 2000;

    /// <summary>
    /// Half-width of the uniform initial weights of each layer as a multiple of 1/sqrt(fan-in); one value per layer.
    /// </summary>
    public required IReadOnlyList<double> WeightScale { get; init; }

    /// <summary>Mean of the uniform initial weights of each layer; one value per layer.</summary>
    public required IReadOnlyList<double> WeightMean { get; init; }

    /// <summary>How samples become input spikes.</summary>
    public required SpikeTimeEncoding Encoding { get; init; }

    /// <summary>Trainer options (optimizer, learning rate and decay, batch, clipping, loss, initial-state training, seed).</summary>
    public required ExactTrainerOptions Options { get; init; }

    /// <summary>Number of epochs.</summary>
    public required int Epochs { get; init; }

    /// <summary>Worker threads; 0 = all cores.</summary>
    public int Threads { get; init; }

    /// <summary>Seed of the weights, data order and input noise.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Builds the network for samples of <paramref name="features"/> features: layer l's weights are drawn uniformly from
    /// mean_l +- scale_l / sqrt(fan-in_l) with <see cref="Rng"/>(<see cref="Seed"/>), layer by layer.
    /// </summary>
    public EventNetwork BuildNetwork(int features)
    {
        var net = new EventNetwork(Neuron, Encoding.Channels(features), Layers, Recurrent);
        var rng = new Rng(Seed);
        for (int l = 0; l < Layers.Count; l++)
        {
            int fanIn = l == 0 ? net.InputCount : Layers[l - 1];
            double half = WeightScale[l] / Math.Sqrt(fanIn), mean = WeightMean[l];
            var w = net.FeedForwardWeights(l);
            for (int k = 0; k < w.Length; k++)
            {
                w[k] = mean + rng.Uniform(-half, half);
            }
        }

        return net;
    }

    /// <summary>The engine of <paramref name="network"/> with this experiment's trial length, event cap and pseudodynamics.</summary>
    public ExactEngine CreateEngine(EventNetwork network) => new(network, SimulationOptions()) { PseudoRampSlope = PseudoRampSlope };

    /// <summary>The engine options: trial length and event cap.</summary>
    public EventSimulationOptions SimulationOptions() => new() { TrialMs = TrialMs, MaxEvents = MaxEvents };
}
