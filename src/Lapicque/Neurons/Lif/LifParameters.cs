namespace Lapicque.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron (Lapicque 1907): tau_m dV/dt = -(V - V_rest) + R I.
/// </summary>
/// <remarks>
/// Integration is exact for input held constant over a step: V(t+dt) = V_rest + (V - V_rest) beta + gain I with
/// beta = exp(-dt/tau_m) and gain = 1 - beta (<see cref="InputMode.Current"/>, input is the drive R*I in mV) or
/// gain = 1 (<see cref="InputMode.Direct"/>, snnTorch's discrete form). Order within a step: integrate (unless
/// refractory), compare with the threshold, reset, start the refractory count. A spike is stamped with the end of the
/// step. After a spike the membrane is held for round(RefractoryMs/dt) steps.
/// Use <see cref="FromBeta"/> for the dimensionless, decay-factor form.
/// </remarks>
public sealed record LifParameters : INeuronModel
{
    /// <summary>Membrane time constant in ms (&gt; 0).</summary>
    public double TauMemMs { get; init; } = 20.0;

    /// <summary>Resting (leak reversal) potential in mV.</summary>
    public double RestMv { get; init; }

    /// <summary>Firing threshold in mV (&gt; ResetMv).</summary>
    public double ThresholdMv { get; init; } = 1.0;

    /// <summary>Reset potential in mV.</summary>
    public double ResetMv { get; init; }

    /// <summary>Initial membrane potential in mV.</summary>
    public double InitialMv { get; init; }

    /// <summary>Absolute refractory period in ms (&gt;= 0).</summary>
    public double RefractoryMs { get; init; }

    /// <summary>What the reset does.</summary>
    public ResetMode Reset { get; init; } = ResetMode.ToValue;

    /// <summary>How the input enters the membrane.</summary>
    public InputMode Input { get; init; } = InputMode.Current;

    /// <inheritdoc/>
    public string ModelName => "lif";

    /// <inheritdoc/>
    public string InputUnit => Input == InputMode.Current ? "mV" : "mV/step";

    /// <summary>The decay factor per step: beta = exp(-dt/tau_m).</summary>
    public double Beta(double dtMs) => Math.Exp(-dtMs / TauMemMs);

    /// <summary>
    /// The decay-factor form: membrane decay <paramref name="beta"/> per step of <paramref name="dtMs"/>, with
    /// tau_m = -dt / ln(beta) (the exact inverse of <see cref="Beta"/>). Defaults to snnTorch's Leaky: threshold 1,
    /// rest 0, reset by subtraction, input added directly each step.
    /// </summary>
    public static LifParameters FromBeta(double beta, double dtMs = 1.0, double threshold = 1.0, ResetMode reset = ResetMode.Subtract)
    {
        Check.InOpenRange(beta, 0.0, 1.0, nameof(beta));
        Check.Positive(dtMs, nameof(dtMs));
        return new LifParameters
        {
            TauMemMs = -dtMs / Math.Log(beta),
            ThresholdMv = threshold,
            Reset = reset,
            Input = InputMode.Direct,
        };
    }

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(TauMemMs);
        Check.Finite(RestMv);
        Check.Finite(ThresholdMv);
        Check.Finite(ResetMv);
        Check.Finite(InitialMv);
        Check.NonNegative(RefractoryMs);
        Check.That(ThresholdMv > ResetMv, nameof(ThresholdMv), $"> ResetMv ({Check.Format(ResetMv)})", ThresholdMv);
    }

    /// <summary>The per-step constants for time step <paramref name="dtMs"/>, computed once outside the loop.</summary>
    public LifPropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        double beta = Beta(dtMs);
        return new LifPropagator(
            Beta: (float)beta,
            InputGain: (float)(Input == InputMode.Current ? -double.ExpM1(-dtMs / TauMemMs) : 1.0),
            RestMv: (float)RestMv,
            ThresholdMv: (float)ThresholdMv,
            ResetMv: (float)ResetMv,
            Reset: Reset,
            RefractorySteps: (int)Math.Round(RefractoryMs / dtMs));
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new LifPopulation(this, size, dtMs);
}

/// <summary>Per-step constants of <see cref="LifParameters"/> for one dt.</summary>
public readonly record struct LifPropagator(
    float Beta, float InputGain, float RestMv, float ThresholdMv, float ResetMv, ResetMode Reset, int RefractorySteps);
