namespace Lapicque.Neurons;

/// <summary>
/// Leaky integrator (LI): the LIF membrane without threshold, a non-spiking readout.
/// tau_m dV/dt = -(V - V_rest) + R I.
/// </summary>
/// <remarks>
/// Integration is exact for input held constant over a step: V(t+dt) = V_rest + (V - V_rest) beta + gain x with
/// beta = exp(-dt/tau_m) and gain = 1 - beta (<see cref="InputMode.Current"/>, x is the drive R*I in mV) or gain = 1
/// (<see cref="InputMode.Direct"/>, the discrete readout of snnTorch and Norse; build it with <see cref="FromBeta"/>).
/// A step writes no spikes. An impulse x in one step of <see cref="InputMode.Direct"/> decays as x beta^k; a step of
/// drive x from rest rises as x (1 - exp(-t/tau_m)).
/// </remarks>
public sealed record LeakyIntegratorParameters : INeuronModel
{
    /// <summary>Membrane time constant in ms (&gt; 0).</summary>
    public double TauMemMs { get; init; } = 20.0;

    /// <summary>Resting (leak reversal) potential in mV.</summary>
    public double RestMv { get; init; }

    /// <summary>Initial membrane potential in mV.</summary>
    public double InitialMv { get; init; }

    /// <summary>How the input enters the membrane.</summary>
    public InputMode Input { get; init; } = InputMode.Current;

    /// <inheritdoc/>
    public string ModelName => "li";

    /// <inheritdoc/>
    public string InputUnit => Input == InputMode.Current ? "mV" : "mV/step";

    /// <summary>The decay factor per step: beta = exp(-dt/tau_m).</summary>
    public double Beta(double dtMs) => Math.Exp(-dtMs / TauMemMs);

    /// <summary>
    /// The decay-factor form: decay <paramref name="beta"/> per step of <paramref name="dtMs"/>, with
    /// tau_m = -dt / ln(beta) (the exact inverse of <see cref="Beta"/>), rest 0 and the input added once per step.
    /// </summary>
    public static LeakyIntegratorParameters FromBeta(double beta, double dtMs = 1.0)
    {
        Check.InOpenRange(beta, 0.0, 1.0, nameof(beta));
        Check.Positive(dtMs, nameof(dtMs));
        return new LeakyIntegratorParameters { TauMemMs = -dtMs / Math.Log(beta), Input = InputMode.Direct };
    }

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(TauMemMs);
        Check.Finite(RestMv);
        Check.Finite(InitialMv);
    }

    /// <summary>The per-step constants for time step <paramref name="dtMs"/>, computed once outside the loop.</summary>
    public LeakyIntegratorPropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        return new LeakyIntegratorPropagator(
            Beta: (float)Beta(dtMs),
            InputGain: (float)(Input == InputMode.Current ? -double.ExpM1(-dtMs / TauMemMs) : 1.0),
            RestMv: (float)RestMv);
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new LeakyIntegratorPopulation(this, size, dtMs);
}

/// <summary>Per-step constants of <see cref="LeakyIntegratorParameters"/>: V' = RestMv + Beta (V - RestMv) + InputGain x.</summary>
public readonly record struct LeakyIntegratorPropagator(float Beta, float InputGain, float RestMv);
