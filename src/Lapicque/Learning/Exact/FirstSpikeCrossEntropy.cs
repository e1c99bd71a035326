namespace Lapicque.Learning.Exact;

/// <summary>
/// First-spike-time cross-entropy of Klos and Memmesheimer (spec 2.7 d): with t_i the first output time of output neuron i
/// (its first ordinary spike, else its first pseudospike, <see cref="ExactTape.OutputTime"/>),
/// L = -log softmax(-t / tau0)[label] + gamma (exp(t_label / T) - 1). The prediction is argmin_i t_i.
/// </summary>
/// <param name="Gamma">Weight gamma of the term that pulls the label's time early (&gt;= 0; the authors use 1e-2).</param>
/// <param name="TemperatureMs">Softmax temperature tau0 in ms (&gt; 0; the authors use none, that is 1 time unit).</param>
public sealed record FirstSpikeCrossEntropy(double Gamma = 1e-2, double TemperatureMs = 1.0)
{
    /// <summary>
    /// Computes the loss of one trial for <paramref name="label"/>, adds dL/d(output times) to the tape's seeds
    /// (scaled by <paramref name="scale"/>, e.g. 1 / batch size) and returns the loss (unscaled).
    /// </summary>
    public double Apply(ExactTape tape, int label, double scale, out int prediction)
    {
        ArgumentNullException.ThrowIfNull(tape);
        int m = tape.OutputCount;
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, m);
        Span<double> t = m <= 64 ? stackalloc double[m] : new double[m];
        prediction = 0;
        for (int i = 0; i < m; i++)
        {
            t[i] = tape.OutputTime(i, 1);
            if (t[i] < t[prediction])
            {
                prediction = i;
            }
        }

        // Stable log-sum-exp of -t / tau0, shifted by the earliest time.
        double tMin = t[prediction];
        double sum = 0.0;
        for (int i = 0; i < m; i++)
        {
            sum += Math.Exp(-(t[i] - tMin) / TemperatureMs);
        }

        double trial = tape.TrialMs;
        double pull = Math.Exp(t[label] / trial);
        double loss = ((t[label] - tMin) / TemperatureMs) + Math.Log(sum) + (Gamma * (pull - 1.0));
        for (int i = 0; i < m; i++)
        {
            double p = Math.Exp(-(t[i] - tMin) / TemperatureMs) / sum;
            double g = -p / TemperatureMs;
            if (i == label)
            {
                g += (1.0 / TemperatureMs) + (Gamma * pull / trial);
            }

            tape.AddOutputTimeGradient(i, 1, scale * g);
        }

        return loss;
    }
}
