using Lapicque.Neurons;

namespace Lapicque.Simulation.EventDriven;

/// <summary>
/// A layered network for the exact event-driven simulator: input channels feed layer 0, layer l feeds layer l + 1
/// (feed-forward, dense) and, optionally, every layer feeds itself (recurrent, dense). All neurons share one model:
/// <see cref="KlosQifParameters"/> (an input of weight w makes I jump by w) or <see cref="ThetaParameters"/> (V jumps by
/// w, phase by the jump map). Weights and initial states are double and live: trainers update them in place.
/// </summary>
/// <remarks>
/// Neurons have a global index: <see cref="LayerOffset"/>(l) plus the index within layer l. Weight matrices are stored
/// presynaptic-major, [pre, post] row-major, so that one spike reads one contiguous row. The state of a neuron is
/// (V, I) for the QIF model and the phase (ms) for theta; a state vector holds the V (or phase) block of all neurons
/// followed, for QIF, by the I block: length <see cref="StateSize"/> * <see cref="NeuronCount"/>.
/// </remarks>
public sealed class EventNetwork
{
    private readonly int[] _sizes;
    private readonly int[] _offsets;
    private readonly double[][] _feedForward;
    private readonly double[]?[] _recurrent;

    /// <summary>Creates a network with zero weights and the model's initial state in every neuron.</summary>
    /// <param name="model">A <see cref="KlosQifParameters"/> or <see cref="ThetaParameters"/> record.</param>
    /// <param name="inputCount">Number of input channels (&gt;= 1).</param>
    /// <param name="layerSizes">Neurons per layer, each &gt;= 1, at least one layer.</param>
    /// <param name="recurrent">Whether each layer has a dense recurrent weight matrix onto itself.</param>
    public EventNetwork(INeuronModel model, int inputCount, IReadOnlyList<int> layerSizes, bool recurrent = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (model is not (KlosQifParameters or ThetaParameters))
        {
            throw new ArgumentException($"The event-driven simulator supports the models 'klos-qif' and 'theta'; the network's model was '{model.ModelName}'.", nameof(model));
        }

        model.Validate();
        Check.That(inputCount >= 1, nameof(inputCount), ">= 1", inputCount);
        Check.That(layerSizes.Count >= 1, "layerSizes.Count", ">= 1", layerSizes.Count);
        Model = model;
        InputCount = inputCount;
        _sizes = [.. layerSizes];
        _offsets = new int[_sizes.Length];
        _feedForward = new double[_sizes.Length][];
        _recurrent = new double[]?[_sizes.Length];
        int offset = 0;
        for (int l = 0; l < _sizes.Length; l++)
        {
            Check.That(_sizes[l] >= 1, $"layerSizes[{l}]", ">= 1", _sizes[l]);
            _offsets[l] = offset;
            offset += _sizes[l];
            int pre = l == 0 ? inputCount : _sizes[l - 1];
            _feedForward[l] = new double[pre * _sizes[l]];
            _recurrent[l] = recurrent ? new double[_sizes[l] * _sizes[l]] : null;
        }

        NeuronCount = offset;
        StateSize = model is KlosQifParameters ? 2 : 1;
        InitialState = new double[StateSize * NeuronCount];
        ResetInitialState();
    }

    /// <summary>The neuron model shared by all neurons.</summary>
    public INeuronModel Model { get; }

    /// <summary>Number of input channels.</summary>
    public int InputCount { get; }

    /// <summary>Neurons per layer.</summary>
    public IReadOnlyList<int> LayerSizes => _sizes;

    /// <summary>Number of layers.</summary>
    public int LayerCount => _sizes.Length;

    /// <summary>Total number of neurons.</summary>
    public int NeuronCount { get; }

    /// <summary>State variables per neuron: 2 (V, I) for QIF, 1 (phase) for theta.</summary>
    public int StateSize { get; }

    /// <summary>
    /// The initial state of every trial (live, trainable): the V (or phase, ms) block of all neurons, then for QIF the
    /// I block. V may be -infinity (just reset); a phase must lie in [0, Theta].
    /// </summary>
    public double[] InitialState { get; }

    /// <summary>Global index of the first neuron of layer <paramref name="layer"/>.</summary>
    public int LayerOffset(int layer) => _offsets[layer];

    /// <summary>
    /// The live weights into layer <paramref name="layer"/> from the layer below (from the input channels for layer 0),
    /// [pre, post] row-major: weight (pre, post) is at pre * LayerSizes[layer] + post.
    /// </summary>
    public double[] FeedForwardWeights(int layer) => _feedForward[layer];

    /// <summary>The live recurrent weights of layer <paramref name="layer"/>, [pre, post] row-major, or null when not recurrent.</summary>
    public double[]? RecurrentWeights(int layer) => _recurrent[layer];

    /// <summary>The layer of global neuron <paramref name="neuron"/>.</summary>
    public int LayerOf(int neuron)
    {
        int l = _sizes.Length - 1;
        while (l > 0 && _offsets[l] > neuron)
        {
            l--;
        }

        return l;
    }

    /// <summary>Sets <see cref="InitialState"/> back to the model's initial values.</summary>
    public void ResetInitialState()
    {
        if (Model is KlosQifParameters q)
        {
            Array.Fill(InitialState, q.InitialV, 0, NeuronCount);
            Array.Fill(InitialState, q.InitialI, NeuronCount, NeuronCount);
        }
        else
        {
            Array.Fill(InitialState, ((ThetaParameters)Model).InitialPhaseMs);
        }
    }
}
