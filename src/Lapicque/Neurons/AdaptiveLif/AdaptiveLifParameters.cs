namespace Lapicque.Neurons;

/// <summary>
/// Adaptive-threshold leaky integrate-and-fire neuron (ALIF; Bellec et al. 2018, "Long short-term memory and
/// learning-to-learn in networks of spiking neurons"): a LIF membrane whose threshold rises with each spike and relaxes
/// back. tau_m dV/dt = -(V - V_rest) + R I;  tau_a da/dt = -a + sum_spikes delta(t - t_s);
/// threshold = b0 + beta_a a  (b0 = <see cref="ThresholdMv"/>, beta_a = <see cref="AdaptationMv"/>).
/// </summary>
/// <remarks>
/// <para>
/// One step n, exact for input held over the step, with beta = exp(-dt/tau_m), rho = exp(-dt/tau_a):
/// (1) a decays: a = rho a_{n-1};
/// (2) unless refractory, V = V_rest + beta (V - V_rest) + gain x (gain = 1 - beta for <see cref="InputMode.Current"/>,
/// 1 for <see cref="InputMode.Direct"/>);
/// (3) threshold A = b0 + beta_a a, using the decayed a, which holds every earlier spike but not this step's;
/// (4) if V &gt;= A the neuron fires: V resets (to ResetMv, or by subtracting A - ResetMv, or not at all),
/// a_n = a + 1, and the refractory count starts. A spike is stamped with the end of the step.
/// So a_n = rho a_{n-1} + z_n, the form of Bellec et al. 2020 (e-prop), with the threshold compared before the jump.
/// </para>
/// <para>
/// Bellec et al. 2018 write the jump as (1 - rho) z; their beta_2018 corresponds to AdaptationMv = (1 - rho) beta_2018.
/// Between spikes the threshold relaxes exactly as exp(-t/tau_a) towards b0. While refractory the membrane is held
/// for round(RefractoryMs/dt) steps and a keeps decaying.
/// </para>
/// </remarks>
public sealed record AdaptiveLifParameters : INeuronModel
{
    /// <summary>Membrane time constant in ms (&gt; 0).</summary>
    public double TauMemMs { get; init; } = 20.0;

    /// <summary>Adaptation time constant in ms (&gt; 0): how fast the threshold relaxes back to ThresholdMv.</summary>
    public double TauAdaptMs { get; init; } = 200.0;

    /// <summary>Resting (leak reversal) potential in mV.</summary>
    public double RestMv { get; init; }

    /// <summary>Baseline firing threshold b0 in mV (&gt; ResetMv).</summary>
    public double ThresholdMv { get; init; } = 1.0;

    /// <summary>Threshold increase beta_a per unit of adaptation, in mV (&gt;= 0): each spike raises the threshold by this much.</summary>
    public double AdaptationMv { get; init; } = 0.2;

    /// <summary>Reset potential in mV.</summary>
    public double ResetMv { get; init; }

    /// <summary>Initial membrane potential in mV.</summary>
    public double InitialMv { get; init; }

    /// <summary>Absolute refractory period in ms (&gt;= 0).</summary>
    public double RefractoryMs { get; init; }

    /// <summary>What the reset does; <see cref="ResetMode.Subtract"/> subtracts the current adaptive threshold minus ResetMv.</summary>
    public ResetMode Reset { get; init; } = ResetMode.ToValue;

    /// <summary>How the input enters the membrane.</summary>
    public InputMode Input { get; init; } = InputMode.Current;

    /// <inheritdoc/>
    public string ModelName => "alif";

    /// <inheritdoc/>
    public string InputUnit => Input == InputMode.Current ? "mV" : "mV/step";

    /// <summary>The membrane decay factor per step: beta = exp(-dt/tau_m).</summary>
    public double Beta(double dtMs) => Math.Exp(-dtMs / TauMemMs);

    /// <summary>The adaptation decay factor per step: rho = exp(-dt/tau_a).</summary>
    public double Rho(double dtMs) => Math.Exp(-dtMs / TauAdaptMs);

    /// <summary>
    /// The decay-factor form: membrane decay <paramref name="beta"/> and adaptation decay <paramref name="rho"/> per step
    /// of <paramref name="dtMs"/> (tau = -dt / ln(decay), the exact inverses of <see cref="Beta"/> and <see cref="Rho"/>),
    /// threshold increase <paramref name="adaptation"/> per spike, rest 0, input added once per step, reset by subtraction.
    /// </summary>
    public static AdaptiveLifParameters FromBeta(double beta, double rho, double adaptation, double dtMs = 1.0, double threshold = 1.0, ResetMode reset = ResetMode.Subtract)
    {
        Check.InOpenRange(beta, 0.0, 1.0, nameof(beta));
        Check.InOpenRange(rho, 0.0, 1.0, nameof(rho));
        Check.NonNegative(adaptation, nameof(adaptation));
        Check.Positive(dtMs, nameof(dtMs));
        return new AdaptiveLifParameters
        {
            TauMemMs = -dtMs / Math.Log(beta),
            TauAdaptMs = -dtMs / Math.Log(rho),
            AdaptationMv = adaptation,
            ThresholdMv = threshold,
            Reset = reset,
            Input = InputMode.Direct,
        };
    }

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(TauMemMs);
        Check.Positive(TauAdaptMs);
        Check.Finite(RestMv);
        Check.Finite(ThresholdMv);
        Check.NonNegative(AdaptationMv);
        Check.Finite(ResetMv);
        Check.Finite(InitialMv);
        Check.NonNegative(RefractoryMs);
        Check.That(ThresholdMv > ResetMv, nameof(ThresholdMv), $"> ResetMv ({Check.Format(ResetMv)})", ThresholdMv);
    }

    /// <summary>The per-step constants for time step <paramref name="dtMs"/>, computed once outside the loop.</summary>
    public AdaptiveLifPropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        return new AdaptiveLifPropagator(
            Beta: (float)Beta(dtMs),
            InputGain: (float)(Input == InputMode.Current ? -double.ExpM1(-dtMs / TauMemMs) : 1.0),
            Rho: (float)Rho(dtMs),
            AdaptationMv: (float)AdaptationMv,
            RestMv: (float)RestMv,
            ThresholdMv: (float)ThresholdMv,
            ResetMv: (float)ResetMv,
            Reset: Reset,
            RefractorySteps: (int)Math.Round(RefractoryMs / dtMs));
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new AdaptiveLifPopulation(this, size, dtMs);
}

/// <summary>Per-step constants of <see cref="AdaptiveLifParameters"/> for one dt.</summary>
public readonly record struct AdaptiveLifPropagator(
    float Beta,
    float InputGain,
    float Rho,
    float AdaptationMv,
    float RestMv,
    float ThresholdMv,
    float ResetMv,
    ResetMode Reset,
    int RefractorySteps);
