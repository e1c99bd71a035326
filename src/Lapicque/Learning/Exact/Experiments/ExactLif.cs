namespace Lapicque.Learning.Exact.Experiments;

/// <summary>
/// The exact first spike of the comparison LIF neuron of the concept figure (spec 2.7 a): tau_m dV/dt = -V + I with
/// tau_m = 2 tau_s, so that from (V0, I0) the flow is V(t) = V0 x + I0 (x - x^2), I(t) = I0 x^2 with x = exp(-t / tau_m);
/// an input of weight w makes I jump by w; a spike is V reaching the threshold 1 (no reset is needed: only the first
/// spike is asked for).
/// </summary>
internal static class ExactLif
{
    /// <summary>
    /// The first time in [0, <paramref name="trialMs"/>) at which V reaches 1, or NaN for none, from rest with the
    /// inputs (time, weight) sorted by time.
    /// </summary>
    public static double FirstSpike(ReadOnlySpan<(double TimeMs, double Weight)> inputs, double tauMemMs, double trialMs)
    {
        double v = 0.0, i = 0.0, t = 0.0;
        for (int k = 0; k <= inputs.Length; k++)
        {
            double next = k < inputs.Length ? Math.Min(inputs[k].TimeMs, trialMs) : trialMs;
            double dt = CrossingTime(v, i, tauMemMs);
            if (t + dt < next)
            {
                return t + dt;
            }

            double x = Math.Exp(-(next - t) / tauMemMs);
            v = (v * x) + (i * (x - (x * x)));
            i *= x * x;
            t = next;
            if (k == inputs.Length || inputs[k].TimeMs >= trialMs)
            {
                break;
            }

            i += inputs[k].Weight;
        }

        return double.NaN;
    }

    // The earliest dt >= 0 with V(dt) = 1: the largest root x in (0, 1] of I0 x^2 - (V0 + I0) x + 1 = 0, dt = -tau ln x.
    private static double CrossingTime(double v0, double i0, double tau)
    {
        if (v0 >= 1.0)
        {
            return 0.0;
        }

        double a = i0, b = -(v0 + i0);
        double best = double.NaN;
        if (a == 0.0)
        {
            best = b == 0.0 ? double.NaN : 1.0 / -b;
        }
        else
        {
            double disc = (b * b) - (4.0 * a);
            if (disc < 0.0)
            {
                return double.PositiveInfinity;
            }

            // Both roots without cancellation: q = -(b + sign(b) sqrt(disc)) / 2, roots q / a and 1 / q.
            double q = -0.5 * (b + (Math.Sign(b == 0 ? 1.0 : b) * Math.Sqrt(disc)));
            foreach (double x in (ReadOnlySpan<double>)[q / a, q == 0.0 ? double.NaN : 1.0 / q])
            {
                if (x > 0.0 && x <= 1.0 && !(x <= best))
                {
                    best = x;
                }
            }
        }

        return best > 0.0 && best <= 1.0 ? -tau * Math.Log(best) : double.PositiveInfinity;
    }
}
