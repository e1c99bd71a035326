using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Numerics;

namespace Lapicque.Learning.Conversion;

/// <summary>
/// ANN-to-SNN conversion by data-based normalisation (Diehl et al. 2015; Rueckauer et al. 2017): batch
/// normalisation is folded into the preceding weights, each ReLU becomes IF neurons with reset by subtraction and
/// threshold 1, and every weight layer l is rescaled W_l' = W_l lambda_{l-1} / lambda_l, b_l' = b_l / lambda_l, where
/// lambda_l is the chosen percentile of the positive activations of layer l over calibration data (lambda_0 = 1 for
/// inputs in [0, 1]). Normalised activations then lie in [0, 1] up to the percentile and are carried by spike rates.
/// </summary>
/// <remarks>
/// Supported ANN layers: <see cref="LinearLayer"/>, <see cref="BatchNormLayer"/> (after a linear layer),
/// <see cref="ReluLayer"/> and <see cref="FlattenLayer"/>. Convolution and pooling are not converted yet (the
/// convolution layer does not expose its geometry for copying); max pooling would in any case have to be replaced by
/// average pooling in the ANN, which commutes with rates. The ANN's last weight layer is the readout: with
/// <see cref="SnnReadout.Membrane"/> it keeps lambda_L = 1, so the accumulated current over T steps divided by T
/// approximates the ANN logits; with <see cref="SnnReadout.SpikeCount"/> it is normalised and followed by IF neurons.
/// </remarks>
public static class AnnToSnnConverter
{
    /// <summary>
    /// Returns an equivalent evaluation-mode layer list in which every <see cref="BatchNormLayer"/> directly after a
    /// <see cref="LinearLayer"/> is folded into copies of its weights and bias: W'[i, o] = W[i, o] s[o],
    /// b'[o] = s[o] b[o] + shift[o], with (s, shift) the BN's <see cref="BatchNormLayer.EvaluationAffine"/>. Other
    /// layers are rebuilt with the same shapes; the input layers are not modified.
    /// </summary>
    /// <exception cref="NotSupportedException">A layer cannot be folded or converted; the message names it.</exception>
    public static List<Layer> FoldBatchNorm(IReadOnlyList<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var result = new List<Layer>();
        for (int i = 0; i < layers.Count; i++)
        {
            switch (layers[i])
            {
                case LinearLayer lin:
                    {
                        var w = (float[])lin.Weight.Value.Clone();
                        var bias = lin.Bias is null ? new float[lin.OutputSize] : (float[])lin.Bias.Value.Clone();
                        if (i + 1 < layers.Count && layers[i + 1] is BatchNormLayer bn)
                        {
                            var (scale, shift) = bn.EvaluationAffine();
                            int n = lin.OutputSize;
                            for (int r = 0; r < lin.InputSize; r++)
                            {
                                for (int o = 0; o < n; o++)
                                {
                                    w[(r * n) + o] *= scale[o];
                                }
                            }

                            for (int o = 0; o < n; o++)
                            {
                                bias[o] = (scale[o] * bias[o]) + shift[o];
                            }

                            i++;
                        }

                        result.Add(new LinearLayer(lin.Name, lin.InputShape, lin.OutputSize, w, bias));
                        break;
                    }

                case ReluLayer relu:
                    result.Add(new ReluLayer(relu.Name, relu.InputShape));
                    break;
                case FlattenLayer flat:
                    result.Add(new FlattenLayer(flat.Name, flat.InputShape));
                    break;
                default:
                    throw new NotSupportedException($"Layer '{layers[i].Name}' ({layers[i].GetType().Name}) cannot be converted; supported: LinearLayer, BatchNormLayer after a LinearLayer, ReluLayer, FlattenLayer.");
            }
        }

        return result;
    }

    /// <summary>
    /// Converts a trained ANN into an SNN of <see cref="LinearLayer"/> and <see cref="IfLayer"/> layers.
    /// </summary>
    /// <param name="ann">The trained ANN (its layers are not modified).</param>
    /// <param name="calibration">Calibration inputs [1, B, features] in the range the SNN will see (e.g. [0, 1] pixels).</param>
    /// <param name="options">Percentile and readout, or null for the defaults.</param>
    /// <returns>The SNN and the scale lambda of each ReLU layer, input first.</returns>
    /// <exception cref="NotSupportedException">A layer cannot be converted.</exception>
    public static (SequentialModel Snn, double[] Scales) Convert(SequentialModel ann, Tensor calibration, ConversionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ann);
        ArgumentNullException.ThrowIfNull(calibration);
        options ??= new ConversionOptions();
        options.Validate();
        var folded = new SequentialModel(FoldBatchNorm(ann.Layers));
        folded.Forward(calibration, training: false);

        var layers = new List<Layer>();
        var scales = new List<double>();
        double previous = 1.0;
        int lastWeight = -1;
        for (int i = 0; i < folded.Layers.Count; i++)
        {
            if (folded.Layers[i] is LinearLayer)
            {
                lastWeight = i;
            }
        }

        for (int i = 0; i < folded.Layers.Count; i++)
        {
            switch (folded.Layers[i])
            {
                case LinearLayer lin:
                    {
                        bool isReadout = i == lastWeight;
                        int next = NextRelu(folded.Layers, i);
                        double lambda;
                        if (isReadout)
                        {
                            lambda = options.Readout == SnnReadout.Membrane ? 1.0 : Percentile(folded.LayerOutput(i).Span, options.Percentile);
                        }
                        else
                        {
                            if (next < 0)
                            {
                                throw new NotSupportedException($"Layer '{lin.Name}': a hidden linear layer must be followed by a ReLU to be converted.");
                            }

                            lambda = Percentile(folded.LayerOutput(next).Span, options.Percentile);
                        }

                        var w = (float[])lin.Weight.Value.Clone();
                        var bias = (float[])lin.Bias!.Value.Clone();
                        float ws = (float)(previous / lambda), bs = (float)(1.0 / lambda);
                        for (int k = 0; k < w.Length; k++)
                        {
                            w[k] *= ws;
                        }

                        for (int k = 0; k < bias.Length; k++)
                        {
                            bias[k] *= bs;
                        }

                        layers.Add(new LinearLayer(lin.Name, lin.InputShape, lin.OutputSize, w, bias));
                        if (isReadout && options.Readout == SnnReadout.SpikeCount)
                        {
                            layers.Add(new IfLayer(lin.Name + "/if", lin.OutputShape));
                        }

                        if (!isReadout)
                        {
                            scales.Add(lambda);
                        }

                        previous = lambda;
                        break;
                    }

                case ReluLayer relu:
                    layers.Add(new IfLayer(relu.Name, relu.InputShape));
                    break;
                case FlattenLayer flat:
                    layers.Add(new FlattenLayer(flat.Name, flat.InputShape));
                    break;
            }
        }

        return (new SequentialModel(layers), [.. scales]);
    }

    /// <summary>
    /// The <paramref name="percentile"/>-th percentile (linear interpolation between order statistics) of the
    /// positive values of <paramref name="values"/>, or 1 when none is positive (a dead layer keeps its scale).
    /// </summary>
    public static double Percentile(ReadOnlySpan<float> values, double percentile)
    {
        Check.That(percentile > 0 && percentile <= 100, nameof(percentile), "in (0, 100]", percentile);
        var positive = new List<float>();
        foreach (float v in values)
        {
            if (v > 0f)
            {
                positive.Add(v);
            }
        }

        if (positive.Count == 0)
        {
            return 1.0;
        }

        positive.Sort();
        double rank = percentile / 100.0 * (positive.Count - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, positive.Count - 1);
        return positive[lo] + ((rank - lo) * (positive[hi] - positive[lo]));
    }

    private static int NextRelu(IReadOnlyList<Layer> layers, int from)
    {
        for (int j = from + 1; j < layers.Count; j++)
        {
            if (layers[j] is ReluLayer)
            {
                return j;
            }

            if (layers[j] is LinearLayer)
            {
                return -1;
            }
        }

        return -1;
    }
}
