using System.Collections.Frozen;

namespace Lapicque.Neurons;

/// <summary>
/// The adaptive exponential integrate-and-fire neuron (Brette and Gerstner 2005, J. Neurophysiol. 94:3637-3642):
/// C dV/dt = -gL (V - EL) + gL DeltaT exp((V - VT)/DeltaT) - w + I, tau_w dw/dt = a (V - EL) - w;
/// if V &gt;= Vpeak then V = Vr, w = w + b.
/// </summary>
/// <remarks>
/// Units: C in pF, conductances in nS, potentials in mV, time in ms, w and I in pA (pF mV/ms = nS mV = pA).
/// Integration: forward Euler on (V, w) from the state at t, as in the Brian2 reproduction of Naud et al. (2008) at
/// dt = 0.1 ms. The exponential's argument is capped at <see cref="MaxExponent"/> so that a step which overshoots
/// the peak stays finite; only the crossing matters. Order within a step: integrate, compare V with
/// <see cref="PeakMv"/>, reset (V = Vr, w += b). A spike is stamped with the end of the step.
/// The defaults are the regular-spiking cell of Brette and Gerstner (2005); <see cref="Presets"/> holds the firing
/// patterns of Naud et al. (2008).
/// </remarks>
public sealed record AdExParameters : INeuronModel
{
    /// <summary>Upper bound of the exponential's argument (V - VT)/DeltaT, see the remarks.</summary>
    public const float MaxExponent = 60f;

    /// <summary>Membrane capacitance C in pF (&gt; 0).</summary>
    public double CapacitancePf { get; init; } = 281.0;

    /// <summary>Leak conductance gL in nS (&gt; 0).</summary>
    public double GLeakNs { get; init; } = 30.0;

    /// <summary>Leak reversal potential EL in mV.</summary>
    public double ELeakMv { get; init; } = -70.6;

    /// <summary>Threshold slope point VT in mV.</summary>
    public double VTMv { get; init; } = -50.4;

    /// <summary>Slope factor DeltaT in mV (&gt; 0); sharpness of the spike initiation.</summary>
    public double DeltaTMv { get; init; } = 2.0;

    /// <summary>Adaptation time constant tau_w in ms (&gt; 0).</summary>
    public double TauWMs { get; init; } = 144.0;

    /// <summary>Subthreshold adaptation a in nS (any sign; negative values make w amplify depolarisation).</summary>
    public double ANs { get; init; } = 4.0;

    /// <summary>Spike-triggered adaptation increment b in pA (finite).</summary>
    public double BPa { get; init; } = 80.5;

    /// <summary>Reset potential Vr in mV (&lt; PeakMv).</summary>
    public double ResetMv { get; init; } = -70.6;

    /// <summary>Spike cut-off Vpeak in mV (&gt; VTMv). Naud et al.'s patterns are reproduced with 0 mV.</summary>
    public double PeakMv { get; init; }

    /// <summary>Initial V in mV; when null, EL.</summary>
    public double? InitialMv { get; init; }

    /// <summary>Initial adaptation current w in pA.</summary>
    public double InitialWPa { get; init; }

    /// <inheritdoc/>
    public string ModelName => "adex";

    /// <inheritdoc/>
    public string InputUnit => "pA";

    /// <summary>The initial V in mV: <see cref="InitialMv"/> or EL.</summary>
    public double InitialMvValue => InitialMv ?? ELeakMv;

    /// <summary>
    /// The eight firing patterns of Naud, Marcille, Clopath and Gerstner (2008), Biol. Cybern. 99:335-347, Table 1
    /// (C pF, gL nS, EL mV, VT mV, DeltaT mV, a nS, tau_w ms, b pA, Vr mV), keyed case-insensitively:
    /// tonic (200, 10, -70, -50, 2, 2, 30, 0, -58); adapting (200, 12, -70, -50, 2, 2, 300, 60, -58);
    /// initial-burst (130, 18, -58, -50, 2, 4, 150, 120, -50); regular-bursting (200, 10, -58, -50, 2, 2, 120, 100, -46);
    /// delayed-accelerating (200, 12, -70, -50, 2, -10, 300, 0, -58); delayed-regular-bursting (100, 10, -65, -50, 2,
    /// -10, 90, 30, -47); transient (100, 10, -65, -50, 2, 10, 90, 100, -47); irregular (100, 12, -60, -50, 2, -11, 130,
    /// 30, -48). Values as tabulated in Brian2's examples/frompapers/Naud_et_al_2008_adex_firing_patterns.py; the
    /// matching step currents are in <see cref="PresetStimuliPa"/>. Vpeak is 0 mV, V starts at EL and w at 0.
    /// </summary>
    public static IReadOnlyDictionary<string, AdExParameters> Presets { get; } =
        new Dictionary<string, AdExParameters>(StringComparer.OrdinalIgnoreCase)
        {
            ["tonic"] = Naud(200, 10, -70, 2, 30, 0, -58),
            ["adapting"] = Naud(200, 12, -70, 2, 300, 60, -58),
            ["initial-burst"] = Naud(130, 18, -58, 4, 150, 120, -50),
            ["regular-bursting"] = Naud(200, 10, -58, 2, 120, 100, -46),
            ["delayed-accelerating"] = Naud(200, 12, -70, -10, 300, 0, -58),
            ["delayed-regular-bursting"] = Naud(100, 10, -65, -10, 90, 30, -47),
            ["transient"] = Naud(100, 10, -65, 10, 90, 100, -47),
            ["irregular"] = Naud(100, 12, -60, -11, 130, 30, -48),
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The step current in pA that Naud et al. (2008) apply to each of <see cref="Presets"/>, same keys.</summary>
    public static IReadOnlyDictionary<string, double> PresetStimuliPa { get; } =
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["tonic"] = 500,
            ["adapting"] = 500,
            ["initial-burst"] = 400,
            ["regular-bursting"] = 210,
            ["delayed-accelerating"] = 300,
            ["delayed-regular-bursting"] = 110,
            ["transient"] = 180,
            ["irregular"] = 160,
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(CapacitancePf);
        Check.Positive(GLeakNs);
        Check.Finite(ELeakMv);
        Check.Finite(VTMv);
        Check.Positive(DeltaTMv);
        Check.Positive(TauWMs);
        Check.Finite(ANs);
        Check.Finite(BPa);
        Check.Finite(ResetMv);
        Check.Finite(PeakMv);
        Check.Finite(InitialMvValue, nameof(InitialMv));
        Check.Finite(InitialWPa);
        Check.That(PeakMv > VTMv, nameof(PeakMv), $"> VTMv ({Check.Format(VTMv)})", PeakMv);
        Check.That(ResetMv < PeakMv, nameof(ResetMv), $"< PeakMv ({Check.Format(PeakMv)})", ResetMv);
        Check.That(InitialMvValue < PeakMv, nameof(InitialMv), $"< PeakMv ({Check.Format(PeakMv)})", InitialMvValue);
    }

    /// <summary>The per-step constants for time step <paramref name="dtMs"/>.</summary>
    public AdExPropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        return new AdExPropagator(
            DtOverC: (float)(dtMs / CapacitancePf),
            GLeakNs: (float)GLeakNs,
            ELeakMv: (float)ELeakMv,
            VTMv: (float)VTMv,
            InvDeltaT: (float)(1.0 / DeltaTMv),
            GLeakDeltaT: (float)(GLeakNs * DeltaTMv),
            ANs: (float)ANs,
            DtOverTauW: (float)(dtMs / TauWMs),
            BPa: (float)BPa,
            ResetMv: (float)ResetMv,
            PeakMv: (float)PeakMv);
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new AdExPopulation(this, size, dtMs);

    private static AdExParameters Naud(double cPf, double gLNs, double eLMv, double aNs, double tauWMs, double bPa, double vrMv) => new()
    {
        CapacitancePf = cPf,
        GLeakNs = gLNs,
        ELeakMv = eLMv,
        VTMv = -50,
        DeltaTMv = 2,
        ANs = aNs,
        TauWMs = tauWMs,
        BPa = bPa,
        ResetMv = vrMv,
        PeakMv = 0,
    };
}

/// <summary>Per-step constants of <see cref="AdExParameters"/> for one dt.</summary>
public readonly record struct AdExPropagator(
    float DtOverC, float GLeakNs, float ELeakMv, float VTMv, float InvDeltaT, float GLeakDeltaT, float ANs, float DtOverTauW,
    float BPa, float ResetMv, float PeakMv);
