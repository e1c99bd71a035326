namespace Lapicque.Networks;

/// <summary>
/// What a spike arriving at a synapse does to the target neuron. Receptors (the state of <see cref="Current"/> and
/// <see cref="Conductance"/> synapses) are per target neuron and shared by every projection onto the same target with
/// equal synapse parameters, as Brian2's ge/gi variables are.
/// </summary>
public abstract record Synapse
{
    /// <summary>The weight is added to the target's membrane potential ("v") when the spike arrives (a voltage jump).</summary>
    public sealed record Delta : Synapse;

    /// <summary>
    /// The weighted spikes arriving in a step are the target's input for that step (I[t] = sum w s[t]): the discrete
    /// form used by trained networks (snnTorch, Norse), in the target model's input unit.
    /// </summary>
    public sealed record Instant : Synapse;

    /// <summary>
    /// Exponential current: the receptor x jumps by the weight and decays with tau, x' = -x / TauMs; the target's input is x
    /// (in the target model's input unit).
    /// </summary>
    public sealed record Current(double TauMs) : Synapse;

    /// <summary>
    /// Exponential conductance: g jumps by the weight (>= 0) and decays with tau; the target's input is g (ReversalMv - v),
    /// so g is in input units per mV (for a LIF with drive in mV, g is relative to the leak conductance).
    /// </summary>
    public sealed record Conductance(double TauMs, double ReversalMv) : Synapse;

    /// <summary>Checks the parameters; <paramref name="path"/> names the synapse in errors.</summary>
    public void Validate(string path)
    {
        switch (this)
        {
            case Current c:
                Check.Positive(c.TauMs, path + ".tau_ms");
                break;
            case Conductance g:
                Check.Positive(g.TauMs, path + ".tau_ms");
                Check.Finite(g.ReversalMv, path + ".reversal_mv");
                break;
        }
    }
}

/// <summary>Transmission delay of a projection's synapses.</summary>
public abstract record DelayInit
{
    /// <summary>The same delay for every synapse.</summary>
    public sealed record Constant(double Ms) : DelayInit;

    /// <summary>Uniform in [LowMs, HighMs) per synapse.</summary>
    public sealed record Uniform(double LowMs, double HighMs) : DelayInit;

    /// <summary>One delay per synapse, in creation order.</summary>
    public sealed record Values(float[] Ms) : DelayInit;

    /// <summary>Checks the delays; <paramref name="path"/> names them in errors.</summary>
    public void Validate(string path)
    {
        switch (this)
        {
            case Constant c:
                Check.NonNegative(c.Ms, path + ".ms");
                break;
            case Uniform u:
                Check.NonNegative(u.LowMs, path + ".low_ms");
                Check.That(u.HighMs >= u.LowMs && double.IsFinite(u.HighMs), path + ".high_ms", $"finite and >= low_ms ({Check.Format(u.LowMs)})", u.HighMs);
                break;
            case Values v:
                for (int k = 0; k < v.Ms.Length; k++)
                {
                    Check.NonNegative(v.Ms[k], $"{path}.ms[{k}]");
                }

                break;
        }
    }
}
