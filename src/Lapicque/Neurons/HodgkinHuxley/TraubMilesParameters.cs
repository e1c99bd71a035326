namespace Lapicque.Neurons;

/// <summary>
/// The Traub-Miles point neuron of the Brette et al. (2007) simulator review, benchmark 3 ("COBAHH"), as written in
/// Brian2's examples/COBAHH.py: C dV/dt = -gL (V - EL) - gNa m^3 h (V - ENa) - gK n^4 (V - EK) + gE (EE - V) + gI (EI - V) + I.
/// </summary>
/// <remarks>
/// Rates (1/ms) with u = V - VT: alpha_m = 0.32 (13 - u) / (e^{(13-u)/4} - 1), beta_m = 0.28 (u - 40) / (e^{(u-40)/5} - 1),
/// alpha_h = 0.128 e^{(17-u)/18}, beta_h = 4 / (1 + e^{(40-u)/5}), alpha_n = 0.032 (15 - u) / (e^{(15-u)/5} - 1),
/// beta_n = 0.5 e^{(10-u)/40} (0/0 points removed through <see cref="Exprel"/>). Densities are given per cm^2 as in the
/// benchmark and scaled by <see cref="AreaUm2"/> to whole-cell values: C in pF, conductances in nS, current in pA.
/// The synaptic conductances gE, gI (nS) are inputs of the step; their dynamics belong to the synapses. Order within a
/// step: integrate, then detect an upward crossing of <see cref="SpikeThresholdMv"/>, stamped with the step end. Brian2's
/// benchmark detects V &gt; -20 mV with a 3 ms refractory period instead; both count one spike per action potential.
/// </remarks>
public sealed record TraubMilesParameters : INeuronModel
{
    /// <summary>Membrane area in um^2 (&gt; 0); the benchmark cell has 20000 um^2.</summary>
    public double AreaUm2 { get; init; } = 20000.0;

    /// <summary>Specific membrane capacitance in uF/cm^2 (&gt; 0).</summary>
    public double CapacitanceUfPerCm2 { get; init; } = 1.0;

    /// <summary>Leak conductance density in mS/cm^2 (&gt; 0); 5e-5 S/cm^2 in the benchmark.</summary>
    public double GLeakMsPerCm2 { get; init; } = 0.05;

    /// <summary>Sodium conductance density in mS/cm^2 (&gt;= 0).</summary>
    public double GNaMsPerCm2 { get; init; } = 100.0;

    /// <summary>Delayed-rectifier potassium conductance density (g_kd) in mS/cm^2 (&gt;= 0).</summary>
    public double GKMsPerCm2 { get; init; } = 30.0;

    /// <summary>Leak reversal potential in mV.</summary>
    public double ELeakMv { get; init; } = -60.0;

    /// <summary>Potassium reversal potential in mV.</summary>
    public double EKMv { get; init; } = -90.0;

    /// <summary>Sodium reversal potential in mV.</summary>
    public double ENaMv { get; init; } = 50.0;

    /// <summary>VT in mV: shifts every rate function (sets the spike threshold region).</summary>
    public double VTMv { get; init; } = -63.0;

    /// <summary>Reversal potential of the excitatory synaptic conductance in mV.</summary>
    public double ExcitatoryReversalMv { get; init; }

    /// <summary>Reversal potential of the inhibitory synaptic conductance in mV.</summary>
    public double InhibitoryReversalMv { get; init; } = -80.0;

    /// <summary>Spike detection threshold in mV: a spike is an upward crossing within a step.</summary>
    public double SpikeThresholdMv { get; init; } = -20.0;

    /// <summary>Initial membrane potential in mV; the gates start at their steady state there. Range [-150, 100].</summary>
    public double InitialMv { get; init; } = -60.0;

    /// <summary>The integration scheme; the benchmark uses exponential Euler.</summary>
    public HodgkinHuxleyIntegrator Integrator { get; init; } = HodgkinHuxleyIntegrator.ExponentialEuler;

    /// <inheritdoc/>
    public string ModelName => "traub-miles";

    /// <inheritdoc/>
    public string InputUnit => "pA";

    /// <summary>Whole-cell capacitance in pF: uF/cm^2 times the area (1 um^2 = 1e-8 cm^2, 1 uF = 1e6 pF).</summary>
    public double CapacitancePf => CapacitanceUfPerCm2 * AreaUm2 * 1e-2;

    /// <summary>Converts a conductance density in mS/cm^2 to a whole-cell conductance in nS for this area.</summary>
    public double ToNs(double msPerCm2) => msPerCm2 * AreaUm2 * 1e-2;

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(AreaUm2);
        Check.Positive(CapacitanceUfPerCm2);
        Check.Positive(GLeakMsPerCm2);
        Check.NonNegative(GNaMsPerCm2);
        Check.NonNegative(GKMsPerCm2);
        Check.Finite(ELeakMv);
        Check.Finite(EKMv);
        Check.Finite(ENaMv);
        Check.Finite(VTMv);
        Check.Finite(ExcitatoryReversalMv);
        Check.Finite(InhibitoryReversalMv);
        Check.Finite(SpikeThresholdMv);
        Check.InRange(InitialMv, -150.0, 100.0);
        Check.That(Enum.IsDefined(Integrator), nameof(Integrator), "ExponentialEuler or RungeKutta4", (int)Integrator);
    }

    /// <summary>The per-step constants for time step <paramref name="dtMs"/>, in whole-cell units (pF, nS).</summary>
    public TraubMilesPropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        return new TraubMilesPropagator(
            CapacitancePf: (float)CapacitancePf,
            GLeakNs: (float)ToNs(GLeakMsPerCm2),
            GNaNs: (float)ToNs(GNaMsPerCm2),
            GKNs: (float)ToNs(GKMsPerCm2),
            ELeakMv: (float)ELeakMv,
            EKMv: (float)EKMv,
            ENaMv: (float)ENaMv,
            VTMv: (float)VTMv,
            ExcitatoryReversalMv: (float)ExcitatoryReversalMv,
            InhibitoryReversalMv: (float)InhibitoryReversalMv,
            SpikeThresholdMv: (float)SpikeThresholdMv,
            DtMs: (float)dtMs,
            Integrator: Integrator);
    }

    /// <summary>The steady-state gates m_inf, h_inf, n_inf = alpha / (alpha + beta) at <paramref name="vMv"/>.</summary>
    public (double M, double H, double N) SteadyStateGates(double vMv)
    {
        new TraubMilesRates((float)VTMv).Rates((float)vMv, out float am, out float bm, out float ah, out float bh, out float an, out float bn);
        return ((double)am / (am + bm), (double)ah / (ah + bh), (double)an / (an + bn));
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new TraubMilesPopulation(this, size, dtMs);
}

/// <summary>Per-step constants of <see cref="TraubMilesParameters"/> for one dt, in whole-cell units.</summary>
public readonly record struct TraubMilesPropagator(
    float CapacitancePf, float GLeakNs, float GNaNs, float GKNs, float ELeakMv, float EKMv, float ENaMv, float VTMv,
    float ExcitatoryReversalMv, float InhibitoryReversalMv, float SpikeThresholdMv, float DtMs, HodgkinHuxleyIntegrator Integrator)
{
    internal MembraneConstants Membrane => new(
        GNaNs, GKNs, GLeakNs, ENaMv, EKMv, ELeakMv, ExcitatoryReversalMv, InhibitoryReversalMv, CapacitancePf, SpikeThresholdMv, DtMs, Integrator);
}
