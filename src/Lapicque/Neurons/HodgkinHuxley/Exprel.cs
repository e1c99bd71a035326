using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lapicque.Neurons;

/// <summary>
/// exprel(x) = (e^x - 1) / x with exprel(0) = 1: the form in which the HH-type rate functions x / (e^x - 1) lose their
/// removable 0/0 point (at V = -40 mV for alpha_m and -55 mV for alpha_n in the squid axon model).
/// </summary>
/// <remarks>
/// Near 0 the quotient cancels catastrophically (one ulp of e^x becomes a relative error of about 1.2e-7 / |x|), so for
/// |x| &lt; 0.1 the Taylor polynomial 1 + x/2 + x^2/6 + x^3/24 + x^4/120 is used instead; its truncation error
/// x^5/720 stays below 1.4e-8 there. Elsewhere the quotient's relative error is below about 1.5e-6, so exprel is
/// accurate to about 2e-6 relative everywhere.
/// </remarks>
public static class Exprel
{
    private const float SeriesBound = 0.1f;

    /// <summary>exprel(x) in float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Of(float x)
    {
        if (MathF.Abs(x) < SeriesBound)
        {
            return 1f + (x * (0.5f + (x * ((1f / 6f) + (x * ((1f / 24f) + (x * (1f / 120f))))))));
        }

        return (MathF.Exp(x) - 1f) / x;
    }

    /// <summary>exprel(x) lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Of(Vector<float> x)
    {
        var series = Vector<float>.One + (x * (new Vector<float>(0.5f) + (x * (new Vector<float>(1f / 6f) + (x * (new Vector<float>(1f / 24f) + (x * new Vector<float>(1f / 120f))))))));
        var small = Vector.LessThan(Vector.Abs(x), new Vector<float>(SeriesBound));

        // Lanes near 0 divide by a harmless 1 instead of x; their quotient is discarded.
        var safe = Vector.ConditionalSelect(small, Vector<float>.One, x);
        var quotient = (Vector.Exp(safe) - Vector<float>.One) / safe;
        return Vector.ConditionalSelect(small, series, quotient);
    }
}
