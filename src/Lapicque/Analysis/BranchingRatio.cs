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

        return Fit(r, maxRatio);
    }

    private static MultistepRegressionResult Fit(double[] r, double maxRatio)
    {
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

    /// <summary>
    /// The Harris estimator for separate trials (avalanches started by one seed, no drive): descendants over ancestors,
    /// sum A(t + 1) / sum A(t) over consecutive steps within each trial, the maximum-likelihood estimate of the mean offspring
    /// of a Galton-Watson process (Harris 1948). Beggs and Plenz (2003) estimate sigma the same way from the first two bins of
    /// each avalanche.
    /// </summary>
    public static double Harris(IReadOnlyList<long[]> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        double ancestors = 0, descendants = 0;
        foreach (var a in trials)
        {
            for (int t = 0; t + 1 < a.Length; t++)
            {
                ancestors += a[t];
                descendants += a[t + 1];
            }
        }

        return ancestors > 0 ? descendants / ancestors : double.NaN;
    }

    /// <summary>
    /// Trial-separated multistep regression: r_k pools the pairs (A_i(t), A_i(t + k)) of every trial i (never across trials),
    /// then m and b are fitted as for a single series. Lags with fewer than two pairs are left out of the fit (r_k NaN).
    /// </summary>
    public static MultistepRegressionResult MultistepRegression(IReadOnlyList<long[]> trials, int maxLag = 10, double maxRatio = 1.5)
    {
        ArgumentNullException.ThrowIfNull(trials);
        Check.That(maxLag >= 1, nameof(maxLag), ">= 1", maxLag);
        Check.Positive(maxRatio, nameof(maxRatio));
        var r = new double[maxLag];
        for (int k = 1; k <= maxLag; k++)
        {
            r[k - 1] = TrialSlope(trials, k);
        }

        return Fit(r, maxRatio);
    }

    /// <summary>Trial-separated conventional estimator: r_1 over pairs within trials.</summary>
    public static double Naive(IReadOnlyList<long[]> trials) => TrialSlope(trials, 1);

    private static double TrialSlope(IReadOnlyList<long[]> trials, int lag)
    {
        double n = 0, mx = 0, my = 0;
        foreach (var a in trials)
        {
            for (int t = 0; t + lag < a.Length; t++)
            {
                n++;
                mx += a[t];
                my += a[t + lag];
            }
        }

        if (n < 2)
        {
            return double.NaN;
        }

        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        foreach (var a in trials)
        {
            for (int t = 0; t + lag < a.Length; t++)
            {
                double dx = a[t] - mx;
                sxy += dx * (a[t + lag] - my);
                sxx += dx * dx;
            }
        }

        return sxx > 0 ? sxy / sxx : double.NaN;
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
            if (double.IsNaN(r[k]))
            {
                continue;
            }

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
            rr += double.IsNaN(v) ? 0 : v * v;
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
