namespace Lapicque.Tests.Learning.Evolution;

// Standard test functions with known minima: sphere (0 at the origin), Rosenbrock (0 at all ones), a rotated-free
// ellipsoid with condition number 1e6 (0 at the origin).
internal static class TestFunctions
{
    public static double Sphere(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s += v * v;
        }

        return s;
    }

    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i + 1] - (x[i] * x[i]), b = 1 - x[i];
            s += (100 * a * a) + (b * b);
        }

        return s;
    }

    public static double Ellipsoid(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Pow(1e6, i / (double)(x.Length - 1)) * x[i] * x[i];
        }

        return s;
    }
}
