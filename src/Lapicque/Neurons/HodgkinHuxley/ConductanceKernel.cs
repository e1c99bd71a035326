using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lapicque.Neurons;

/// <summary>
/// Per-step constants shared by the Hodgkin-Huxley-type models: maximal conductances, reversal potentials (mV), the
/// membrane capacitance, the spike-detection threshold (mV), dt (ms) and the scheme. Conductance and capacitance units
/// only need to agree with the input current (mS/cm^2, uF/cm^2, uA/cm^2 or nS, pF, pA).
/// </summary>
internal readonly record struct MembraneConstants(
    float GNa, float GK, float GL, float ENa, float EK, float EL, float EExc, float EInh,
    float Capacitance, float ThresholdMv, float DtMs, HodgkinHuxleyIntegrator Integrator);

/// <summary>
/// The one implementation of the conductance-based step (Na with m^3 h, delayed-rectifier K with n^4, leak and two
/// optional synaptic conductances), generic over the gate rate functions so that the JIT specialises it per model:
/// C dV/dt = -gNa m^3 h (V - ENa) - gK n^4 (V - EK) - gL (V - EL) - gE (V - EE) - gI (V - EI) + I,
/// dx/dt = alpha_x(V) (1 - x) - beta_x(V) x for x in m, h, n.
/// </summary>
/// <remarks>
/// Exponential Euler: every variable is linear in itself given the others at t, so each is advanced exactly with the
/// others frozen: x(t+dt) = x_inf + (x - x_inf) e^{-dt (alpha + beta)}, V(t+dt) = V_inf + (V - V_inf) e^{-dt gTot / C}.
/// RK4: the classical fourth-order Runge-Kutta method on all four variables, input held over the step.
/// A spike is an upward crossing of the threshold within the step (V(t) &lt; threshold &lt;= V(t+dt)), stamped at t + dt.
/// </remarks>
internal static class ConductanceKernel<TRates>
    where TRates : struct, IGateRates
{
    public static void Step(
        in TRates rates, in MembraneConstants c, Span<float> v, Span<float> m, Span<float> h, Span<float> n,
        ReadOnlySpan<float> current, ReadOnlySpan<float> gExc, ReadOnlySpan<float> gInh, Span<float> spikes, bool vectorise)
    {
        int count = v.Length;
        if (m.Length != count || h.Length != count || n.Length != count || current.Length != count || spikes.Length != count
            || (!gExc.IsEmpty && gExc.Length != count) || (!gInh.IsEmpty && gInh.Length != count))
        {
            throw new ArgumentException(
                $"Span lengths differ: v {count}, m {m.Length}, h {h.Length}, n {n.Length}, input {current.Length}, spikes {spikes.Length}"
                + $", gExc {gExc.Length}, gInh {gInh.Length}; all must equal v.Length (the conductances may also be empty).");
        }

        int start = 0;
        if (vectorise && Vector.IsHardwareAccelerated)
        {
            start = StepVector(rates, c, v, m, h, n, current, gExc, gInh, spikes);
            if (start < count)
            {
                StepTail(rates, c, v, m, h, n, current, gExc, gInh, spikes, start);
                return;
            }
        }

        for (int k = start; k < count; k++)
        {
            float ge = gExc.IsEmpty ? 0f : gExc[k];
            float gi = gInh.IsEmpty ? 0f : gInh[k];
            float v0 = v[k];
            float v1, m1, h1, n1;
            if (c.Integrator == HodgkinHuxleyIntegrator.ExponentialEuler)
            {
                ExponentialEuler(rates, c, v0, m[k], h[k], n[k], current[k], ge, gi, out v1, out m1, out h1, out n1);
            }
            else
            {
                RungeKutta4(rates, c, v0, m[k], h[k], n[k], current[k], ge, gi, out v1, out m1, out h1, out n1);
            }

            v[k] = v1;
            m[k] = m1;
            h[k] = h1;
            n[k] = n1;
            spikes[k] = v0 < c.ThresholdMv && v1 >= c.ThresholdMv ? 1f : 0f;
        }
    }

    // The last count % W neurons go through the vector code too, in a padded stack buffer, so that every neuron's
    // result is the same bits wherever a caller cuts the population into ranges (deterministic multithreading).
    // Padding lanes repeat the last neuron: in-domain values, results discarded.
    private static void StepTail(
        in TRates rates, in MembraneConstants c, Span<float> v, Span<float> m, Span<float> h, Span<float> n,
        ReadOnlySpan<float> current, ReadOnlySpan<float> gExc, ReadOnlySpan<float> gInh, Span<float> spikes, int start)
    {
        int w = Vector<float>.Count, r = v.Length - start, last = v.Length - 1;
        Span<float> buffer = stackalloc float[8 * w];
        Span<float> tv = buffer[..w], tm = buffer.Slice(w, w), th = buffer.Slice(2 * w, w), tn = buffer.Slice(3 * w, w);
        Span<float> ti = buffer.Slice(4 * w, w), te = buffer.Slice(5 * w, w), tg = buffer.Slice(6 * w, w), ts = buffer.Slice(7 * w, w);
        Pad(v, tv, start, last);
        Pad(m, tm, start, last);
        Pad(h, th, start, last);
        Pad(n, tn, start, last);
        Pad(current, ti, start, last);
        if (!gExc.IsEmpty)
        {
            Pad(gExc, te, start, last);
        }

        if (!gInh.IsEmpty)
        {
            Pad(gInh, tg, start, last);
        }

        StepVector(rates, c, tv, tm, th, tn, ti, gExc.IsEmpty ? default : te, gInh.IsEmpty ? default : tg, ts);
        tv[..r].CopyTo(v[start..]);
        tm[..r].CopyTo(m[start..]);
        th[..r].CopyTo(h[start..]);
        tn[..r].CopyTo(n[start..]);
        ts[..r].CopyTo(spikes[start..]);
    }

    private static void Pad(ReadOnlySpan<float> source, Span<float> lanes, int start, int last)
    {
        lanes.Fill(source[last]);
        source[start..].CopyTo(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ExponentialEuler(
        in TRates rates, in MembraneConstants c, float v, float m, float h, float n, float i, float ge, float gi,
        out float v1, out float m1, out float h1, out float n1)
    {
        rates.Rates(v, out float am, out float bm, out float ah, out float bh, out float an, out float bn);
        float dt = c.DtMs;
        float sm = am + bm, sh = ah + bh, sn = an + bn;
        m1 = (am / sm) + ((m - (am / sm)) * MathF.Exp(-dt * sm));
        h1 = (ah / sh) + ((h - (ah / sh)) * MathF.Exp(-dt * sh));
        n1 = (an / sn) + ((n - (an / sn)) * MathF.Exp(-dt * sn));

        float gNa = c.GNa * m * m * m * h;
        float n2 = n * n;
        float gK = c.GK * n2 * n2;
        float gTot = gNa + gK + c.GL + ge + gi;
        float vInf = ((gNa * c.ENa) + (gK * c.EK) + (c.GL * c.EL) + (ge * c.EExc) + (gi * c.EInh) + i) / gTot;
        v1 = vInf + ((v - vInf) * MathF.Exp(-dt * gTot / c.Capacitance));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Derivatives(
        in TRates rates, in MembraneConstants c, float v, float m, float h, float n, float i, float ge, float gi,
        out float dv, out float dm, out float dh, out float dn)
    {
        rates.Rates(v, out float am, out float bm, out float ah, out float bh, out float an, out float bn);
        float n2 = n * n;
        float ionic = (c.GNa * m * m * m * h * (v - c.ENa)) + (c.GK * n2 * n2 * (v - c.EK)) + (c.GL * (v - c.EL))
            + (ge * (v - c.EExc)) + (gi * (v - c.EInh));
        dv = (i - ionic) / c.Capacitance;
        dm = (am * (1f - m)) - (bm * m);
        dh = (ah * (1f - h)) - (bh * h);
        dn = (an * (1f - n)) - (bn * n);
    }

    private static void RungeKutta4(
        in TRates rates, in MembraneConstants c, float v, float m, float h, float n, float i, float ge, float gi,
        out float v1, out float m1, out float h1, out float n1)
    {
        float dt = c.DtMs, half = 0.5f * c.DtMs, sixth = c.DtMs / 6f;
        Derivatives(rates, c, v, m, h, n, i, ge, gi, out float kv1, out float km1, out float kh1, out float kn1);
        Derivatives(rates, c, v + (half * kv1), m + (half * km1), h + (half * kh1), n + (half * kn1), i, ge, gi, out float kv2, out float km2, out float kh2, out float kn2);
        Derivatives(rates, c, v + (half * kv2), m + (half * km2), h + (half * kh2), n + (half * kn2), i, ge, gi, out float kv3, out float km3, out float kh3, out float kn3);
        Derivatives(rates, c, v + (dt * kv3), m + (dt * km3), h + (dt * kh3), n + (dt * kn3), i, ge, gi, out float kv4, out float km4, out float kh4, out float kn4);
        v1 = v + (sixth * (kv1 + (2f * kv2) + (2f * kv3) + kv4));
        m1 = m + (sixth * (km1 + (2f * km2) + (2f * km3) + km4));
        h1 = h + (sixth * (kh1 + (2f * kh2) + (2f * kh3) + kh4));
        n1 = n + (sixth * (kn1 + (2f * kn2) + (2f * kn3) + kn4));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int StepVector(
        in TRates rates, in MembraneConstants c, Span<float> v, Span<float> m, Span<float> h, Span<float> n,
        ReadOnlySpan<float> current, ReadOnlySpan<float> gExc, ReadOnlySpan<float> gInh, Span<float> spikes)
    {
        int w = Vector<float>.Count;
        int count = v.Length;
        bool hasExc = !gExc.IsEmpty, hasInh = !gInh.IsEmpty;
        bool rk4 = c.Integrator == HodgkinHuxleyIntegrator.RungeKutta4;
        var thr = new Vector<float>(c.ThresholdMv);

        ref float vr = ref MemoryMarshal.GetReference(v);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float hr = ref MemoryMarshal.GetReference(h);
        ref float nr = ref MemoryMarshal.GetReference(n);
        ref float ir = ref MemoryMarshal.GetReference(current);
        ref float er = ref MemoryMarshal.GetReference(gExc);
        ref float gr = ref MemoryMarshal.GetReference(gInh);
        ref float sr = ref MemoryMarshal.GetReference(spikes);

        int k = 0;
        for (; k <= count - w; k += w)
        {
            var v0 = Vector.LoadUnsafe(ref vr, (nuint)k);
            var m0 = Vector.LoadUnsafe(ref mr, (nuint)k);
            var h0 = Vector.LoadUnsafe(ref hr, (nuint)k);
            var n0 = Vector.LoadUnsafe(ref nr, (nuint)k);
            var i = Vector.LoadUnsafe(ref ir, (nuint)k);
            var ge = hasExc ? Vector.LoadUnsafe(ref er, (nuint)k) : Vector<float>.Zero;
            var gi = hasInh ? Vector.LoadUnsafe(ref gr, (nuint)k) : Vector<float>.Zero;
            Vector<float> v1, m1, h1, n1;
            if (rk4)
            {
                RungeKutta4(rates, c, v0, m0, h0, n0, i, ge, gi, out v1, out m1, out h1, out n1);
            }
            else
            {
                ExponentialEuler(rates, c, v0, m0, h0, n0, i, ge, gi, out v1, out m1, out h1, out n1);
            }

            v1.StoreUnsafe(ref vr, (nuint)k);
            m1.StoreUnsafe(ref mr, (nuint)k);
            h1.StoreUnsafe(ref hr, (nuint)k);
            n1.StoreUnsafe(ref nr, (nuint)k);
            var crossed = Vector.AndNot(Vector.GreaterThanOrEqual(v1, thr), Vector.GreaterThanOrEqual(v0, thr));
            Vector.ConditionalSelect(crossed, Vector<float>.One, Vector<float>.Zero).StoreUnsafe(ref sr, (nuint)k);
        }

        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ExponentialEuler(
        in TRates rates, in MembraneConstants c, Vector<float> v, Vector<float> m, Vector<float> h, Vector<float> n,
        Vector<float> i, Vector<float> ge, Vector<float> gi,
        out Vector<float> v1, out Vector<float> m1, out Vector<float> h1, out Vector<float> n1)
    {
        rates.Rates(v, out var am, out var bm, out var ah, out var bh, out var an, out var bn);
        var minusDt = new Vector<float>(-c.DtMs);
        var sm = am + bm;
        var sh = ah + bh;
        var sn = an + bn;
        m1 = (am / sm) + ((m - (am / sm)) * Vector.Exp(minusDt * sm));
        h1 = (ah / sh) + ((h - (ah / sh)) * Vector.Exp(minusDt * sh));
        n1 = (an / sn) + ((n - (an / sn)) * Vector.Exp(minusDt * sn));

        var gNa = new Vector<float>(c.GNa) * m * m * m * h;
        var n2 = n * n;
        var gK = new Vector<float>(c.GK) * n2 * n2;
        var gL = new Vector<float>(c.GL);
        var gTot = gNa + gK + gL + ge + gi;
        var vInf = ((gNa * new Vector<float>(c.ENa)) + (gK * new Vector<float>(c.EK)) + (gL * new Vector<float>(c.EL))
            + (ge * new Vector<float>(c.EExc)) + (gi * new Vector<float>(c.EInh)) + i) / gTot;
        v1 = vInf + ((v - vInf) * Vector.Exp(minusDt * gTot / new Vector<float>(c.Capacitance)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Derivatives(
        in TRates rates, in MembraneConstants c, Vector<float> v, Vector<float> m, Vector<float> h, Vector<float> n,
        Vector<float> i, Vector<float> ge, Vector<float> gi,
        out Vector<float> dv, out Vector<float> dm, out Vector<float> dh, out Vector<float> dn)
    {
        rates.Rates(v, out var am, out var bm, out var ah, out var bh, out var an, out var bn);
        var n2 = n * n;
        var ionic = (new Vector<float>(c.GNa) * m * m * m * h * (v - new Vector<float>(c.ENa)))
            + (new Vector<float>(c.GK) * n2 * n2 * (v - new Vector<float>(c.EK)))
            + (new Vector<float>(c.GL) * (v - new Vector<float>(c.EL)))
            + (ge * (v - new Vector<float>(c.EExc))) + (gi * (v - new Vector<float>(c.EInh)));
        dv = (i - ionic) / new Vector<float>(c.Capacitance);
        var one = Vector<float>.One;
        dm = (am * (one - m)) - (bm * m);
        dh = (ah * (one - h)) - (bh * h);
        dn = (an * (one - n)) - (bn * n);
    }

    private static void RungeKutta4(
        in TRates rates, in MembraneConstants c, Vector<float> v, Vector<float> m, Vector<float> h, Vector<float> n,
        Vector<float> i, Vector<float> ge, Vector<float> gi,
        out Vector<float> v1, out Vector<float> m1, out Vector<float> h1, out Vector<float> n1)
    {
        var dt = new Vector<float>(c.DtMs);
        var half = new Vector<float>(0.5f * c.DtMs);
        var sixth = new Vector<float>(c.DtMs / 6f);
        var two = new Vector<float>(2f);
        Derivatives(rates, c, v, m, h, n, i, ge, gi, out var kv1, out var km1, out var kh1, out var kn1);
        Derivatives(rates, c, v + (half * kv1), m + (half * km1), h + (half * kh1), n + (half * kn1), i, ge, gi, out var kv2, out var km2, out var kh2, out var kn2);
        Derivatives(rates, c, v + (half * kv2), m + (half * km2), h + (half * kh2), n + (half * kn2), i, ge, gi, out var kv3, out var km3, out var kh3, out var kn3);
        Derivatives(rates, c, v + (dt * kv3), m + (dt * km3), h + (dt * kh3), n + (dt * kn3), i, ge, gi, out var kv4, out var km4, out var kh4, out var kn4);
        v1 = v + (sixth * (kv1 + (two * kv2) + (two * kv3) + kv4));
        m1 = m + (sixth * (km1 + (two * km2) + (two * km3) + km4));
        h1 = h + (sixth * (kh1 + (two * kh2) + (two * kh3) + kh4));
        n1 = n + (sixth * (kn1 + (two * kn2) + (two * kn3) + kn4));
    }
}
