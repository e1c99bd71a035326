using System.Numerics;

namespace Lapicque.Tests.Testing;

/// <summary>Shared test data: every span length from 0 to twice the vector width plus 3, and a large one.</summary>
public static class Lengths
{
    /// <summary>0 .. 2 * Vector&lt;float&gt;.Count + 3, then 1000.</summary>
    public static IEnumerable<object[]> SimdSweep()
    {
        int max = (2 * Vector<float>.Count) + 3;
        for (int n = 0; n <= max; n++)
        {
            yield return [n];
        }

        yield return [1000];
    }
}
