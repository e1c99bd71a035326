using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Networks;

namespace Lapicque.Learning.Conversion;

/// <summary>
/// Builds the ReLU network (ANN) that a network description stands for: the same weight layers as
/// <see cref="SequentialModel.FromNetwork{TSurrogate}"/> gives the spiking trainer, with a <see cref="ReluLayer"/> in
/// place of every hidden population's neurons and no non-linearity after the output population (its layer gives the
/// logits). The neuron model of each population is ignored here: it names the neurons of the converted SNN.
/// </summary>
/// <remarks>
/// Projections map as in the spiking trainer, over the projection's own arrays (training updates the network in
/// place): <see cref="Connectivity.All"/> to <see cref="LinearLayer"/> (no bias), <see cref="Connectivity.Conv2d"/> to
/// <see cref="Conv2dLayer"/> (bias when the projection has one) followed by a <see cref="Pool2dLayer"/> when it pools,
/// <see cref="Connectivity.Pool2d"/> to a <see cref="Pool2dLayer"/>. Parameter names are NAME/weight and NAME/bias of
/// each projection, as in the spiking model, so checkpoints name the same tensors.
/// </remarks>
public static class AnnModel
{
    /// <summary>Builds the ANN of a built feed-forward network (one input population, then a chain).</summary>
    /// <param name="network">A built network (<see cref="Network.Build"/>).</param>
    /// <exception cref="NotSupportedException">The network is not a chain or uses a projection the ANN cannot map; the message names it.</exception>
    public static SequentialModel FromNetwork(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.Validate();
        var sources = network.Populations.Where(p => p.Model is ExternalSource).ToArray();
        if (sources.Length != 1)
        {
            throw new NotSupportedException($"Network '{network.Name}': an ANN needs exactly one ExternalSource input population; found {sources.Length}.");
        }

        var layers = new List<Layer>();
        var current = sources[0];
        var visited = new HashSet<string> { current.Name };
        while (true)
        {
            var outgoing = network.Projections.Where(p => p.Source == current.Name).ToArray();
            if (outgoing.Length == 0)
            {
                break;
            }

            if (outgoing.Length > 1 || outgoing[0].Target == current.Name)
            {
                throw new NotSupportedException($"Network '{network.Name}': population '{current.Name}' must have exactly one outgoing projection to a new population (a feed-forward chain); it has {outgoing.Length}.");
            }

            var proj = outgoing[0];
            var target = network.Population(proj.Target);
            if (!visited.Add(target.Name) || network.Projections.Count(p => p.Target == target.Name) != 1)
            {
                throw new NotSupportedException($"Network '{network.Name}': population '{target.Name}' must have exactly one incoming projection on a feed-forward chain.");
            }

            AddProjection(layers, proj, current, target);
            if (network.Projections.Any(p => p.Source == target.Name))
            {
                layers.Add(new ReluLayer(target.Name, target.Shape));
            }

            current = target;
        }

        if (layers.Count == 0)
        {
            throw new NotSupportedException($"Network '{network.Name}': no projection leaves the input population '{current.Name}'.");
        }

        var unused = network.Populations.FirstOrDefault(p => !visited.Contains(p.Name));
        if (unused is not null)
        {
            throw new NotSupportedException($"Network '{network.Name}': population '{unused.Name}' is not on the feed-forward chain from the input.");
        }

        return new SequentialModel(layers);
    }

    private static void AddProjection(List<Layer> layers, Projection proj, Population source, Population target)
    {
        if (proj.Delay is not null)
        {
            throw new NotSupportedException($"Projection '{proj.Name}': delays have no meaning in an ANN.");
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
                        layers.Add(new Pool2dLayer(proj.Name + "/pool", conv2d.OutputShape, pool.Kind, pool.Size, pool.Stride));
                    }

                    break;
                }

            case Connectivity.Pool2d pool:
                layers.Add(new Pool2dLayer(proj.Name, source.Shape, pool.Kind, pool.Size, pool.Stride));
                break;
            default:
                throw new NotSupportedException($"Projection '{proj.Name}': connectivity {proj.Connectivity.GetType().Name} is not supported in an ANN (All, Conv2d, Pool2d are).");
        }
    }
}
