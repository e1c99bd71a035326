namespace Lapicque.Tests.Neurons;

/// <summary>
/// Test yardstick: fixed-step classic RK4 for tau dV/dt = V (V - 1) + I with tau dI/dt = -2 I (or I constant), written
/// independently of the closed forms. Where |V| &gt; 1 it integrates u = -1/V instead (tau du/dt = 1 + u + I u^2), which
/// is smooth through the blow-up: u passes 0 from below at the spike (V = +infinity) and continues from above
/// (V = -infinity), which is the reset. Spike times are located inside the step by Newton iterations on a partial step.
/// </summary>
internal sealed class QifRk4
{
    private readonly double _tau;
    private readonly bool _decaying;
    private bool _inU;
    private double _y;

    public QifRk4(double tau, double v0, double i0, bool decayingCurrent = true)
    {
        _tau = tau;
        _decaying = decayingCurrent;
        I = i0;
        if (Math.Abs(v0) > 1)
        {
            _inU = true;
            _y = double.IsNegativeInfinity(v0) ? 0.0 : -1.0 / v0;
        }
        else
        {
            _y = v0;
        }
    }

    public double T { get; private set; }

    public double I { get; private set; }

    public double V => _inU ? -1.0 / _y : _y;

    public List<double> SpikeTimes { get; } = [];

    /// <summary>Adds w to I (an input spike of the Klos model) or to V (an input of the theta model).</summary>
    public void KickI(double w) => I += w;

    public void KickV(double w)
    {
        double v = V + w;
        _inU = Math.Abs(v) > 1;
        _y = _inU ? -1.0 / v : v;
    }

    /// <summary>Integrates for <paramref name="duration"/> with steps of at most <paramref name="h"/>.</summary>
    public void Run(double duration, double h)
    {
        int n = Math.Max(1, (int)Math.Ceiling(duration / h));
        double step = duration / n;
        double t0 = T;
        for (int k = 0; k < n; k++)
        {
            double at = StepOnce(step);
            if (at < double.PositiveInfinity)
            {
                SpikeTimes.Add(T + at);
            }

            T = t0 + ((k + 1) * step);
        }
    }

    /// <summary>Integrates until the next spike or until <paramref name="horizon"/> has passed; returns the time or +infinity.</summary>
    public double RunToSpike(double horizon, double h)
    {
        int before = SpikeTimes.Count;
        double end = T + horizon;
        double t0 = T;
        int k = 0;
        while (T < end && SpikeTimes.Count == before)
        {
            double at = StepOnce(h);
            if (at < double.PositiveInfinity)
            {
                SpikeTimes.Add(T + at);
            }

            k++;
            T = t0 + (k * h);
        }

        return SpikeTimes.Count > before ? SpikeTimes[before] : double.PositiveInfinity;
    }

    /// <summary>Advances by one RK4 step of length h; returns the offset of a spike inside the step, or +infinity.</summary>
    public double Advance(double h)
    {
        double at = StepOnce(h);
        T += h;
        return at;
    }

    /// <summary>Sets V to -infinity (the reset).</summary>
    public void ResetToNegativeInfinity()
    {
        _inU = true;
        _y = 0.0;
    }

    public (bool InU, double Y, double I, double T) Save() => (_inU, _y, I, T);

    public void Restore((bool InU, double Y, double I, double T) s) => (_inU, _y, I, T) = s;

    private double StepOnce(double h)
    {
        double at = double.PositiveInfinity;
        double y0 = _y, i0 = I;
        (double y1, double i1) = Rk4(y0, i0, h);
        if (_inU && y0 < 0 && y1 >= 0)
        {
            // Locate u = 0 inside the step: Newton on the length of a partial RK4 step from the step start.
            double hs = h * (-y0) / (y1 - y0);
            for (int it = 0; it < 30; it++)
            {
                (double ys, double isx) = Rk4(y0, i0, hs);
                double slope = Deriv(ys, isx);
                double next = hs - (ys / slope);
                if (Math.Abs(next - hs) < 1e-16 * h)
                {
                    hs = next;
                    break;
                }

                hs = next;
            }

            at = hs;
        }

        _y = y1;
        I = i1;
        if (_inU && Math.Abs(_y) > 1.0)
        {
            _inU = false;
            _y = -1.0 / _y;
        }
        else if (!_inU && Math.Abs(_y) > 1.0)
        {
            _inU = true;
            _y = -1.0 / _y;
        }

        return at;
    }

    private (double Y, double I) Rk4(double y, double i, double h)
    {
        double k1 = Deriv(y, i), l1 = DerivI(i);
        double k2 = Deriv(y + (0.5 * h * k1), i + (0.5 * h * l1)), l2 = DerivI(i + (0.5 * h * l1));
        double k3 = Deriv(y + (0.5 * h * k2), i + (0.5 * h * l2)), l3 = DerivI(i + (0.5 * h * l2));
        double k4 = Deriv(y + (h * k3), i + (h * l3)), l4 = DerivI(i + (h * l3));
        return (y + (h / 6.0 * (k1 + (2 * k2) + (2 * k3) + k4)), i + (h / 6.0 * (l1 + (2 * l2) + (2 * l3) + l4)));
    }

    private double Deriv(double y, double i) => _inU ? (1.0 + y + (i * y * y)) / _tau : ((y * y) - y + i) / _tau;

    private double DerivI(double i) => _decaying ? -2.0 * i / _tau : 0.0;
}
