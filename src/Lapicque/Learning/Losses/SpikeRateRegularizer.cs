using Lapicque.Numerics;

namespace Lapicque.Learning.Losses;

/// <summary>
/// Spike-rate penalties on a spiking layer's output s [T, B, N] (after Zenke and Vogels 2021), with rates in spikes
/// per step, r[b, n] = (1/T) sum over t of s[t, b, n]:
/// a lower bound per neuron on its batch-mean rate, L_low = LowerStrength (1/N) sum over n of relu(LowerRate - m[n])^2
/// with m[n] = (1/B) sum over b of r[b, n] (wakes silent neurons), and an upper bound per sample on the population
/// rate, L_up = UpperStrength (1/B) sum over b of relu(p[b] - UpperRate)^2 with p[b] = (1/N) sum over n of r[b, n]
/// (keeps activity sparse).
/// </summary>
/// <param name="LowerRate">Minimum batch-mean rate per neuron, in [0, 1] spikes per step.</param>
/// <param name="LowerStrength">Weight of the lower penalty (&gt;= 0; 0 switches it off).</param>
/// <param name="UpperRate">Maximum population rate per sample, in [0, 1] spikes per step.</param>
/// <param name="UpperStrength">Weight of the upper penalty (&gt;= 0; 0 switches it off).</param>
public sealed record SpikeRateRegularizer(double LowerRate = 0.0, double LowerStrength = 0.0, double UpperRate = 1.0, double UpperStrength = 0.0)
{
    /// <summary>Checks the ranges.</summary>
    public void Validate()
    {
        Lapicque.Check.InRange(LowerRate, 0, 1, nameof(LowerRate));
        Lapicque.Check.InRange(UpperRate, 0, 1, nameof(UpperRate));
        Lapicque.Check.NonNegative(LowerStrength, nameof(LowerStrength));
        Lapicque.Check.NonNegative(UpperStrength, nameof(UpperStrength));
    }

    /// <summary>
    /// Returns the penalty L_low + L_up of <paramref name="spikes"/> and adds its gradient into <paramref name="gradient"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes disagree or a field is out of range.</exception>
    public double Apply(Tensor spikes, Tensor gradient)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        ArgumentNullException.ThrowIfNull(gradient);
        Validate();
        if (spikes.Rank < 3 || gradient.Length != spikes.Length)
        {
            throw new ArgumentException($"spikes has shape {spikes.ShapeText} and gradient {gradient.ShapeText}; expected equal shapes [T, B, N].", nameof(gradient));
        }

        int t = spikes.Dim(0), b = spikes.Dim(1), n = spikes.Length / Math.Max(1, t * b);
        var s = spikes.Span;
        var rates = new double[b * n];
        for (int ti = 0; ti < t; ti++)
        {
            var row = s.Slice(ti * b * n, b * n);
            for (int i = 0; i < rates.Length; i++)
            {
                rates[i] += row[i];
            }
        }

        for (int i = 0; i < rates.Length; i++)
        {
            rates[i] /= t;
        }

        // d(penalty)/dr[b, n], then spread over the T steps (dr/ds = 1/T).
        var dr = new double[b * n];
        double penalty = 0;
        if (LowerStrength > 0)
        {
            for (int j = 0; j < n; j++)
            {
                double m = 0;
                for (int bi = 0; bi < b; bi++)
                {
                    m += rates[(bi * n) + j];
                }

                double gap = LowerRate - (m / b);
                if (gap > 0)
                {
                    penalty += LowerStrength * gap * gap / n;
                    for (int bi = 0; bi < b; bi++)
                    {
                        dr[(bi * n) + j] -= LowerStrength * 2 * gap / (n * (double)b);
                    }
                }
            }
        }

        if (UpperStrength > 0)
        {
            for (int bi = 0; bi < b; bi++)
            {
                double p = 0;
                for (int j = 0; j < n; j++)
                {
                    p += rates[(bi * n) + j];
                }

                double excess = (p / n) - UpperRate;
                if (excess > 0)
                {
                    penalty += UpperStrength * excess * excess / b;
                    for (int j = 0; j < n; j++)
                    {
                        dr[(bi * n) + j] += UpperStrength * 2 * excess / (b * (double)n);
                    }
                }
            }
        }

        var g = gradient.Span;
        for (int ti = 0; ti < t; ti++)
        {
            var row = g.Slice(ti * b * n, b * n);
            for (int i = 0; i < dr.Length; i++)
            {
                row[i] += (float)(dr[i] / t);
            }
        }

        return penalty;
    }
}
