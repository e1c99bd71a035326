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
    /// <summary>Prefix of the checkpoint tensors that hold the running statistics of batch normalisation (not parameters).</summary>
    public const string RunningStatisticsPrefix = "bn_running/";

    /// <summary>
    /// Adds the running mean and variance of every <see cref="BatchNormLayer"/> of <paramref name="model"/> to
    /// <paramref name="checkpoint"/> as bn_running/NAME/mean and bn_running/NAME/variance: they are learned state but not
    /// trainable parameters, so <see cref="IO.Checkpoint.AddParameters{T}"/> does not store them.
    /// </summary>
    public static void SaveRunningStatistics(SequentialModel model, IO.Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(checkpoint);
        foreach (var bn in model.Layers.OfType<BatchNormLayer>())
        {
            checkpoint.AddFloats(RunningStatisticsPrefix + bn.Name + "/mean", bn.RunningMean, bn.Channels);
            checkpoint.AddFloats(RunningStatisticsPrefix + bn.Name + "/variance", bn.RunningVariance, bn.Channels);
        }
    }

    /// <summary>Restores what <see cref="SaveRunningStatistics"/> wrote (throws <see cref="IO.FileFormatException"/> when a tensor is missing or has another length).</summary>
    public static void RestoreRunningStatistics(SequentialModel model, IO.Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(checkpoint);
        foreach (var bn in model.Layers.OfType<BatchNormLayer>())
        {
            foreach (var (suffix, target) in new[] { ("/mean", bn.RunningMean), ("/variance", bn.RunningVariance) })
            {
                string name = RunningStatisticsPrefix + bn.Name + suffix;
                if (!checkpoint.Contains(name))
                {
                    throw new IO.FileFormatException(checkpoint.FileName, name, $"the checkpoint has no running statistics for batch normalisation '{bn.Name}'.");
                }

                var values = checkpoint.GetFloats(name);
                if (values.Length != target.Length)
                {
                    throw new IO.FileFormatException(checkpoint.FileName, name, $"expected {target.Length} values; found {values.Length}.");
                }

                values.CopyTo(target, 0);
            }
        }
    }

    /// <summary>Builds the ANN of a built feed-forward network (one input population, then a chain).</summary>
    /// <param name="network">A built network (<see cref="Network.Build"/>).</param>
    /// <param name="batchNorm">
    /// Whether to put a <see cref="BatchNormLayer"/> (named POPULATION/bn) directly after the weight layer of every hidden
    /// population, before its pooling and ReLU; <see cref="AnnToSnnConverter.FoldBatchNorm"/> folds it into that layer.
    /// </param>
    /// <exception cref="NotSupportedException">The network is not a chain or uses a projection the ANN cannot map; the message names it.</exception>
    public static SequentialModel FromNetwork(Network network, bool batchNorm = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.Validate();
        var layers = new List<Layer>();
        foreach (var (proj, source, target) in FeedForwardChain.Walk(network, "an ANN", selfProjections: false))
        {
            bool hidden = network.Projections.Any(p => p.Source == target.Name);
            AddProjection(layers, proj, source, target, hidden && batchNorm);
            if (hidden)
            {
                layers.Add(new ReluLayer(target.Name, target.Shape));
            }
        }

        return new SequentialModel(layers);
    }

    private static void AddProjection(List<Layer> layers, Projection proj, Population source, Population target, bool batchNorm)
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
                    if (batchNorm)
                    {
                        layers.Add(new BatchNormLayer(target.Name + "/bn", [target.Size]));
                    }

                    break;
                }

            case Connectivity.Conv2d conv:
                {
                    var kernel = proj.Kernel ?? throw new InvalidOperationException($"Projection '{proj.Name}' has no kernel; call Network.Build(seed) first.");
                    var conv2d = new Conv2dLayer(proj.Name, source.Shape, target.Shape[0], conv.KernelH, conv.KernelW, conv.Stride, conv.Padding, kernel, proj.Bias);
                    layers.Add(conv2d);
                    if (batchNorm)
                    {
                        layers.Add(new BatchNormLayer(target.Name + "/bn", conv2d.OutputShape));
                    }

                    if (conv.Pool is { } pool)
                    {
                        layers.Add(new Pool2dLayer(proj.Name + "/pool", conv2d.OutputShape, pool.Kind, pool.Size, pool.Stride));
                    }

                    break;
                }

            case Connectivity.Pool2d pool when !batchNorm:
                layers.Add(new Pool2dLayer(proj.Name, source.Shape, pool.Kind, pool.Size, pool.Stride));
                break;
            case Connectivity.Pool2d:
                throw new NotSupportedException($"Projection '{proj.Name}': batch normalisation needs a weight layer to fold into; a pool2d projection has none.");
            default:
                throw new NotSupportedException($"Projection '{proj.Name}': connectivity {proj.Connectivity.GetType().Name} is not supported in an ANN (All, Conv2d, Pool2d are).");
        }
    }
}
