namespace Lapicque.Analysis;

/// <summary>
/// Estimators of the branching ratio m, the mean number of units one active unit activates in the next time bin, from a
/// population activity series A(t) (spikes per bin). m &lt; 1 is subcritical, m = 1 critical, m &gt; 1 supercritical.
/// </summary>
/// <remarks>
/// For a driven branching process E[A(t + 1) | A(t)] = m A(t) + h, so the least-squares slope of A(t + 1) on A(t) estimates m
/// (the conventional, naive estimator). Under subsampling (a fraction of units observed) that slope is biased towards 0.
/// Multistep regression (Wilting and Priesemann, "Inferring collective dynamical states from widely unobserved systems",
/// Nature Communications 9, 2325, 2018) uses the slopes r_k of A(t + k) on A(t) for k = 1..kmax: subsampling scales all of
/// them by the same factor b, r_k = b m^k, so fitting the exponential decay recovers m.
/// </remarks>
public static class BranchingRatio
{
    /// <summary>The conventional estimator: least-squares slope r_1 of A(t + 1) on A(t). NaN when A is constant.</summary>
    public static double Naive(ReadOnlySpan<long> activity) => Slope(activity, 1);

    /// <summary>The conventional estimator for real-valued activity.</summary>
    public static double Naive(ReadOnlySpan<double> activity) => Slope(activity, 1);

    /// <summary>
    /// Multistep regression with lags 1..<paramref name="maxLag"/>: r_k by least squares, then m and b minimising
    /// sum_k (r_k - b m^k)^2 over m in (0, <paramref name="maxRatio"/>]. The series must be longer than maxLag + 2.
    /// </summary>
    public static MultistepRegressionResult MultistepRegression(ReadOnlySpan<long> activity, int maxLag = 40, double maxRatio = 1.5)
    {
        var a = new double[activity.Length];
        for (int t = 0; t < a.Length; t++)
        {
            a[t] = activity[t];
        }

        return MultistepRegression(a, maxLag, maxRatio);
    }

    /// <summary>Multistep regression for real-valued activity; see <see cref="MultistepRegression(ReadOnlySpan{long}, int, double)"/>.</summary>
    public static MultistepRegressionResult MultistepRegression(ReadOnlySpan<double> activity, int maxLag = 40, double maxRatio = 1.5)
    {
        Check.That(maxLag >= 1, nameof(maxLag), ">= 1", maxLag);
        Check.That(activity.Length > maxLag + 2, "activity.Length", $"> maxLag + 2 = {maxLag + 2}", activity.Length);
        Check.Positive(maxRatio, nameof(maxRatio));
        var r = new double[maxLag];
        for (int k = 1; k <= maxLag; k++)
        {
            r[k - 1] = Slope(activity, k);
        }

        // For fixed m the best b is sum r_k m^k / sum m^2k and the residual is sum r_k^2 - (sum r_k m^k)^2 / sum m^2k,
        // so only m needs searching: a grid, then golden-section refinement around the best grid point.
        const int grid = 600;
        double best = double.PositiveInfinity, bestM = maxRatio / grid;
        for (int g = 1; g <= grid; g++)
        {
            double m = maxRatio * g / grid;
            double res = Residual(r, m);
            if (res < best)
            {
                best = res;
                bestM = m;
            }
        }

        double lo = Math.Max(1e-9, bestM - (maxRatio / grid)), hi = Math.Min(maxRatio, bestM + (maxRatio / grid));
        double mHat = GoldenSection(m => Residual(r, m), lo, hi, 1e-10);
        (double sx, double sxx) = Moments(r, mHat);
        double b = sxx > 0 ? sx / sxx : double.NaN;
        double tau = mHat < 1 ? -1.0 / Math.Log(mHat) : double.PositiveInfinity;
        return new MultistepRegressionResult(mHat, b, r, tau);
    }

    /// <summary>Least-squares slope of A(t + k) on A(t) over t = 0 .. T - k - 1. NaN when A(t) is constant there.</summary>
    public static double Slope(ReadOnlySpan<long> activity, int lag)
    {
        var a = new double[activity.Length];
        for (int t = 0; t < a.Length; t++)
        {
            a[t] = activity[t];
        }

        return Slope(a, lag);
    }

    /// <summary>Least-squares slope of A(t + k) on A(t) for real-valued activity.</summary>
    public static double Slope(ReadOnlySpan<double> activity, int lag)
    {
        Check.That(lag >= 1, nameof(lag), ">= 1", lag);
        int n = activity.Length - lag;
        Check.That(n >= 2, "activity.Length", $">= lag + 2 = {lag + 2}", activity.Length);
        double mx = 0, my = 0;
        for (int t = 0; t < n; t++)
        {
            mx += activity[t];
            my += activity[t + lag];
        }

        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (int t = 0; t < n; t++)
        {
            double dx = activity[t] - mx;
            sxy += dx * (activity[t + lag] - my);
            sxx += dx * dx;
        }

        return sxx > 0 ? sxy / sxx : double.NaN;
    }

    private static (double Sx, double Sxx) Moments(double[] r, double m)
    {
        double sx = 0, sxx = 0, p = 1;
        for (int k = 0; k < r.Length; k++)
        {
            p *= m;
            sx += r[k] * p;
            sxx += p * p;
        }

        return (sx, sxx);
    }

    private static double Residual(double[] r, double m)
    {
        (double sx, double sxx) = Moments(r, m);
        double rr = 0;
        foreach (double v in r)
        {
            rr += v * v;
        }

        return sxx > 0 ? rr - (sx * sx / sxx) : rr;
    }

    internal static double GoldenSection(Func<double, double> f, double lo, double hi, double tolerance)
    {
        double g = (Math.Sqrt(5) - 1) / 2;
        double c = hi - (g * (hi - lo)), d = lo + (g * (hi - lo));
        double fc = f(c), fd = f(d);
        while (hi - lo > tolerance)
        {
            if (fc < fd)
            {
                hi = d;
                d = c;
                fd = fc;
                c = hi - (g * (hi - lo));
                fc = f(c);
            }
            else
            {
                lo = c;
                c = d;
                fc = fd;
                d = lo + (g * (hi - lo));
                fd = f(d);
            }
        }

        return (lo + hi) / 2;
    }
}
