namespace Lapicque.Neurons;

/// <summary>How the Hodgkin-Huxley-type models advance their four variables over one step.</summary>
public enum HodgkinHuxleyIntegrator
{
    /// <summary>
    /// Exponential Euler: each variable is advanced exactly with the others frozen at t, x(t+dt) = x_inf + (x - x_inf)
    /// e^{-dt/tau_x}, the membrane likewise with its total conductance. Stable at any dt, first order; Brian2's
    /// "exponential_euler" and NEURON's default gate update.
    /// </summary>
    ExponentialEuler,

    /// <summary>Classical fourth-order Runge-Kutta on (V, m, h, n), input held over the step. Needs dt &lt;~ 0.05 ms.</summary>
    RungeKutta4,
}

/// <summary>
/// The Hodgkin-Huxley (1952) squid giant axon membrane, per unit area:
/// C dV/dt = -gNa m^3 h (V - ENa) - gK n^4 (V - EK) - gL (V - EL) + I, dx/dt = alpha_x(V) (1 - x) - beta_x(V) x.
/// </summary>
/// <remarks>
/// Modern sign convention: V is the absolute membrane potential in mV and rests near -65 mV; the leak reversal
/// -54.387 mV is the value that makes -65 mV the exact resting point with the standard rates. Rates (1/ms) are those of
/// the 1952 paper shifted by -65 mV, multiplied by 3^((T - 6.3)/10):
/// alpha_m = 0.1 (V+40) / (1 - e^{-(V+40)/10}), beta_m = 4 e^{-(V+65)/18}, alpha_h = 0.07 e^{-(V+65)/20},
/// beta_h = 1 / (1 + e^{-(V+35)/10}), alpha_n = 0.01 (V+55) / (1 - e^{-(V+55)/10}), beta_n = 0.125 e^{-(V+65)/80};
/// the 0/0 points of alpha_m and alpha_n are removed through <see cref="Exprel"/>. Input is a current density in uA/cm^2
/// held over the step. Order within a step: integrate (<see cref="Integrator"/>), then detect an upward crossing of
/// <see cref="SpikeThresholdMv"/>; there is no reset, the action potential is the dynamics. A spike is stamped with
/// the end of the step. Initial gates are the steady-state values at <see cref="InitialMv"/>.
/// </remarks>
public sealed record HodgkinHuxleyParameters : INeuronModel
{
    /// <summary>Membrane capacitance in uF/cm^2 (&gt; 0).</summary>
    public double CapacitanceUfPerCm2 { get; init; } = 1.0;

    /// <summary>Maximal sodium conductance in mS/cm^2 (&gt;= 0).</summary>
    public double GNaMsPerCm2 { get; init; } = 120.0;

    /// <summary>Maximal potassium conductance in mS/cm^2 (&gt;= 0).</summary>
    public double GKMsPerCm2 { get; init; } = 36.0;

    /// <summary>Leak conductance in mS/cm^2 (&gt; 0).</summary>
    public double GLeakMsPerCm2 { get; init; } = 0.3;

    /// <summary>Sodium reversal potential in mV.</summary>
    public double ENaMv { get; init; } = 50.0;

    /// <summary>Potassium reversal potential in mV.</summary>
    public double EKMv { get; init; } = -77.0;

    /// <summary>Leak reversal potential in mV.</summary>
    public double ELeakMv { get; init; } = -54.387;

    /// <summary>Temperature in degrees Celsius; rates scale with Q10 = 3 from the reference 6.3 C. Range [-20, 50].</summary>
    public double TemperatureCelsius { get; init; } = 6.3;

    /// <summary>Spike detection threshold in mV: a spike is an upward crossing within a step.</summary>
    public double SpikeThresholdMv { get; init; }

    /// <summary>Initial membrane potential in mV; the gates start at their steady state there. Range [-150, 100].</summary>
    public double InitialMv { get; init; } = -65.0;

    /// <summary>The integration scheme.</summary>
    public HodgkinHuxleyIntegrator Integrator { get; init; } = HodgkinHuxleyIntegrator.ExponentialEuler;

    /// <inheritdoc/>
    public string ModelName => "hh";

    /// <inheritdoc/>
    public string InputUnit => "uA/cm^2";

    /// <summary>The rate factor phi = 3^((T - 6.3)/10).</summary>
    public double TemperatureFactor => Math.Pow(3.0, (TemperatureCelsius - 6.3) / 10.0);

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(CapacitanceUfPerCm2);
        Check.NonNegative(GNaMsPerCm2);
        Check.NonNegative(GKMsPerCm2);
        Check.Positive(GLeakMsPerCm2);
        Check.Finite(ENaMv);
        Check.Finite(EKMv);
        Check.Finite(ELeakMv);
        Check.InRange(TemperatureCelsius, -20.0, 50.0);
        Check.Finite(SpikeThresholdMv);
        Check.InRange(InitialMv, -150.0, 100.0);
        Check.That(Enum.IsDefined(Integrator), nameof(Integrator), "ExponentialEuler or RungeKutta4", (int)Integrator);
    }

    /// <summary>The per-step constants for time step <paramref name="dtMs"/>.</summary>
    public HodgkinHuxleyPropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        return new HodgkinHuxleyPropagator(
            CapacitanceUfPerCm2: (float)CapacitanceUfPerCm2,
            GNaMsPerCm2: (float)GNaMsPerCm2,
            GKMsPerCm2: (float)GKMsPerCm2,
            GLeakMsPerCm2: (float)GLeakMsPerCm2,
            ENaMv: (float)ENaMv,
            EKMv: (float)EKMv,
            ELeakMv: (float)ELeakMv,
            TemperatureFactor: (float)TemperatureFactor,
            SpikeThresholdMv: (float)SpikeThresholdMv,
            DtMs: (float)dtMs,
            Integrator: Integrator);
    }

    /// <summary>The steady-state gates m_inf, h_inf, n_inf = alpha / (alpha + beta) at <paramref name="vMv"/>.</summary>
    public (double M, double H, double N) SteadyStateGates(double vMv)
    {
        new SquidAxonRates((float)TemperatureFactor).Rates((float)vMv, out float am, out float bm, out float ah, out float bh, out float an, out float bn);
        return ((double)am / (am + bm), (double)ah / (ah + bh), (double)an / (an + bn));
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new HodgkinHuxleyPopulation(this, size, dtMs);
}

/// <summary>Per-step constants of <see cref="HodgkinHuxleyParameters"/> for one dt.</summary>
public readonly record struct HodgkinHuxleyPropagator(
    float CapacitanceUfPerCm2, float GNaMsPerCm2, float GKMsPerCm2, float GLeakMsPerCm2, float ENaMv, float EKMv, float ELeakMv,
    float TemperatureFactor, float SpikeThresholdMv, float DtMs, HodgkinHuxleyIntegrator Integrator)
{
    internal MembraneConstants Membrane => new(
        GNaMsPerCm2, GKMsPerCm2, GLeakMsPerCm2, ENaMv, EKMv, ELeakMv, 0f, 0f, CapacitanceUfPerCm2, SpikeThresholdMv, DtMs, Integrator);
}
