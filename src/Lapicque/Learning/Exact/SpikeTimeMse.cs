namespace Lapicque.Learning.Exact;

/// <summary>
/// Mean squared error of output spike times against target times (spec 2.7 b): the n-th output time of an output neuron
/// is its n-th ordinary spike, or a pseudospike once the ordinary spikes are used up (<see cref="ExactTape.OutputTime"/>).
/// L = (1 / N) sum over targets (t_out(i, n) - target_(i, n))^2, N the total number of targets.
/// </summary>
public static class SpikeTimeMse
{
    /// <summary>
    /// Computes the loss for <paramref name="targets"/> (per output neuron, its target times in increasing order, ms), adds
    /// dL/d(output times) times <paramref name="scale"/> to the tape's seeds and returns the loss (unscaled).
    /// </summary>
    public static double Apply(ExactTape tape, IReadOnlyList<double[]> targets, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(targets);
        Check.That(targets.Count == tape.OutputCount, "targets.Count", $"the number of output neurons ({tape.OutputCount})", targets.Count);
        int total = 0;
        foreach (double[] t in targets)
        {
            total += t.Length;
        }

        if (total == 0)
        {
            return 0.0;
        }

        double loss = 0.0;
        for (int i = 0; i < targets.Count; i++)
        {
            for (int n = 1; n <= targets[i].Length; n++)
            {
                double d = tape.OutputTime(i, n) - targets[i][n - 1];
                loss += d * d;
                tape.AddOutputTimeGradient(i, n, scale * 2.0 * d / total);
            }
        }

        return loss / total;
    }
}
