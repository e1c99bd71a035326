namespace Lapicque.Neurons;

/// <summary>
/// Closed forms of the Klos-Memmesheimer QIF neuron (<see cref="KlosQifParameters"/>): the exact flow between events,
/// the time to the next spike, and the pseudodynamics after the trial end, each with its partial derivatives; plus the
/// clock-driven population step. Everything is in double precision; +-infinity are represented exactly.
/// </summary>
/// <remarks>
/// With x = exp(-dt/tau) and z = 1 - x, the substitution V = x y turns tau dV/dt = V (V - 1) + I0 exp(-2t/tau) into the
/// autonomous Riccati equation dy/dz = y^2 + I0, y(0) = V0. Its solutions, for s = sqrt(|I0|):
/// <list type="bullet">
/// <item>I0 &gt; 0: y = s cot(A - s z) with A = atan2(s, V0) = pi/2 - atan(V0/s), the form V = s x tan(atan(V0/s) + s z)
/// written so that it stays accurate next to the blow-up and right after a reset (V0 = -infinity);</item>
/// <item>I0 = 0: y = 1 / (1/V0 - z), that is V = V0 / (V0 - (V0 - 1)/x);</item>
/// <item>I0 &lt; 0, |V0| &lt; s: y = s tanh(artanh(V0/s) - s z);</item>
/// <item>I0 &lt; 0, |V0| &gt; s: y = s coth(artanh(s/V0) - s z);</item>
/// <item>I0 &lt; 0, |V0| = s: y = V0.</item>
/// </list>
/// A spike is the pole of y (z* &lt; 1, dt* = -tau ln(1 - z*)). Past the pole the same formulas continue from -infinity,
/// which is exactly the reset, so <see cref="Flow"/> over an interval that contains spikes returns the state after the last
/// reset; <see cref="NextSpikeTime"/> tells whether there is one. Partial derivatives come from the variational equations
/// of the Riccati form: dy/dV0 = f(y)/f(V0) with f(y) = y^2 + I0, and q = dy/dI0 with dq/dz = 2 y q + 1.
/// Derivatives are exact on each branch; at the measure-zero boundaries (I0 = 0, |V0| = s) the formula of that boundary
/// is used. The I0-derivatives are arranged so that no O(1/sqrt|I0|) terms cancel, so they stay accurate as I0 tends to 0
/// from either side (the state after a long decay).
/// </remarks>
public static class KlosQif
{
    /// <summary>The authors' softplus width alpha of the pseudodynamics drive.</summary>
    public const double DefaultPseudoAlpha = 10.0;

    // Series below this |x| for sin x - x and sinh x - x, where the direct difference loses digits.
    private const double SeriesLimit = 0.25;

    // A step on a huge current could in principle hold many spikes; the population step gives up counting after this.
    private const int MaxSpikesPerStep = 1 << 16;

    /// <summary>
    /// The exact state after <paramref name="dtMs"/> (&gt;= 0) from (<paramref name="v0"/>, <paramref name="i0"/>) with
    /// no input in between, with its partial derivatives. <paramref name="v0"/> may be -infinity (just reset) and must not
    /// be NaN. If the interval contains spikes the result is the state after the last reset.
    /// </summary>
    public static KlosQifFlow Flow(double tauMs, double v0, double i0, double dtMs)
    {
        double x = Math.Exp(-dtMs / tauMs);
        double z = -double.ExpM1(-dtMs / tauMs);
        bool infinite = double.IsInfinity(v0);
        double y, dyDv0, dyDi0;
        if (i0 > 0)
        {
            double s = Math.Sqrt(i0);
            double sz = s * z;
            (double sinA, double cosA) = AngleOf(s, v0);
            (double sw, double cw) = CotAngle(sinA, cosA, sz);
            y = s * cw / sw;
            dyDv0 = infinite ? 0.0 : (sinA / sw) * (sinA / sw);
            // dy/ds = cot w - s csc^2 w (sin a cos a / s - z), rewritten with sin 2w - sin 2a = -2 cos(w + a) sin(s z)
            // so that no O(1/s) terms cancel when I0 is small: dy/ds = (2 sin(sz) sin^2((w + a)/2) - (sz - sin sz)) / sin^2 w.
            (double sh, double ch) = Math.SinCos(0.5 * sz);
            double h = (sinA * ch) - (cosA * sh);
            dyDi0 = ((2.0 * Math.Sin(sz) * h * h) - SinMinusX(sz)) / (2.0 * s * sw * sw);
        }
        else if (i0 == 0)
        {
            y = 1.0 / ((1.0 / v0) - z);
            if (infinite)
            {
                dyDv0 = 0.0;
                dyDi0 = z / 3.0;
            }
            else
            {
                double d = 1.0 - (v0 * z);
                dyDv0 = 1.0 / (d * d);
                dyDi0 = (z - (v0 * z * z) + (v0 * v0 * z * z * z / 3.0)) / (d * d);
            }
        }
        else
        {
            double s = Math.Sqrt(-i0);
            if (Math.Abs(v0) > s)
            {
                double a = Math.Atanh(s / v0);
                double u = a - (s * z);
                double su = Math.Sinh(u);
                y = s * Math.Cosh(u) / su;
                dyDv0 = infinite ? 0.0 : (Math.Sinh(a) / su) * (Math.Sinh(a) / su);
                // dy/ds = coth u - s csch^2 u (sinh a cosh a / s - z) = -(sinh(sz) - sz + 2 sinh(sz) sinh^2((u + a)/2)) / sinh^2 u,
                // the same rearrangement as for I0 > 0.
                double sz = s * z, h = Math.Sinh(0.5 * (u + a));
                dyDi0 = (SinhMinusX(sz) + (2.0 * Math.Sinh(sz) * h * h)) / (2.0 * s * su * su);
            }
            else if (Math.Abs(v0) < s)
            {
                double a = Math.Atanh(v0 / s);
                double u = a - (s * z);
                double cu = Math.Cosh(u);
                y = s * Math.Tanh(u);
                dyDv0 = (Math.Cosh(a) / cu) * (Math.Cosh(a) / cu);
                // dy/ds = tanh u - s sech^2 u (sinh a cosh a / s + z) = -(cosh(u + a) sinh(sz) + sz) / cosh^2 u.
                double sz = s * z;
                dyDi0 = ((Math.Cosh(u + a) * Math.Sinh(sz)) + sz) / (2.0 * s * cu * cu);
            }
            else
            {
                // On the fixed point y = +-s: the variational equations integrate directly.
                y = v0;
                dyDv0 = Math.Exp(2.0 * v0 * z);
                dyDi0 = double.ExpM1(2.0 * v0 * z) / (2.0 * v0);
            }
        }

        double v = x * y;
        double i = i0 * x * x;
        return new KlosQifFlow(
            V: v,
            I: i,
            DvDv0: x * dyDv0,
            DvDi0: x * dyDi0,
            DvDdt: ((v * (v - 1.0)) + i) / tauMs,
            DiDi0: x * x,
            DiDdt: -2.0 * i / tauMs);
    }

    /// <summary>The membrane potential of <see cref="Flow"/> alone, for hot loops that need no derivatives.</summary>
    public static double FlowPotential(double tauMs, double v0, double i0, double dtMs)
    {
        double x = Math.Exp(-dtMs / tauMs);
        double z = -double.ExpM1(-dtMs / tauMs);
        double y;
        if (i0 > 0)
        {
            double s = Math.Sqrt(i0);
            (double sinA, double cosA) = AngleOf(s, v0);
            (double sw, double cw) = CotAngle(sinA, cosA, s * z);
            y = s * cw / sw;
        }
        else if (i0 == 0)
        {
            y = 1.0 / ((1.0 / v0) - z);
        }
        else
        {
            double s = Math.Sqrt(-i0);
            double av = Math.Abs(v0);
            y = av > s ? s / Math.Tanh(Math.Atanh(s / v0) - (s * z))
                : av < s ? s * Math.Tanh(Math.Atanh(v0 / s) - (s * z))
                : v0;
        }

        return x * y;
    }

    /// <summary>
    /// The time in ms until the membrane reaches +infinity from (<paramref name="v0"/>, <paramref name="i0"/>) without
    /// further input, or +infinity when it never does, with its partial derivatives. A spike exists iff
    /// I0 &gt; 0 and s + atan(V0/s) &gt; pi/2 (then dt* = -tau ln(1 - (pi/2 - atan(V0/s))/s)); or I0 = 0 and V0 &gt; 1
    /// (dt* = tau ln(V0/(V0 - 1))); or I0 &lt; 0, V0 &gt; s and artanh(s/V0) &lt; s (dt* = -tau ln(1 - artanh(s/V0)/s)).
    /// From rest (V0 = 0) a spike needs I0 &gt; pi^2/4.
    /// </summary>
    public static KlosQifSpikeTime NextSpikeTime(double tauMs, double v0, double i0)
    {
        double zs, dzDv0, dzDi0;
        if (i0 > 0)
        {
            double s = Math.Sqrt(i0);
            double a = Math.Atan2(s, v0);
            zs = a / s;
            dzDv0 = -1.0 / ((v0 * v0) + i0);

            // dz*/ds = (sin a cos a - a)/s^2 = (sin 2a - 2a) / (2 s^2); dz*/dI0 = that / (2 s).
            dzDi0 = SinMinusX(2.0 * a) / (4.0 * s * s * s);
        }
        else if (i0 == 0)
        {
            if (!(v0 > 1.0))
            {
                return new KlosQifSpikeTime(double.PositiveInfinity, 0.0, 0.0);
            }

            zs = 1.0 / v0;
            dzDv0 = -1.0 / (v0 * v0);
            dzDi0 = -1.0 / (3.0 * v0 * v0 * v0);
        }
        else
        {
            double s = Math.Sqrt(-i0);
            if (!(v0 > s))
            {
                return new KlosQifSpikeTime(double.PositiveInfinity, 0.0, 0.0);
            }

            double a = Math.Atanh(s / v0);
            zs = a / s;
            dzDv0 = -1.0 / ((v0 * v0) + i0);

            // dz*/ds = (sinh 2a - 2a) / (2 s^2); dz*/dI0 = -that / (2 s).
            dzDi0 = -SinhMinusX(2.0 * a) / (4.0 * s * s * s);
        }

        if (!(zs < 1.0))
        {
            return new KlosQifSpikeTime(double.PositiveInfinity, 0.0, 0.0);
        }

        double g = 1.0 - zs;
        return new KlosQifSpikeTime(-tauMs * Math.Log(g), tauMs * dzDv0 / g, tauMs * dzDi0 / g);
    }

    /// <summary>The time of <see cref="NextSpikeTime"/> alone (ms, +infinity for none), for hot loops.</summary>
    public static double NextSpikeTimeValue(double tauMs, double v0, double i0)
    {
        double zs;
        if (i0 > 0)
        {
            double s = Math.Sqrt(i0);
            zs = Math.Atan2(s, v0) / s;
        }
        else if (i0 == 0)
        {
            zs = v0 > 1.0 ? 1.0 / v0 : double.PositiveInfinity;
        }
        else
        {
            double s = Math.Sqrt(-i0);
            zs = v0 > s ? Math.Atanh(s / v0) / s : double.PositiveInfinity;
        }

        return zs < 1.0 ? -tauMs * Math.Log(1.0 - zs) : double.PositiveInfinity;
    }

    /// <summary>
    /// The rectified pseudodynamics drive c_p = softplus_alpha(I_p) = alpha ln(1 + exp(I_p / alpha)) with
    /// I_p = <paramref name="iT"/> + <paramref name="u"/>, always &gt; 0; <paramref name="slope"/> receives
    /// dc_p/dI_p = sigmoid(I_p / alpha).
    /// </summary>
    public static double PseudoDrive(double iT, double u, double alpha, out double slope)
    {
        double q = (iT + u) / alpha;
        double e = Math.Exp(-Math.Abs(q));
        slope = q >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);

        // Far below zero the softplus underflows; a tiny positive floor keeps r = sqrt(c) and the period finite.
        return Math.Max(alpha * (Math.Max(q, 0.0) + Log1P(e)), 1e-300);
    }

    /// <summary>
    /// The pseudo phase at the trial end: phi_p = (tau / r) (atan((V(T) - 1/2) / r) + pi/2), r = sqrt(c_p)
    /// (<see cref="PseudoDrive"/>), in ms and in [0, <see cref="PseudoPeriod"/>]: the time since the last (pseudo) reset of
    /// a neuron that oscillates under tau dV/dt = (V - 1/2)^2 + c_p.
    /// </summary>
    public static KlosQifPseudo PseudoPhase(double tauMs, double vT, double iT, double u, double alpha = DefaultPseudoAlpha)
    {
        double c = PseudoDrive(iT, u, alpha, out double slope);
        double r = Math.Sqrt(c);
        double b = Angle(vT, r);
        (double sb, double cb) = Math.SinCos(b);
        double dPhiDr = tauMs * ((sb * cb) - b) / (r * r);
        double dPhiDi = dPhiDr * slope / (2.0 * r);
        return new KlosQifPseudo(tauMs * b / r, tauMs * sb * sb / (r * r), dPhiDi, dPhiDi);
    }

    /// <summary>The pseudo period Theta_p = tau pi / sqrt(c_p) in ms (<see cref="PseudoDrive"/>); it does not depend on V(T).</summary>
    public static KlosQifPseudo PseudoPeriod(double tauMs, double iT, double u, double alpha = DefaultPseudoAlpha)
    {
        double c = PseudoDrive(iT, u, alpha, out double slope);
        double r = Math.Sqrt(c);
        double dDi = -tauMs * Math.PI / (r * r) * slope / (2.0 * r);
        return new KlosQifPseudo(tauMs * Math.PI / r, 0.0, dDi, dDi);
    }

    /// <summary>
    /// The time in ms of the <paramref name="k"/>-th pseudospike (k &gt;= 1) of a neuron with state (V(T), I(T)) at the trial
    /// end <paramref name="trialEndMs"/> and rate-like input <paramref name="u"/>: t_k = T + k Theta_p - phi_p. As an ordinary
    /// spike moves out through T, V(T) goes to +infinity and t_1 tends to T: the first pseudospike continues the lost spike.
    /// </summary>
    public static KlosQifPseudo PseudoSpikeTime(double tauMs, double trialEndMs, int k, double vT, double iT, double u, double alpha = DefaultPseudoAlpha)
    {
        double c = PseudoDrive(iT, u, alpha, out double slope);
        double r = Math.Sqrt(c);
        double b = Angle(vT, r);
        (double sb, double cb) = Math.SinCos(b);
        double t = trialEndMs + (tauMs * ((k * Math.PI) - b) / r);
        double dTDr = tauMs * (b - (k * Math.PI) - (sb * cb)) / (r * r);
        double dTDi = dTDr * slope / (2.0 * r);
        return new KlosQifPseudo(t, -tauMs * sb * sb / (r * r), dTDi, dTDi);
    }

    /// <summary>
    /// The pseudo rate rho = phi_p / Theta_p = (atan((V(T) - 1/2)/r) + pi/2) / pi in [0, 1], the input of the layer-wise
    /// rate pass that gives downstream neurons their u.
    /// </summary>
    public static KlosQifPseudo PseudoRate(double vT, double iT, double u, double alpha = DefaultPseudoAlpha)
    {
        double c = PseudoDrive(iT, u, alpha, out double slope);
        double r = Math.Sqrt(c);
        double b = Angle(vT, r);
        (double sb, double cb) = Math.SinCos(b);
        double dRhoDi = sb * cb / (Math.PI * r) * slope / (2.0 * r);
        return new KlosQifPseudo(b / Math.PI, sb * sb / (Math.PI * r), dRhoDi, dRhoDi);
    }

    /// <summary>
    /// Advances every neuron by one clock step: I += input (the summed weights of the step's input spikes, applied at the
    /// start of the step), then the exact flow over dt. A neuron whose V reaches +infinity within the step is reset to
    /// -infinity and continues; spikes receives 1 where a neuron fired at least once in the step, else 0.
    /// </summary>
    public static void Step(in KlosQifPropagator p, Span<float> v, Span<float> i, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = v.Length;
        if (i.Length != n || input.Length != n || spikes.Length != n)
        {
            throw new ArgumentException($"Span lengths differ: v {n}, i {i.Length}, input {input.Length}, spikes {spikes.Length}; all must equal v.Length.");
        }

        double tau = p.TauMs;
        for (int k = 0; k < n; k++)
        {
            double vk = v[k];
            double ik = i[k] + (double)input[k];
            double left = p.DtMs;
            bool fired = false;
            for (int guard = 0; guard < MaxSpikesPerStep; guard++)
            {
                double next = NextSpikeTimeValue(tau, vk, ik);
                if (!(next <= left))
                {
                    break;
                }

                fired = true;
                left -= next;
                ik *= Math.Exp(-2.0 * next / tau);
                vk = double.NegativeInfinity;
            }

            v[k] = (float)FlowPotential(tau, vk, ik, left);
            i[k] = (float)(fired ? ik * Math.Exp(-2.0 * left / tau) : ik * p.CurrentDecay);
            spikes[k] = fired ? 1f : 0f;
        }
    }

    // sin and cos of A = atan2(s, V0) from the ratios, exact at V0 = -+infinity (A = pi rounded would cost digits when
    // s z is tiny, as right after a reset on a small current).
    private static (double Sin, double Cos) AngleOf(double s, double v0)
    {
        if (double.IsInfinity(v0))
        {
            return (0.0, Math.Sign(v0));
        }

        double rad = double.Hypot(s, v0);
        return (s / rad, v0 / rad);
    }

    // sin and cos of w = A - s z by angle addition; y = s cot w.
    private static (double Sin, double Cos) CotAngle(double sinA, double cosA, double sz)
    {
        (double ss, double cs) = Math.SinCos(sz);
        return ((sinA * cs) - (cosA * ss), (cosA * cs) + (sinA * ss));
    }

    // B = atan((V - 1/2)/r) + pi/2 in [0, pi], written as atan2 so that it is exact at V = +-infinity.
    private static double Angle(double v, double r) => Math.Atan2(r, 0.5 - v);

    // ln(1 + x) accurate for tiny x (double.LogP1 is computed as Log(1 + x) and returns 0 there).
    private static double Log1P(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    // sin x - x without cancellation for small x.
    private static double SinMinusX(double x)
    {
        if (Math.Abs(x) >= SeriesLimit)
        {
            return Math.Sin(x) - x;
        }

        // -x^3/3! + x^5/5! - ...
        double x2 = x * x, term = -x * x2 / 6.0, sum = 0.0;
        for (int k = 2; k < 20 && term != 0.0; k++)
        {
            sum += term;
            term *= -x2 / ((2.0 * k) * ((2.0 * k) + 1.0));
        }

        return sum;
    }

    // sinh x - x without cancellation for small x.
    private static double SinhMinusX(double x)
    {
        if (Math.Abs(x) >= SeriesLimit)
        {
            return Math.Sinh(x) - x;
        }

        double x2 = x * x, term = x * x2 / 6.0, sum = 0.0;
        for (int k = 2; k < 20 && term != 0.0; k++)
        {
            sum += term;
            term *= x2 / ((2.0 * k) * ((2.0 * k) + 1.0));
        }

        return sum;
    }
}
