using System.Numerics.Tensors;

namespace Lapicque.Learning.Plasticity.DiehlCook;

/// <summary>
/// Exact one-step integration of a conductance-based membrane, tau dv/dt = (E_L - v) + g_e (E_e - v) + g_i (E_i - v),
/// with the conductances frozen at their mean over the step, expressed as the drive that the library's current-input
/// LIF kernels (x = E_L + beta (v - E_L) + (1 - beta) I) turn into the exact result:
/// v' = v_inf + (v - v_inf) exp(-dt (1 + g_e + g_i) / tau), v_inf = (E_L + g_e E_e + g_i E_i) / (1 + g_e + g_i),
/// I = (v' - E_L - beta (v - E_L)) / (1 - beta), with the kernel's own beta and gain 1 - beta.
/// </summary>
/// <remarks>
/// Feeding g (E - v) straight into the kernel is forward Euler in the conductance term and is unstable once
/// (1 - beta)(1 + g) &gt; 2: in the Diehl &amp; Cook network a few dozen simultaneous inhibitory spikes (17 each) are enough,
/// and the membrane then overshoots by volts. The exact form keeps v between the reversal potentials at any step size.
/// </remarks>
internal static class ConductanceDrive
{
    /// <summary>
    /// Writes the exact membrane potential after one step, v' = v_inf + (v - v_inf) exp(-dt (1 + g_e + g_i) / tau), to
    /// <paramref name="next"/> (the same quantity <see cref="Exact"/> turns into a kernel drive); <paramref name="scratch"/>
    /// has the same length.
    /// </summary>
    public static void Next(ReadOnlySpan<float> v, ReadOnlySpan<float> ge, ReadOnlySpan<float> gi, Span<float> next, Span<float> scratch,
        float restMv, float excReversalMv, float inhReversalMv, float dtOverTau)
    {
        int n = v.Length;
        if (ge.Length != n || gi.Length != n || next.Length != n || scratch.Length != n)
        {
            throw new ArgumentException($"Span lengths differ: v {n}, ge {ge.Length}, gi {gi.Length}, next {next.Length}, scratch {scratch.Length}.");
        }

        for (int j = 0; j < n; j++)
        {
            scratch[j] = -dtOverTau * (1f + ge[j] + gi[j]);
        }

        TensorPrimitives.Exp(scratch, scratch);
        for (int j = 0; j < n; j++)
        {
            float total = 1f + ge[j] + gi[j];
            float vInf = (restMv + (ge[j] * excReversalMv) + (gi[j] * inhReversalMv)) / total;
            next[j] = vInf + ((v[j] - vInf) * scratch[j]);
        }
    }

    /// <summary>
    /// Writes the kernel drive to <paramref name="drive"/> from the step-mean conductances <paramref name="ge"/> and
    /// <paramref name="gi"/> (in units of the leak conductance); <paramref name="scratch"/> has the same length;
    /// <paramref name="beta"/> and <paramref name="gain"/> are the kernel propagator's Beta and InputGain.
    /// </summary>
    public static void Exact(ReadOnlySpan<float> v, ReadOnlySpan<float> ge, ReadOnlySpan<float> gi, Span<float> drive, Span<float> scratch,
        float restMv, float excReversalMv, float inhReversalMv, float dtOverTau, float beta, float gain)
    {
        Next(v, ge, gi, drive, scratch, restMv, excReversalMv, inhReversalMv, dtOverTau);
        float invGain = 1f / gain;
        for (int j = 0; j < v.Length; j++)
        {
            drive[j] = (drive[j] - restMv - (beta * (v[j] - restMv))) * invGain;
        }
    }
}
