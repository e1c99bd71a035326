using Lapicque.Learning.Optimizers;

namespace Lapicque.Learning.Surrogate;

/// <summary>
/// The decay factor and threshold of a spiking layer, per layer (one value) or per neuron, each optionally exposed as a
/// trainable parameter, with per-sample partial gradients that are summed in a fixed order (deterministic whatever
/// the thread count).
/// </summary>
internal sealed class NeuronConstants
{
    public NeuronConstants(string name, int neurons, float beta, float threshold, float resetMv, SpikingOptions options)
    {
        int n = options.PerNeuron ? neurons : 1;
        Beta = new float[n];
        Threshold = new float[n];
        Array.Fill(Beta, beta);
        Array.Fill(Threshold, threshold);
        Neurons = neurons;
        var list = new List<Parameter<float>>();
        if (options.LearnBeta)
        {
            BetaParameter = new Parameter<float>(name + "/beta", Beta, 0f, 1f);
            list.Add(BetaParameter);
        }

        if (options.LearnThreshold)
        {
            ThresholdParameter = new Parameter<float>(name + "/threshold", Threshold, resetMv + 1e-3f, null);
            list.Add(ThresholdParameter);
        }

        Parameters = list;
    }

    public int Neurons { get; }

    public float[] Beta { get; }

    public float[] Threshold { get; }

    public bool PerNeuron => Beta.Length > 1;

    public Parameter<float>? BetaParameter { get; }

    public Parameter<float>? ThresholdParameter { get; }

    public IReadOnlyList<Parameter<float>> Parameters { get; }

    public bool LearnsAny => BetaParameter is not null || ThresholdParameter is not null;

    /// <summary>Index of the value for neuron j.</summary>
    public int Of(int j) => PerNeuron ? j : 0;

    /// <summary>Partial gradient buffers [batch * values] for beta and threshold.</summary>
    public (float[] Beta, float[] Threshold) Partials(int batch)
    {
        int len = batch * Beta.Length;
        if (_partialBeta.Length != len)
        {
            _partialBeta = new float[len];
            _partialThreshold = new float[len];
        }
        else
        {
            Array.Clear(_partialBeta);
            Array.Clear(_partialThreshold);
        }

        return (_partialBeta, _partialThreshold);
    }

    /// <summary>Adds the per-sample partials into the parameter gradients, sample by sample in order.</summary>
    public void Reduce(int batch)
    {
        int len = Beta.Length;
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < len; j++)
            {
                if (BetaParameter is not null)
                {
                    BetaParameter.Gradient[j] += _partialBeta[(b * len) + j];
                }

                if (ThresholdParameter is not null)
                {
                    ThresholdParameter.Gradient[j] += _partialThreshold[(b * len) + j];
                }
            }
        }
    }

    private float[] _partialBeta = [];
    private float[] _partialThreshold = [];
}
