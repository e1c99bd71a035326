using Lapicque.Learning.Losses;
using Lapicque.Learning.Optimizers;
using Lapicque.Learning.Surrogate;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Learning.Training;

/// <summary>
/// A feed-forward stack of whole-sequence layers: the surrogate-gradient engine's view of a network. Build it from
/// a network description with <see cref="FromNetwork{TSurrogate}"/>, or from layers directly.
/// </summary>
public sealed class SequentialModel
{
    private readonly Layer[] _layers;
    private readonly Tensor[] _outputs;

    /// <summary>Creates a model from <paramref name="layers"/>, each one's input size matching the previous output size.</summary>
    /// <exception cref="ArgumentException">There are no layers, or consecutive sizes disagree.</exception>
    public SequentialModel(IEnumerable<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = [.. layers];
        if (_layers.Length == 0)
        {
            throw new ArgumentException("A model needs at least one layer; none were given.", nameof(layers));
        }

        for (int i = 1; i < _layers.Length; i++)
        {
            if (_layers[i].InputSize != _layers[i - 1].OutputSize)
            {
                throw new ArgumentException(
                    $"Layer '{_layers[i].Name}' expects {_layers[i].InputSize} inputs per sample; layer '{_layers[i - 1].Name}' gives {_layers[i - 1].OutputSize}.",
                    nameof(layers));
            }
        }

        _outputs = new Tensor[_layers.Length];
        Parameters = [.. _layers.SelectMany(l => l.Parameters)];
    }

    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>All trainable parameters, layer by layer.</summary>
    public IReadOnlyList<Parameter<float>> Parameters { get; }

    /// <summary>Input elements per sample and step.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>Output elements per sample and step (the classes, for a classifier).</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>The output of layer <paramref name="index"/> from the latest forward call.</summary>
    public Tensor LayerOutput(int index) => _outputs[index] ?? throw new InvalidOperationException("No forward call has run yet.");

    /// <summary>Forgets the carried state of every layer (call before each new batch).</summary>
    public void ResetState()
    {
        foreach (var l in _layers)
        {
            l.ResetState();
        }
    }

    /// <summary>Runs <paramref name="input"/> [T, B, InputSize] through every layer; returns the last layer's output.</summary>
    public Tensor Forward(Tensor input, bool training)
    {
        var x = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            x = _layers[i].Forward(x, training);
            _outputs[i] = x;
        }

        return x;
    }

    /// <summary>
    /// Back-propagates dL/doutput through every layer of the latest training forward call, adding into the parameter
    /// gradients. When <paramref name="regularizer"/> is given, its penalty on the spikes of every hidden spiking layer
    /// is added to the gradient there.
    /// </summary>
    /// <returns>The total regularisation penalty (0 without a regulariser).</returns>
    public double Backward(Tensor outputGradient, SpikeRateRegularizer? regularizer = null)
    {
        var g = outputGradient;
        double penalty = 0;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            if (regularizer is not null && i < _layers.Length - 1 && _layers[i].EmitsSpikes)
            {
                penalty += regularizer.Apply(_outputs[i], g);
            }

            var d = _layers[i].Backward(g, needInputGradient: i > 0);
            if (i > 0)
            {
                g = d!;
            }
        }

        return penalty;
    }

    /// <summary>
    /// Builds the layers of a feed-forward network description: one <see cref="ExternalSource"/> input population,
    /// then a chain in which every population has exactly one incoming projection from the previous one (and no other
    /// outgoing projection). Each projection becomes a weight layer over the projection's own arrays (training updates
    /// the network in place) and each population a neuron layer:
    /// <see cref="Connectivity.All"/> to <see cref="LinearLayer"/>, <see cref="Connectivity.Conv2d"/> to
    /// <see cref="Conv2dLayer"/> (plus a pooling layer when it pools), <see cref="Connectivity.Pool2d"/> to a pooling
    /// layer; <see cref="LifParameters"/> to <see cref="LifLayer{TSurrogate}"/>, <see cref="CubaLifParameters"/> to
    /// <see cref="CubaLifLayer{TSurrogate}"/>, <see cref="AdaptiveLifParameters"/> to
    /// <see cref="AdaptiveLifLayer{TSurrogate}"/>, <see cref="LeakyIntegratorParameters"/> to
    /// <see cref="LeakyIntegratorLayer"/>. A LIF population with an all-to-all projection onto itself becomes a
    /// <see cref="RecurrentLifLayer{TSurrogate}"/> over that projection's weights.
    /// </summary>
    /// <param name="network">A built network (<see cref="Network.Build"/>).</param>
    /// <param name="surrogate">The surrogate gradient of every spiking layer.</param>
    /// <param name="options">Learnable constants and reset gradient, or null for the defaults.</param>
    /// <param name="dtMs">Step in ms (&gt; 0).</param>
    /// <exception cref="NotSupportedException">A population or projection the trainer cannot handle; the message names it.</exception>
    public static SequentialModel FromNetwork<TSurrogate>(Network network, TSurrogate surrogate, SpikingOptions? options = null, double dtMs = 1.0)
        where TSurrogate : struct, ISurrogate
    {
        ArgumentNullException.ThrowIfNull(network);
        Check.Positive(dtMs, nameof(dtMs));
        network.Validate();
        var layers = new List<Layer>();
        foreach (var (proj, source, target) in FeedForwardChain.Walk(network, "the surrogate-gradient trainer", selfProjections: true))
        {
            AddProjection(layers, proj, source, target);
            var recurrent = network.Projections.Where(p => p.Source == target.Name && p.Target == target.Name).ToArray();
            AddPopulation(layers, target, recurrent, surrogate, options, dtMs);
        }

        return new SequentialModel(layers);
    }

    private static void AddProjection(List<Layer> layers, Projection proj, Population source, Population target)
    {
        if (proj.Connectivity is not Connectivity.Pool2d && proj.Synapse is not Synapse.Instant)
        {
            throw new NotSupportedException($"Projection '{proj.Name}': synapse {proj.Synapse.GetType().Name} is not supported by the surrogate-gradient trainer; use Synapse.Instant (I[t] = W s[t]).");
        }

        if (proj.Delay is not null)
        {
            throw new NotSupportedException($"Projection '{proj.Name}': delays are not supported by the surrogate-gradient trainer.");
        }

        switch (proj.Connectivity)
        {
            case Connectivity.All:
                {
                    var m = proj.Matrix ?? throw new InvalidOperationException($"Projection '{proj.Name}' has no weights; call Network.Build(seed) first.");
                    layers.Add(new LinearLayer(proj.Name, source.Shape, target.Size, m.Weights));
                    break;
                }

            case Connectivity.Conv2d conv:
                {
                    var kernel = proj.Kernel ?? throw new InvalidOperationException($"Projection '{proj.Name}' has no kernel; call Network.Build(seed) first.");
                    var conv2d = new Conv2dLayer(proj.Name, source.Shape, target.Shape[0], conv.KernelH, conv.KernelW, conv.Stride, conv.Padding, kernel, proj.Bias);
                    layers.Add(conv2d);
                    if (conv.Pool is { } pool)
                    {
                        layers.Add(Pool(proj.Name + "/pool", conv2d.OutputShape, pool));
                    }

                    break;
                }

            case Connectivity.Pool2d pool:
                layers.Add(Pool(proj.Name, source.Shape, pool));
                break;
            default:
                throw new NotSupportedException($"Projection '{proj.Name}': connectivity {proj.Connectivity.GetType().Name} is not supported by the surrogate-gradient trainer (All, Conv2d, Pool2d are).");
        }
    }

    private static Pool2dLayer Pool(string name, int[] shape, Connectivity.Pool2d pool) =>
        new(name, shape, pool.Kind, pool.Size, pool.Stride);

    private static void AddPopulation<TSurrogate>(
        List<Layer> layers, Population target, Projection[] recurrent, TSurrogate surrogate, SpikingOptions? options, double dtMs)
        where TSurrogate : struct, ISurrogate
    {
        if (recurrent.Length > 0 && target.Model is not LifParameters)
        {
            throw new NotSupportedException($"Population '{target.Name}': recurrent projections are supported for LIF populations only; its model is {target.Model.ModelName}.");
        }

        switch (target.Model)
        {
            case LifParameters lif when recurrent.Length == 1:
                {
                    var r = recurrent[0];
                    if (r.Delay is not null)
                    {
                        // The recurrent input is always s[t-1] R: a delay would be silently dropped.
                        throw new NotSupportedException($"Projection '{r.Name}': delays are not supported by the surrogate-gradient trainer (a recurrent projection acts after exactly one step).");
                    }

                    if (r.Connectivity is not Connectivity.All || r.Synapse is not Synapse.Instant || r.Matrix is null)
                    {
                        throw new NotSupportedException($"Projection '{r.Name}': a recurrent projection must be built, all-to-all, with Synapse.Instant.");
                    }

                    layers.Add(new RecurrentLifLayer<TSurrogate>(target.Name, target.Size, lif, dtMs, surrogate, r.Matrix.Weights, options));
                    break;
                }

            case LifParameters lif when recurrent.Length == 0:
                layers.Add(new LifLayer<TSurrogate>(target.Name, target.Size, lif, dtMs, surrogate, options, target.Shape));
                break;
            case CubaLifParameters cuba when recurrent.Length == 0:
                layers.Add(new CubaLifLayer<TSurrogate>(target.Name, target.Size, cuba, dtMs, surrogate, options, target.Shape));
                break;
            case AdaptiveLifParameters alif when recurrent.Length == 0:
                layers.Add(new AdaptiveLifLayer<TSurrogate>(target.Name, target.Size, alif, dtMs, surrogate, options, target.Shape));
                break;
            case LeakyIntegratorParameters li when recurrent.Length == 0:
                layers.Add(new LeakyIntegratorLayer(target.Name, target.Size, li, dtMs, options, target.Shape));
                break;
            default:
                throw new NotSupportedException($"Population '{target.Name}': model {target.Model.ModelName}{(recurrent.Length > 1 ? " with several recurrent projections" : string.Empty)} is not supported by the surrogate-gradient trainer (lif, cubalif, alif, li are).");
        }
    }
}
