using Lapicque.Neurons;

namespace Lapicque.Learning.Exact;

/// <summary>
/// The ramp variant of the QIF pseudodynamics: after the trial end T the neuron gets, on top of the authors' constant
/// rectified drive c_p = softplus_alpha(I(T) + u) (<see cref="KlosQif.PseudoDrive"/>), a steadily increasing input current
/// of slope kappa: tau dV/dt = (V - 1/2)^2 + c_p + kappa (t - T) / tau. Its pseudospikes come ever faster, so a neuron that
/// is far from spiking still gets a pseudospike within a few tau.
/// </summary>
/// <remarks>
/// <para>Exactness. With s = (t - T) / tau and W = V - 1/2 the equation is the Riccati equation dW/ds = W^2 + q(s),
/// q(s) = c_p + kappa s. W = -u'/u turns it into the linear equation u'' + q(s) u = 0 (Airy's equation in a shifted,
/// scaled variable: u = a Ai(zeta) + b Bi(zeta), zeta = -q(s) / kappa^(2/3)); the spikes (W = +infinity) are the zeros of u.
/// There is no closed form for the zeros of a combination of Airy functions, so they are found by a root-find; u is entire,
/// and it is computed by Taylor series in steps h with h^2 q &lt;= 1, each summed until its terms fall below the rounding of
/// double (the recurrence (n + 2)(n + 1) a_(n+2) = -(q0 a_n + kappa a_(n-1))), so there is no truncation error: the zeros are
/// exact to rounding, like the closed forms of the constant drive. The gradient is the implicit-function one:
/// u(s_k; u(0), u'(0), c_p) = 0 gives ds_k/dp = -(du/dp)(s_k) / u'(s_k) for p = u(0), u'(0) (u is linear in them: the
/// fundamental solutions y1, y2) and p = c_p (z = dy/dc_p solves z'' + q z = -y, summed with the same recurrence).</para>
/// <para>Initial values: with r = sqrt(c_p) and B = atan2(r, 1/2 - V(T)) in [0, pi] (the authors' phase angle,
/// rho = B / pi), u(0) = sin B and u'(0) = r cos B. For kappa = 0 this gives u = sin(B + r s) and back the constant-drive
/// pseudospikes t_k = T + tau (k pi - B) / r. The k-th pseudospike is the k-th zero of u in s &gt; 0, plus s = 0 itself when
/// V(T) = +infinity (B = pi: the spike is at T). As for the constant drive, an ordinary spike that leaves the trial through
/// T continues as the first pseudospike (B goes from pi to 0 and u only changes sign), and q &gt; 0 keeps the zeros simple
/// and their times smooth in V(T), I(T) and u.</para>
/// </remarks>
public static class QifRampPseudodynamics
{
    private const int MaxTerms = 80;

    // A pseudospike this many steps away is not worth finding (the drive would have to be absurdly small).
    private const int MaxSteps = 1_000_000;

    /// <summary>
    /// The time in ms of the <paramref name="k"/>-th pseudospike (k &gt;= 1) under the ramp of slope <paramref name="slope"/>
    /// (&gt;= 0, per tau), with its partials with respect to V(T), I(T) and u (<see cref="KlosQifPseudo"/>). For slope 0 it
    /// equals <see cref="KlosQif.PseudoSpikeTime"/>.
    /// </summary>
    public static KlosQifPseudo SpikeTime(double tauMs, double trialEndMs, int k, double vT, double iT, double u, double alpha, double slope)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (slope == 0.0)
        {
            return KlosQif.PseudoSpikeTime(tauMs, trialEndMs, k, vT, iT, u, alpha);
        }

        Check.That(slope > 0 && double.IsFinite(slope), nameof(slope), "finite and >= 0", slope);
        double c = KlosQif.PseudoDrive(iT, u, alpha, out double dcDi);
        double r = Math.Sqrt(c);
        double b = Math.Atan2(r, 0.5 - vT);
        (double sb, double cb) = Math.SinCos(b);
        double u0 = sb, u1 = r * cb;
        Zero z = FindZero(c, slope, u0, u1, k);

        // Implicit function: s_k(u0, u1, c) with u(s_k) = u0 y1 + u1 y2 = 0.
        double sU0 = -z.Y1 / z.UPrime, sU1 = -z.Y2 / z.UPrime, sC = -((u0 * z.Z1) + (u1 * z.Z2)) / z.UPrime;

        // B = atan2(r, 1/2 - V): dB/dV = sin^2 B / r, dB/dr = sin B cos B / r.
        double dBdV = sb * sb / r, dBdR = sb * cb / r;
        double dsdV = (sU0 * cb * dBdV) + (sU1 * (-r * sb * dBdV));
        double dsdR = (sU0 * cb * dBdR) + (sU1 * (cb - (r * sb * dBdR)));
        double dsdC = sC + (dsdR / (2.0 * r));
        double dI = tauMs * dsdC * dcDi;
        return new KlosQifPseudo(trialEndMs + (tauMs * z.S), tauMs * dsdV, dI, dI);
    }

    // The k-th zero s > 0 of u = u0 y1 + u1 y2 (counting s = 0 only when u0 = 0 and u1 < 0), with y1, y2, z1 = dy1/dc,
    // z2 = dy2/dc and u' there.
    private static Zero FindZero(double c, double kappa, double u0, double u1, int k)
    {
        // State at the step start: values and first derivatives of y1, y2, z1, z2.
        double y1 = 1, y1p = 0, y2 = 0, y2p = 1, z1 = 0, z1p = 0, z2 = 0, z2p = 0;
        double s = 0.0;
        double sign = u0 != 0.0 ? Math.Sign(u0) : Math.Sign(u1);
        if (u0 == 0.0 && u1 < 0.0)
        {
            // V(T) = +infinity: the first pseudospike is at T itself.
            if (k == 1)
            {
                return new Zero(0.0, y1, y2, z1, z2, u1);
            }

            k--;
        }

        Span<double> a1 = stackalloc double[MaxTerms], a2 = stackalloc double[MaxTerms], b1 = stackalloc double[MaxTerms], b2 = stackalloc double[MaxTerms];
        Span<double> p = stackalloc double[MaxTerms];
        int found = 0;
        for (int step = 0; step < MaxSteps; step++)
        {
            double q0 = c + (kappa * s);
            double h0 = Math.Min(1.0 / Math.Sqrt(q0), Math.Cbrt(1.0 / kappa));
            double h = 1.0 / Math.Sqrt(q0 + (kappa * h0));
            int n = Coefficients(q0, kappa, h, y1, y1p, y2, y2p, z1, z1p, z2, z2p, a1, a2, b1, b2);
            for (int m = 0; m < n; m++)
            {
                p[m] = (u0 * a1[m]) + (u1 * a2[m]);
            }

            double uEnd = Poly(p[..n], h);
            if (Math.Sign(uEnd) == -sign || (uEnd == 0.0 && sign != 0))
            {
                found++;
                sign = -sign;
                if (found == k)
                {
                    double x = Root(p[..n], h);
                    double up = PolyDerivative(p[..n], x);
                    return new Zero(s + x, Poly(a1[..n], x), Poly(a2[..n], x), Poly(b1[..n], x), Poly(b2[..n], x), up);
                }
            }

            y1 = Poly(a1[..n], h);
            y1p = PolyDerivative(a1[..n], h);
            y2 = Poly(a2[..n], h);
            y2p = PolyDerivative(a2[..n], h);
            z1 = Poly(b1[..n], h);
            z1p = PolyDerivative(b1[..n], h);
            z2 = Poly(b2[..n], h);
            z2p = PolyDerivative(b2[..n], h);
            s += h;
        }

        throw new InvalidOperationException($"The ramp pseudospike {k} was not reached within {MaxSteps} steps (drive {Check.Format(c)}, slope {Check.Format(kappa)}).");
    }

    // Taylor coefficients at s0 (in the local variable x = s - s0) of y1, y2 (y'' = -(q0 + kappa x) y) and z1, z2
    // (z'' = -(q0 + kappa x) z - y); returns how many are needed for the terms at x = h to fall below rounding.
    private static int Coefficients(double q0, double kappa, double h,
        double y1, double y1p, double y2, double y2p, double z1, double z1p, double z2, double z2p,
        Span<double> a1, Span<double> a2, Span<double> b1, Span<double> b2)
    {
        a1[0] = y1;
        a1[1] = y1p;
        a2[0] = y2;
        a2[1] = y2p;
        b1[0] = z1;
        b1[1] = z1p;
        b2[0] = z2;
        b2[1] = z2p;
        double scale = Math.Abs(y1) + Math.Abs(y1p * h) + Math.Abs(y2) + Math.Abs(y2p * h) + Math.Abs(z1) + Math.Abs(z1p * h) + Math.Abs(z2) + Math.Abs(z2p * h);
        double hn = h;
        int small = 0;
        for (int n = 0; n + 2 < a1.Length; n++)
        {
            double d = 1.0 / ((n + 1.0) * (n + 2.0));
            double p1 = n >= 1 ? a1[n - 1] : 0.0, p2 = n >= 1 ? a2[n - 1] : 0.0;
            double r1 = n >= 1 ? b1[n - 1] : 0.0, r2 = n >= 1 ? b2[n - 1] : 0.0;
            a1[n + 2] = -((q0 * a1[n]) + (kappa * p1)) * d;
            a2[n + 2] = -((q0 * a2[n]) + (kappa * p2)) * d;
            b1[n + 2] = -((q0 * b1[n]) + (kappa * r1) + a1[n]) * d;
            b2[n + 2] = -((q0 * b2[n]) + (kappa * r2) + a2[n]) * d;
            hn *= h;
            double term = (Math.Abs(a1[n + 2]) + Math.Abs(a2[n + 2]) + Math.Abs(b1[n + 2]) + Math.Abs(b2[n + 2])) * hn * h;
            scale = Math.Max(scale, term);
            small = term <= 1e-18 * scale ? small + 1 : 0;
            if (small >= 3 && n >= 4)
            {
                return n + 3;
            }
        }

        return a1.Length;
    }

    // The root in [0, h] of the polynomial p, which changes sign there: Newton steps kept inside a shrinking bracket.
    private static double Root(ReadOnlySpan<double> p, double h)
    {
        double lo = 0.0, hi = h;
        double fLo = Poly(p, lo);
        if (fLo == 0.0)
        {
            return 0.0;
        }

        double x = 0.5 * h;
        for (int it = 0; it < 200; it++)
        {
            double f = Poly(p, x);
            if (f == 0.0)
            {
                return x;
            }

            if (Math.Sign(f) == Math.Sign(fLo))
            {
                lo = x;
                fLo = f;
            }
            else
            {
                hi = x;
            }

            double next = x - (f / PolyDerivative(p, x));
            if (!(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }
            else if (Math.Abs(next - x) <= 1e-13 * h)
            {
                // Newton has converged (quadratically): one more step gives the root to rounding.
                return next - (Poly(p, next) / PolyDerivative(p, next));
            }

            if (hi - lo <= 1e-16 * h)
            {
                return next;
            }

            x = next;
        }

        return x;
    }

    private static double Poly(ReadOnlySpan<double> p, double x)
    {
        double v = 0.0;
        for (int m = p.Length - 1; m >= 0; m--)
        {
            v = (v * x) + p[m];
        }

        return v;
    }

    private static double PolyDerivative(ReadOnlySpan<double> p, double x)
    {
        double v = 0.0;
        for (int m = p.Length - 1; m >= 1; m--)
        {
            v = (v * x) + (m * p[m]);
        }

        return v;
    }

    private readonly record struct Zero(double S, double Y1, double Y2, double Z1, double Z2, double UPrime);
}
