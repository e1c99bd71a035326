using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Networks;
using Lapicque.Numerics;

namespace Lapicque.Learning.Conversion;

/// <summary>
/// ANN-to-SNN conversion by data-based normalisation (Diehl et al. 2015; Rueckauer et al. 2017): batch
/// normalisation is folded into the preceding weights, each ReLU becomes IF neurons with reset by subtraction and
/// threshold 1, and the weights and biases between two ReLU layers are rescaled so that the normalised activation
/// a_l / lambda_l is carried by a spike rate, where lambda_l is the chosen percentile of the positive activations of
/// ReLU layer l over calibration data (lambda_0 = 1 for inputs in [0, 1]).
/// </summary>
/// <remarks>
/// <para>
/// The ANN is cut into blocks at its ReLU layers; a block is a chain of linear maps (<see cref="LinearLayer"/>,
/// <see cref="Conv2dLayer"/>, average or sum <see cref="Pool2dLayer"/>, <see cref="FlattenLayer"/>) that ends in a
/// ReLU, or, for the last block, in the output. For a block from ReLU layer l - 1 to ReLU layer l, the first weight
/// layer's weights become W lambda_{l-1} / lambda_l and every bias of the block b / lambda_l; the block then maps the
/// normalised input x / lambda_{l-1} to its normalised output a_l / lambda_l exactly, whatever the number of linear
/// maps in it. Convolutions keep their geometry and are applied to spikes channel by channel (one IF neuron per
/// element of each feature map), and biases are a constant current every step.
/// </para>
/// <para>
/// Max pooling does not commute with rates when it pools analog currents, so it is applied to spikes: a max pool
/// directly before a ReLU is moved after it (max and ReLU commute: max_i relu(x_i) = relu(max_i x_i)), the IF neurons
/// are then placed on the un-pooled feature maps (normalised by the percentile of their own activations), and the
/// pool becomes a <see cref="SpikeMaxPoolLayer"/> that passes the spikes of the input with the most spikes so far in
/// each window (Rueckauer et al. 2017, section 2.2.5). A max pool directly after a ReLU becomes the same gate. Max
/// pooling anywhere else is rejected.
/// </para>
/// <para>
/// The last block is the readout: with <see cref="SnnReadout.Membrane"/> it keeps lambda_L = 1, so the accumulated
/// output current over T steps divided by T approximates the ANN logits; with <see cref="SnnReadout.SpikeCount"/> it
/// is normalised like a hidden block and followed by IF neurons.
/// </para>
/// </remarks>
public static class AnnToSnnConverter
{
    /// <summary>
    /// Returns an equivalent evaluation-mode layer list in which every <see cref="BatchNormLayer"/> directly after a
    /// <see cref="LinearLayer"/> or <see cref="Conv2dLayer"/> is folded into copies of its weights and bias: with
    /// (s, shift) the BN's <see cref="BatchNormLayer.EvaluationAffine"/>, W'[i, o] = W[i, o] s[o] for a linear layer,
    /// K'[o, c, u, v] = K[o, c, u, v] s[o] for a convolution (per output channel), and b'[o] = s[o] b[o] + shift[o]
    /// (b = 0 when the layer has none). Other layers are rebuilt with the same shapes; the input layers are not
    /// modified.
    /// </summary>
    /// <exception cref="NotSupportedException">A layer cannot be folded or converted; the message names it.</exception>
    public static List<Layer> FoldBatchNorm(IReadOnlyList<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var result = new List<Layer>();
        for (int i = 0; i < layers.Count; i++)
        {
            var bn = i + 1 < layers.Count ? layers[i + 1] as BatchNormLayer : null;
            switch (layers[i])
            {
                case LinearLayer lin:
                    {
                        var w = (float[])lin.Weight.Value.Clone();
                        var bias = lin.Bias is null ? new float[lin.OutputSize] : (float[])lin.Bias.Value.Clone();
                        if (bn is not null)
                        {
                            // W is [in, out]: output unit o is column o.
                            Fold(bn, w, bias, columns: lin.OutputSize, perRow: false);
                            i++;
                        }

                        result.Add(new LinearLayer(lin.Name, lin.InputShape, lin.OutputSize, w, bias));
                        break;
                    }

                case Conv2dLayer conv:
                    {
                        var k = (float[])conv.Weight.Value.Clone();
                        var bias = conv.Bias is null ? new float[conv.OutputShape[0]] : (float[])conv.Bias.Value.Clone();
                        if (bn is not null)
                        {
                            // K is [C_out, C_in, kH, kW]: output channel o is row o of C_in * kH * kW taps.
                            Fold(bn, k, bias, columns: k.Length / conv.OutputShape[0], perRow: true);
                            i++;
                        }

                        result.Add(CopyConv(conv, k, bias));
                        break;
                    }

                case ReluLayer relu:
                    result.Add(new ReluLayer(relu.Name, relu.InputShape));
                    break;
                case FlattenLayer flat:
                    result.Add(new FlattenLayer(flat.Name, flat.InputShape));
                    break;
                case Pool2dLayer pool:
                    result.Add(new Pool2dLayer(pool.Name, pool.InputShape, pool.Kind, pool.Size, pool.Stride));
                    break;
                default:
                    throw new NotSupportedException(
                        $"Layer '{layers[i].Name}' ({layers[i].GetType().Name}) cannot be converted; supported: LinearLayer, Conv2dLayer, BatchNormLayer after either, ReluLayer, Pool2dLayer, FlattenLayer.");
            }
        }

        return result;
    }

    /// <summary>
    /// Converts a trained ANN into an SNN of weight layers, <see cref="IfLayer"/> neurons and pooling (see the class
    /// remarks for the rules).
    /// </summary>
    /// <param name="ann">The trained ANN (its layers are not modified).</param>
    /// <param name="calibration">Calibration inputs [1, B, features...] in the range the SNN will see (e.g. [0, 1] pixels).</param>
    /// <param name="options">Percentile and readout, or null for the defaults.</param>
    /// <returns>The SNN and the scale lambda of each IF layer before the readout, input side first.</returns>
    /// <exception cref="NotSupportedException">A layer cannot be converted; the message names it.</exception>
    public static (SequentialModel Snn, double[] Scales) Convert(SequentialModel ann, Tensor calibration, ConversionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ann);
        ArgumentNullException.ThrowIfNull(calibration);
        options ??= new ConversionOptions();
        options.Validate();
        var folded = FoldBatchNorm(ann.Layers);
        var activations = Calibrate(new SequentialModel(folded), calibration);

        var layers = new List<Layer>();
        var scales = new List<double>();
        double previous = 1.0;
        int i = 0;
        while (i < folded.Count)
        {
            // A block starting at a ReLU's output may open with a max pool of that ReLU's spikes.
            if (folded[i] is Pool2dLayer { Kind: PoolKind.Max } gate)
            {
                if (i == 0 || folded[i - 1] is not ReluLayer)
                {
                    throw new NotSupportedException($"Layer '{gate.Name}': max pooling converts only next to a ReLU (it is applied to spikes); use average pooling or move it.");
                }

                layers.Add(new SpikeMaxPoolLayer(gate.Name, gate.InputShape, gate.Size, gate.Stride));
                i++;
                continue;
            }

            int end = BlockEnd(folded, i, out int relu, out int maxPool);
            bool readout = relu < 0;
            double lambda;
            if (readout)
            {
                lambda = options.Readout == SnnReadout.Membrane ? 1.0 : PercentileOfSorted(activations[end - 1], options.Percentile);
            }
            else
            {
                // With a max pool before the ReLU, the IF neurons sit on the un-pooled maps: normalise by those.
                int measured = maxPool >= 0 ? maxPool - 1 : relu;
                lambda = PercentileOfSorted(activations[measured], options.Percentile);
            }

            bool firstWeight = true;
            for (int j = i; j < end; j++)
            {
                switch (folded[j])
                {
                    case LinearLayer lin:
                        {
                            var w = Scaled(lin.Weight.Value, firstWeight ? previous / lambda : 1.0);
                            var b = Scaled(lin.Bias!.Value, 1.0 / lambda);
                            layers.Add(new LinearLayer(lin.Name, lin.InputShape, lin.OutputSize, w, b));
                            firstWeight = false;
                            break;
                        }

                    case Conv2dLayer conv:
                        {
                            var k = Scaled(conv.Weight.Value, firstWeight ? previous / lambda : 1.0);
                            var b = Scaled(conv.Bias!.Value, 1.0 / lambda);
                            layers.Add(CopyConv(conv, k, b));
                            firstWeight = false;
                            break;
                        }

                    case Pool2dLayer { Kind: PoolKind.Max }:
                        // Moved behind the IF neurons of the ReLU that follows it (the case below).
                        break;
                    case Pool2dLayer pool:
                        layers.Add(new Pool2dLayer(pool.Name, pool.InputShape, pool.Kind, pool.Size, pool.Stride));
                        break;
                    case FlattenLayer flat:
                        layers.Add(new FlattenLayer(flat.Name, flat.InputShape));
                        break;
                    case ReluLayer r:
                        if (maxPool >= 0)
                        {
                            var mp = (Pool2dLayer)folded[maxPool];
                            layers.Add(new IfLayer(r.Name, mp.InputShape));
                            layers.Add(new SpikeMaxPoolLayer(mp.Name, mp.InputShape, mp.Size, mp.Stride));
                        }
                        else
                        {
                            layers.Add(new IfLayer(r.Name, r.InputShape));
                        }

                        break;
                }
            }

            if (readout && options.Readout == SnnReadout.SpikeCount)
            {
                layers.Add(new IfLayer(folded[end - 1].Name + "/if", folded[end - 1].OutputShape));
            }

            if (!readout)
            {
                scales.Add(lambda);
            }

            previous = lambda;
            i = end;
        }

        return (new SequentialModel(layers), [.. scales]);
    }

    /// <summary>
    /// The <paramref name="percentile"/>-th percentile (linear interpolation between order statistics) of the
    /// positive values of <paramref name="values"/>, or 1 when none is positive (a dead layer keeps its scale).
    /// </summary>
    public static double Percentile(ReadOnlySpan<float> values, double percentile)
    {
        var positive = new List<float>();
        AddPositive(values, positive);
        positive.Sort();
        return PercentileOfSorted(positive, percentile);
    }

    private static double PercentileOfSorted(List<float> positive, double percentile)
    {
        Check.That(percentile > 0 && percentile <= 100, nameof(percentile), "in (0, 100]", percentile);
        if (positive.Count == 0)
        {
            return 1.0;
        }

        double rank = percentile / 100.0 * (positive.Count - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, positive.Count - 1);
        return positive[lo] + ((rank - lo) * (positive[hi] - positive[lo]));
    }

    private static void AddPositive(ReadOnlySpan<float> values, List<float> positive)
    {
        foreach (float v in values)
        {
            if (v > 0f)
            {
                positive.Add(v);
            }
        }
    }

    // The sorted positive outputs over the calibration set of every layer whose scale may be asked for (ReLUs, inputs
    // of max pools, the output), run in chunks of images so that a large set does not hold every layer's output at once.
    private static List<float>[] Calibrate(SequentialModel model, Tensor calibration)
    {
        int images = calibration.Rank >= 2 ? calibration.Dim(0) * calibration.Dim(1) : 0;
        int features = model.InputSize;
        if (images == 0 || calibration.Length != images * features)
        {
            throw new ArgumentException($"calibration has shape {calibration.ShapeText}; expected [1, B, {features}] (the ANN's input per sample).", nameof(calibration));
        }

        const int chunk = 100;
        var layers = model.Layers;
        var result = new List<float>[layers.Count];
        var needed = new bool[layers.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = [];
            needed[i] = layers[i] is ReluLayer || i == layers.Count - 1 || (i + 1 < layers.Count && layers[i + 1] is Pool2dLayer { Kind: PoolKind.Max });
        }

        for (int start = 0; start < images; start += chunk)
        {
            int n = Math.Min(chunk, images - start);
            var x = new Tensor(1, n, features);
            calibration.Span.Slice(start * features, n * features).CopyTo(x.Span);
            model.Forward(x, training: false);
            for (int i = 0; i < result.Length; i++)
            {
                if (needed[i])
                {
                    AddPositive(model.LayerOutput(i).Span, result[i]);
                }
            }
        }

        foreach (var list in result)
        {
            list.Sort();
        }

        return result;
    }

    // The block that starts at layer `from`: it ends after its ReLU (relu = that index) or at the end of the network
    // (relu = -1). maxPool is the index of a max pool directly before the ReLU, or -1.
    private static int BlockEnd(List<Layer> layers, int from, out int relu, out int maxPool)
    {
        maxPool = -1;
        for (int j = from; j < layers.Count; j++)
        {
            switch (layers[j])
            {
                case ReluLayer:
                    relu = j;
                    return j + 1;
                case Pool2dLayer { Kind: PoolKind.Max } pool:
                    if (j + 1 >= layers.Count || layers[j + 1] is not ReluLayer)
                    {
                        throw new NotSupportedException($"Layer '{pool.Name}': max pooling converts only next to a ReLU (it is applied to spikes); use average pooling or move it.");
                    }

                    maxPool = j;
                    break;
            }
        }

        relu = -1;
        return layers.Count;
    }

    private static void Fold(BatchNormLayer bn, float[] w, float[] bias, int columns, bool perRow)
    {
        var (scale, shift) = bn.EvaluationAffine();
        if (scale.Length != bias.Length)
        {
            throw new NotSupportedException($"Layer '{bn.Name}': {scale.Length} channels, but the layer before it has {bias.Length} outputs or channels.");
        }

        for (int k = 0; k < w.Length; k++)
        {
            w[k] *= scale[perRow ? k / columns : k % columns];
        }

        for (int o = 0; o < bias.Length; o++)
        {
            bias[o] = (scale[o] * bias[o]) + shift[o];
        }
    }

    private static Conv2dLayer CopyConv(Conv2dLayer conv, float[] kernel, float[] bias) =>
        new(conv.Name, conv.InputShape, conv.OutputShape[0], conv.KernelH, conv.KernelW, conv.Stride, conv.Padding, kernel, bias);

    private static float[] Scaled(float[] values, double factor)
    {
        var r = new float[values.Length];
        float f = (float)factor;
        for (int k = 0; k < r.Length; k++)
        {
            r[k] = values[k] * f;
        }

        return r;
    }
}
