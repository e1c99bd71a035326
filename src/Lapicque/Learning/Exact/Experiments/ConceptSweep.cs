namespace Lapicque.Learning.Exact.Experiments;

/// <summary>One sweep of <see cref="ConceptExperiment"/>: the swept value, the QIF output time (ordinary or pseudo) with its
/// exact derivative, and the LIF first spike (NaN: none) over its own grid.</summary>
public sealed class ConceptSweep
{
    internal ConceptSweep(int n)
    {
        X = new double[n];
        QifTime = new double[n];
        QifDerivative = new double[n];
        QifPseudo = new bool[n];
        LifX = new double[n];
        LifTime = new double[n];
    }

    /// <summary>The swept value of the QIF sweep (weight / w_min, or the inhibitory input time in ms).</summary>
    public double[] X { get; }

    /// <summary>QIF output time (ms): the first ordinary spike, else the first pseudospike.</summary>
    public double[] QifTime { get; }

    /// <summary>d(QIF output time)/d(swept quantity): per unit weight, or per ms of the inhibitory input time.</summary>
    public double[] QifDerivative { get; }

    /// <summary>True where the QIF output time is a pseudospike (no ordinary spike in the trial).</summary>
    public bool[] QifPseudo { get; }

    /// <summary>The swept value of the LIF sweep (weight / w_min, or the inhibitory input time in ms).</summary>
    public double[] LifX { get; }

    /// <summary>LIF first spike time (ms), NaN when it does not spike in its trial.</summary>
    public double[] LifTime { get; }
}
