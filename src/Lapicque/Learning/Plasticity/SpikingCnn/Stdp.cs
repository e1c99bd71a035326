namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>
/// The simplified STDP of Kheradpisheh et al. 2018: only the order of the pre- and postsynaptic spikes matters,
/// dw = +aPlus * w * (1 - w) if t_pre &lt;= t_post (including a presynaptic neuron that fired in the same step), and
/// dw = -aMinus * w * (1 - w) otherwise (a later or absent presynaptic spike). The factor w (1 - w) is a soft bound
/// that keeps w in [0, 1] and vanishes as weights saturate, which <see cref="Convergence"/> measures.
/// </summary>
public static class Stdp
{
    /// <summary>The weight change of one synapse of weight <paramref name="w"/> in [0, 1].</summary>
    public static float Delta(float w, bool preNotAfterPost, float aPlus, float aMinus) =>
        (preNotAfterPost ? aPlus : -aMinus) * w * (1 - w);

    /// <summary>
    /// The paper's convergence measure C = sum_f sum_i w_{f,i} (1 - w_{f,i}) / n_w: 0.25 at w = 0.5, tending to 0 as
    /// every weight goes to 0 or 1. Learning of a layer stops when C &lt; 0.01.
    /// </summary>
    public static double Convergence(ReadOnlySpan<float> weights)
    {
        if (weights.IsEmpty)
        {
            return 0;
        }

        double s = 0;
        foreach (float w in weights)
        {
            s += w * (1.0 - w);
        }

        return s / weights.Length;
    }
}
