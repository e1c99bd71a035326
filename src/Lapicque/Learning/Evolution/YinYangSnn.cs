using Lapicque.Data;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Learning.Evolution;

/// <summary>
/// A small spiking classifier for the Yin-Yang data set (Kriener, Goeltz and Petrovici 2022) whose weights are a flat
/// parameter vector, so that gradient-free optimisers (<see cref="CmaEs"/>, <see cref="EvolutionStrategy"/>) can train it.
/// </summary>
/// <remarks>
/// Encoding: each of the 4 features x in [0, 1] (x, y, 1 - x, 1 - y) is one input spike at step round(x (EncodingSteps - 1)),
/// a linear latency code, plus one bias input that fires at step 0. Hidden layer: <see cref="Hidden"/> LIF neurons in the
/// decay-factor form (v = beta v + I, threshold 1, reset by subtraction; <see cref="Lif.Step"/>) driven by the weighted input
/// spikes of the step. Readout: 3 non-spiking leaky integrators (LIF with an unreachable threshold) driven by the hidden
/// spikes; the class is the output with the largest membrane maximum over the <see cref="Steps"/> steps, and the loss is the
/// cross-entropy of the softmax of those maxima. Parameters: W_in [5, Hidden] row-major, then W_out [Hidden, 3].
/// </remarks>
public sealed class YinYangSnn
{
    private const int Inputs = YinYang.FeatureCount + 1;
    private const int Classes = YinYang.ClassCount;
    private readonly LifPropagator _hidden;
    private readonly LifPropagator _readout;

    /// <summary>Creates the network shape.</summary>
    public YinYangSnn(int hidden = 12, int steps = 30, int encodingSteps = 20, double beta = 0.9)
    {
        Check.That(hidden >= 1, nameof(hidden), ">= 1", hidden);
        Check.That(encodingSteps >= 2, nameof(encodingSteps), ">= 2", encodingSteps);
        Check.That(steps >= encodingSteps, nameof(steps), $">= encodingSteps ({encodingSteps})", steps);
        Hidden = hidden;
        Steps = steps;
        EncodingSteps = encodingSteps;
        _hidden = LifParameters.FromBeta(beta).Propagator(1.0);
        _readout = LifParameters.FromBeta(beta, threshold: 1e30).Propagator(1.0);
    }

    /// <summary>Hidden LIF neurons.</summary>
    public int Hidden { get; }

    /// <summary>Simulated steps per sample.</summary>
    public int Steps { get; }

    /// <summary>Steps over which the input latencies are spread.</summary>
    public int EncodingSteps { get; }

    /// <summary>Length of the parameter vector: 5 x Hidden + Hidden x 3.</summary>
    public int ParameterCount => (Inputs * Hidden) + (Hidden * Classes);

    /// <summary>Random initial weights, normal with standard deviation 1 / sqrt(fan-in) times <paramref name="gain"/>.</summary>
    public double[] InitialParameters(ulong seed, double gain = 2.0)
    {
        var rng = new Rng(seed);
        var p = new double[ParameterCount];
        int w1 = Inputs * Hidden;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = rng.NextNormal() * gain / Math.Sqrt(i < w1 ? Inputs : Hidden);
        }

        return p;
    }

    /// <summary>Mean cross-entropy over <paramref name="data"/> (natural log; ln 3 = 1.10 is chance).</summary>
    public double Loss(ReadOnlySpan<double> parameters, YinYangSet data) => Evaluate(parameters, data).Loss;

    /// <summary>Fraction of <paramref name="data"/> classified correctly.</summary>
    public double Accuracy(ReadOnlySpan<double> parameters, YinYangSet data) => Evaluate(parameters, data).Accuracy;

    /// <summary>Loss and accuracy in one pass.</summary>
    public (double Loss, double Accuracy) Evaluate(ReadOnlySpan<double> parameters, YinYangSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Check.That(parameters.Length == ParameterCount, "parameters.Length", $"{ParameterCount}", parameters.Length);
        int h = Hidden;
        var w1 = new float[Inputs * h];
        var w2 = new float[h * Classes];
        for (int i = 0; i < w1.Length; i++)
        {
            w1[i] = (float)parameters[i];
        }

        for (int i = 0; i < w2.Length; i++)
        {
            w2[i] = (float)parameters[w1.Length + i];
        }

        var v = new float[h];
        var refractory = new float[h];
        var input = new float[h];
        var spikes = new float[h];
        var vo = new float[Classes];
        var ro = new float[Classes];
        var io = new float[Classes];
        var so = new float[Classes];
        var spikeStep = new int[Inputs];
        var peak = new double[Classes];
        double loss = 0;
        int correct = 0;
        for (int s = 0; s < data.Count; s++)
        {
            var x = data.Sample(s);
            for (int i = 0; i < YinYang.FeatureCount; i++)
            {
                spikeStep[i] = (int)Math.Round(Math.Clamp(x[i], 0, 1) * (EncodingSteps - 1));
            }

            spikeStep[Inputs - 1] = 0;
            Array.Clear(v);
            Array.Clear(refractory);
            Array.Clear(vo);
            Array.Clear(ro);
            Array.Fill(peak, double.NegativeInfinity);
            for (int t = 0; t < Steps; t++)
            {
                Array.Clear(input);
                for (int i = 0; i < Inputs; i++)
                {
                    if (spikeStep[i] == t)
                    {
                        VectorMath.Axpy(1f, w1.AsSpan(i * h, h), input);
                    }
                }

                Lif.Step(_hidden, v, refractory, input, spikes);
                Array.Clear(io);
                for (int j = 0; j < h; j++)
                {
                    if (spikes[j] != 0f)
                    {
                        for (int c = 0; c < Classes; c++)
                        {
                            io[c] += w2[(j * Classes) + c];
                        }
                    }
                }

                Lif.StepScalar(_readout, vo, ro, io, so);
                for (int c = 0; c < Classes; c++)
                {
                    peak[c] = Math.Max(peak[c], vo[c]);
                }
            }

            int label = data.Labels[s];
            double max = Math.Max(peak[0], Math.Max(peak[1], peak[2]));
            double z = 0;
            int argmax = 0;
            for (int c = 0; c < Classes; c++)
            {
                z += Math.Exp(peak[c] - max);
                if (peak[c] > peak[argmax])
                {
                    argmax = c;
                }
            }

            loss += Math.Log(z) + max - peak[label];
            correct += argmax == label ? 1 : 0;
        }

        return (loss / data.Count, correct / (double)data.Count);
    }
}
