namespace Lapicque.Neurons;

/// <summary>
/// Non-leaky integrate-and-fire neuron (perfect integrator): tau dV/dt = I, the LIF with its leak removed.
/// One step computes V' = V + gain x.
/// </summary>
/// <remarks>
/// <see cref="InputMode.Current"/> (the default): the input x is the drive R*I in mV held over the step, as for
/// <see cref="LifParameters"/>, and gain = dt / TauMemMs, which is exact for held input. From the reset a constant
/// drive x reaches the threshold after (ThresholdMv - ResetMv) / (gain x) steps.
/// <see cref="InputMode.Direct"/>: gain = 1, the input is added once per step (the discrete IF of SpikingJelly and of
/// ANN-to-SNN conversion; build it with <see cref="Discrete"/>).
/// Order within a step: integrate (unless refractory), compare with the threshold, reset, start the refractory count.
/// A spike is stamped with the end of the step. After a spike the membrane is held for round(RefractoryMs/dt) steps.
/// There is no lower bound: a negative drive lowers V without limit.
/// </remarks>
public sealed record IntegrateAndFireParameters : INeuronModel
{
    /// <summary>Integration time constant in ms (&gt; 0): the membrane time constant of the LIF this one removes the leak from.</summary>
    public double TauMemMs { get; init; } = 20.0;

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
    public string ModelName => "if";

    /// <inheritdoc/>
    public string InputUnit => Input == InputMode.Current ? "mV" : "mV/step";

    /// <summary>The input gain per step: dt / TauMemMs for <see cref="InputMode.Current"/>, 1 for <see cref="InputMode.Direct"/>.</summary>
    public double Gain(double dtMs) => Input == InputMode.Current ? dtMs / TauMemMs : 1.0;

    /// <summary>
    /// The discrete form V' = V + x with threshold <paramref name="threshold"/>, reset 0 and the given reset mode
    /// (by subtraction by default, as ANN-to-SNN conversion uses it).
    /// </summary>
    public static IntegrateAndFireParameters Discrete(double threshold = 1.0, ResetMode reset = ResetMode.Subtract) =>
        new() { ThresholdMv = threshold, Reset = reset, Input = InputMode.Direct };

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(TauMemMs);
        Check.Finite(ThresholdMv);
        Check.Finite(ResetMv);
        Check.Finite(InitialMv);
        Check.NonNegative(RefractoryMs);
        Check.That(ThresholdMv > ResetMv, nameof(ThresholdMv), $"> ResetMv ({Check.Format(ResetMv)})", ThresholdMv);
    }

    /// <summary>The per-step constants for time step <paramref name="dtMs"/>.</summary>
    public IntegrateAndFirePropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        return new IntegrateAndFirePropagator(
            InputGain: (float)Gain(dtMs),
            ThresholdMv: (float)ThresholdMv,
            ResetMv: (float)ResetMv,
            Reset: Reset,
            RefractorySteps: (int)Math.Round(RefractoryMs / dtMs));
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new IntegrateAndFirePopulation(this, size, dtMs);
}

/// <summary>Per-step constants of <see cref="IntegrateAndFireParameters"/> for one dt: V' = V + InputGain x.</summary>
public readonly record struct IntegrateAndFirePropagator(float InputGain, float ThresholdMv, float ResetMv, ResetMode Reset, int RefractorySteps);
