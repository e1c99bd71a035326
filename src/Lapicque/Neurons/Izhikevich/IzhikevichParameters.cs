using System.Collections.Frozen;

namespace Lapicque.Neurons;

/// <summary>How <see cref="Izhikevich"/> advances (v, u) over one step.</summary>
public enum IzhikevichIntegrator
{
    /// <summary>
    /// Forward Euler on both variables from the state at t:
    /// v' = v + dt (0.04 v^2 + 5 v + 140 - u + I), u' = u + dt a (b v - u).
    /// </summary>
    ForwardEuler,

    /// <summary>
    /// The scheme of the 2003 paper's MATLAB code: two Euler half steps of dt/2 for v (u held), then one Euler step of
    /// dt for u using the new v. With dt = 1 ms this is exactly the published code's "0.5 ms" steps.
    /// </summary>
    HalfStep,
}

/// <summary>
/// Izhikevich's simple model (Izhikevich 2003, IEEE Trans. Neural Netw. 14(6):1569-1572):
/// dv/dt = 0.04 v^2 + 5 v + 140 - u + I, du/dt = a (b v - u); if v &gt;= PeakMv then v = c, u = u + d.
/// </summary>
/// <remarks>
/// Time is in ms and v in mV; u and I have the units of dv/dt (mV/ms), as in the paper, so a is in 1/ms, b in 1/ms and
/// d in mV/ms. Order within a step: integrate with <see cref="Integrator"/>, compare v with <see cref="PeakMv"/>, reset
/// (v = c, u += d). A spike is stamped with the end of the step. The published code tests v &gt;= 30 at the start of the
/// next step instead; the sequence of states is the same, the stamp is one step earlier here.
/// <see cref="Presets"/> holds the seven cortical and thalamic types of the paper's Fig. 2.
/// </remarks>
public sealed record IzhikevichParameters : INeuronModel
{
    /// <summary>a: time scale of the recovery variable u, in 1/ms (&gt; 0). Smaller is slower recovery.</summary>
    public double A { get; init; } = 0.02;

    /// <summary>b: sensitivity of u to subthreshold fluctuations of v, in 1/ms (finite).</summary>
    public double B { get; init; } = 0.2;

    /// <summary>c: after-spike reset value of v, in mV (&lt; PeakMv).</summary>
    public double ResetMv { get; init; } = -65.0;

    /// <summary>d: after-spike increment of u, in mV/ms (finite).</summary>
    public double D { get; init; } = 8.0;

    /// <summary>Spike cut-off: a spike is emitted when v reaches this value (mV). The paper uses 30.</summary>
    public double PeakMv { get; init; } = 30.0;

    /// <summary>Initial v in mV (&lt; PeakMv). The paper starts at -65 (or -70 for some types).</summary>
    public double InitialMv { get; init; } = -65.0;

    /// <summary>Initial u in mV/ms; when null, b * InitialMv as in the paper.</summary>
    public double? InitialU { get; init; }

    /// <summary>The integration scheme.</summary>
    public IzhikevichIntegrator Integrator { get; init; } = IzhikevichIntegrator.ForwardEuler;

    /// <inheritdoc/>
    public string ModelName => "izhikevich";

    /// <inheritdoc/>
    public string InputUnit => "mV/ms";

    /// <summary>
    /// The neuron types of Izhikevich (2003), Fig. 2 (a, b, c, d), keyed by their abbreviations, case-insensitive:
    /// RS regular spiking (0.02, 0.2, -65, 8); IB intrinsically bursting (0.02, 0.2, -55, 4); CH chattering
    /// (0.02, 0.2, -50, 2); FS fast spiking (0.1, 0.2, -65, 2); LTS low-threshold spiking (0.02, 0.25, -65, 2);
    /// RZ resonator (0.1, 0.26, -65, 2); TC thalamo-cortical (0.02, 0.25, -65, 0.05).
    /// The values are printed in the figure and its caption; all other fields keep their defaults.
    /// </summary>
    public static IReadOnlyDictionary<string, IzhikevichParameters> Presets { get; } =
        new Dictionary<string, IzhikevichParameters>(StringComparer.OrdinalIgnoreCase)
        {
            ["RS"] = new() { A = 0.02, B = 0.2, ResetMv = -65, D = 8 },
            ["IB"] = new() { A = 0.02, B = 0.2, ResetMv = -55, D = 4 },
            ["CH"] = new() { A = 0.02, B = 0.2, ResetMv = -50, D = 2 },
            ["FS"] = new() { A = 0.1, B = 0.2, ResetMv = -65, D = 2 },
            ["LTS"] = new() { A = 0.02, B = 0.25, ResetMv = -65, D = 2 },
            ["RZ"] = new() { A = 0.1, B = 0.26, ResetMv = -65, D = 2 },
            ["TC"] = new() { A = 0.02, B = 0.25, ResetMv = -65, D = 0.05 },
        }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The initial value of u (mV/ms): <see cref="InitialU"/> or b * InitialMv.</summary>
    public double InitialUValue => InitialU ?? (B * InitialMv);

    /// <inheritdoc/>
    public void Validate()
    {
        Check.Positive(A);
        Check.Finite(B);
        Check.Finite(ResetMv);
        Check.Finite(D);
        Check.Finite(PeakMv);
        Check.Finite(InitialMv);
        Check.Finite(InitialUValue, nameof(InitialU));
        Check.That(ResetMv < PeakMv, nameof(ResetMv), $"< PeakMv ({Check.Format(PeakMv)})", ResetMv);
        Check.That(InitialMv < PeakMv, nameof(InitialMv), $"< PeakMv ({Check.Format(PeakMv)})", InitialMv);
        Check.That(Enum.IsDefined(Integrator), nameof(Integrator), "ForwardEuler or HalfStep", (int)Integrator);
    }

    /// <summary>The per-step constants for time step <paramref name="dtMs"/>.</summary>
    /// <remarks>Both schemes are explicit; the paper's own choice is dt = 1 ms with <see cref="IzhikevichIntegrator.HalfStep"/>.</remarks>
    public IzhikevichPropagator Propagator(double dtMs)
    {
        Validate();
        Check.Positive(dtMs, "DtMs");
        return new IzhikevichPropagator(
            A: (float)A,
            B: (float)B,
            ResetMv: (float)ResetMv,
            D: (float)D,
            PeakMv: (float)PeakMv,
            DtMs: (float)dtMs,
            Integrator: Integrator);
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs) => new IzhikevichPopulation(this, size, dtMs);
}

/// <summary>Per-step constants of <see cref="IzhikevichParameters"/> for one dt.</summary>
public readonly record struct IzhikevichPropagator(
    float A, float B, float ResetMv, float D, float PeakMv, float DtMs, IzhikevichIntegrator Integrator);
