namespace Lapicque.Neurons;

/// <summary>
/// Current-based leaky integrate-and-fire neuron with an exponential synaptic current (CUBA LIF):
/// tau_syn dI/dt = -I + sum_k x_k delta(t - t_k),  tau_mem dV/dt = -(V - V_rest) + I.
/// I is the synaptic drive in mV (R times the synaptic current); each step's input x jumps I, as a spike's weight does.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="InputMode.Current"/> (the default) integrates the 2x2 linear system exactly over a step. The input x
/// arrives at the start of the step, I0 = I + x, and then, with a = exp(-dt/tau_syn) and b = exp(-dt/tau_mem):
/// I(t+dt) = a I0 and V(t+dt) = V_rest + b (V - V_rest) + c I0, where
/// c = tau_syn / (tau_syn - tau_mem) (a - b), which tends to (dt/tau) exp(-dt/tau) as tau_syn tends to tau_mem = tau.
/// The propagator evaluates c without cancellation near that limit (see <see cref="Propagator"/>).
/// </para>
/// <para>
/// <see cref="InputMode.Direct"/> is snnTorch's "Synaptic" discrete form with decay factors Alpha and Beta:
/// I' = Alpha I + x, V' = V_rest + Beta (V - V_rest) + I'. Use <see cref="FromBeta"/> to build it.
/// </para>
/// <para>
/// Order within a step: the current takes the input and evolves (also while refractory); unless refractory, the
/// membrane integrates; the membrane is compared with the threshold; on a spike it resets and the refractory count
/// starts. A spike is stamped with the end of the step. While refractory the membrane is held for
/// round(RefractoryMs/dt) steps; the synaptic current keeps integrating its inputs, so nothing that arrives is lost.
/// </para>
/// </remarks>
public sealed record CubaLifParameters : INeuronModel
{
    /// <summary>Membrane time constant in ms (&gt; 0).</summary>
    public double TauMemMs { get; init; } = 20.0;

    /// <summary>Synaptic current time constant in ms (&gt; 0). May equal <see cref="TauMemMs"/>.</summary>
    public double TauSynMs { get; init; } = 5.0;

    /// <summary>Resting (leak reversal) potential in mV.</summary>
    public double RestMv { get; init; }

    /// <summary>Firing threshold in mV (&gt; ResetMv).</summary>
    public double ThresholdMv { get; init; } = 1.0;

    /// <summary>Reset potential in mV.</summary>
    public double ResetMv { get; init; }

    /// <summary>Initial membrane potential in mV.</summary>
    public double InitialMv { get; init; }

    /// <summary>Initial synaptic drive I in mV.</summary>
    public double InitialCurrentMv { get; init; }

    /// <summary>Absolute refractory period in ms (&gt;= 0).</summary>
    public double RefractoryMs { get; init; }

    /// <summary>What the reset does.</summary>
    public ResetMode Reset { get; init; } = ResetMode.ToValue;

    /// <summary>Exact continuous-time propagator or snnTorch's discrete Synaptic form.</summary>
    public InputMode Input { get; init; } = InputMode.Current;

    /// <inheritdoc/>
    public string ModelName => "cubalif";

    /// <inheritdoc/>
    /// <remarks>The input is a jump of the synaptic drive I per step, in mV, in both input modes.</remarks>
    public string InputUnit => "mV";

    /// <summary>The synaptic decay factor per step: alpha = exp(-dt/tau_syn).</summary>
    public double Alpha(double dtMs) => Math.Exp(-dtMs / TauSynMs);

    /// <summary>The membrane decay factor per step: beta = exp(-dt/tau_mem).</summary>
    public double Beta(double dtMs) => Math.Exp(-dtMs / TauMemMs);

    /// <summary>
    /// snnTorch's Synaptic neuron: synaptic decay <paramref name="alpha"/> and membrane decay <paramref name="beta"/>
    /// per step of <paramref name="dtMs"/>, with tau = -dt / ln(decay) (the exact inverses of <see cref="Alpha"/> and
    /// <see cref="Beta"/>); rest 0, input added to I once per step (<see cref="InputMode.Direct"/>), reset by subtraction.
    /// </summary>
    public static CubaLifParameters FromBeta(double alpha, double beta, double dtMs = 1.0, double threshold = 1.0, ResetMode reset = ResetMode.Subtract)
    {
        Check.InOpenRange(alpha, 0.0, 1.0, nameof(alpha));
        Check.InOpenRange(beta, 0.0, 1.0, nameof(beta));
        Check.Positive(dtMs, nameof(dtMs));
        return new CubaLifParameters
        {
            TauSynMs = -dtMs / Math.Log(alpha),
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
        Check.Positive(TauSynMs);
        Check.Finite(RestMv);
        Check.Finite(ThresholdMv);
        Check.Finite(ResetMv);
        Check.Finite(InitialMv);
        Check.Finite(InitialCurrentMv);
        Check.NonNegative(RefractoryMs);
        Check.That(ThresholdMv > ResetMv, nameof(ThresholdMv), $"> ResetMv ({Check.Format(ResetMv)})", ThresholdMv);
    }

    /// <summary>
    /// The per-step constants for time step <paramref name="dtMs"/>, computed once in double outside the loop.
    /// With h_m = dt/tau_mem, h_s = dt/tau_syn and d = h_m - h_s, the current-to-membrane factor is
    /// c = h_m (a - b) / d, evaluated as c = h_m b expm1(d) / d when |d| &lt; 1 so that it stays exact as
    /// tau_syn approaches tau_mem (d = 0 gives the limit c = h b).
    /// </summary>
    public CubaLifPropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        double a = Alpha(dtMs);
        double b = Beta(dtMs);
        float toCurrent, currentToMem, toMem;
        if (Input == InputMode.Current)
        {
            double c = CurrentToMembrane(dtMs / TauMemMs, dtMs / TauSynMs);
            toCurrent = (float)a;
            currentToMem = (float)c;
            toMem = (float)c;
        }
        else
        {
            toCurrent = 1f;
            currentToMem = (float)a;
            toMem = 1f;
        }

        return new CubaLifPropagator(
            Alpha: (float)a,
            Beta: (float)b,
            CurrentToMem: currentToMem,
            InputToCurrent: toCurrent,
            InputToMem: toMem,
            RestMv: (float)RestMv,
            ThresholdMv: (float)ThresholdMv,
            ResetMv: (float)ResetMv,
            Reset: Reset,
            RefractorySteps: (int)Math.Round(RefractoryMs / dtMs));
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new CubaLifPopulation(this, size, dtMs);

    // c = tau_s/(tau_s - tau_m) (exp(-h_s) - exp(-h_m)) = h_m (exp(-h_s) - exp(-h_m)) / d with d = h_m - h_s.
    // Near d = 0 the difference cancels; exp(-h_s) - exp(-h_m) = exp(-h_m) (e^d - 1) with (e^d - 1)/d summed as its
    // series is exact there (double.ExpM1 is computed as Exp(x) - 1 and would cancel too). Far from 0 the direct
    // difference avoids 0 * inf when exp(-h_m) underflows.
    private static double CurrentToMembrane(double hMem, double hSyn)
    {
        double d = hMem - hSyn;
        if (Math.Abs(d) < 1.0)
        {
            return hMem * Math.Exp(-hMem) * ExpM1OverX(d);
        }

        return hMem * (Math.Exp(-hSyn) - Math.Exp(-hMem)) / d;
    }

    // (e^x - 1)/x = sum_k x^k/(k+1)! for |x| < 1; 18 terms leave a remainder below 1/19! = 8e-18.
    private static double ExpM1OverX(double x)
    {
        double sum = 0.0;
        for (int k = 18; k >= 1; k--)
        {
            sum = (sum + 1.0) * x / (k + 1);
        }

        return sum + 1.0;
    }
}

/// <summary>
/// Per-step constants of <see cref="CubaLifParameters"/> for one dt. One step computes
/// I' = Alpha I + InputToCurrent x and V' = RestMv + Beta (V - RestMv) + CurrentToMem I + InputToMem x.
/// </summary>
public readonly record struct CubaLifPropagator(
    float Alpha,
    float Beta,
    float CurrentToMem,
    float InputToCurrent,
    float InputToMem,
    float RestMv,
    float ThresholdMv,
    float ResetMv,
    ResetMode Reset,
    int RefractorySteps);
