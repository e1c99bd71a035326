using Lapicque.Numerics;

namespace Lapicque.Learning.Plasticity;

/// <summary>
/// One exponentially decaying trace per neuron, x' = -x / tau, that jumps at the neuron's spikes (by 1, or to 1 for
/// nearest-spike pairing). Decay is exact for the step, x &lt;- x exp(-dt/tau), done in one SIMD pass per step.
/// </summary>
public sealed class SpikeTrace
{
    private readonly float _decay;

    /// <summary>Creates <paramref name="size"/> traces with time constant <paramref name="tauMs"/> for time step <paramref name="dtMs"/>.</summary>
    public SpikeTrace(int size, double tauMs, double dtMs)
    {
        Check.Positive(tauMs);
        Check.Positive(dtMs);
        Values = new float[size];
        TauMs = tauMs;
        _decay = (float)Math.Exp(-dtMs / tauMs);
    }

    /// <summary>The trace values.</summary>
    public float[] Values { get; }

    /// <summary>Time constant in ms.</summary>
    public double TauMs { get; }

    /// <summary>Decays every trace by one step.</summary>
    public void Decay() => VectorMath.Decay(Values, _decay);

    /// <summary>Adds the spikes of <paramref name="fired"/>: x += 1 (all-to-all) or x = 1 (nearest).</summary>
    public void Spike(ReadOnlySpan<int> fired, SpikePairing pairing)
    {
        var x = Values;
        if (pairing == SpikePairing.AllToAll)
        {
            foreach (int i in fired)
            {
                x[i] += 1f;
            }
        }
        else
        {
            foreach (int i in fired)
            {
                x[i] = 1f;
            }
        }
    }

    /// <summary>Sets every trace to zero.</summary>
    public void Clear() => Array.Clear(Values);
}
