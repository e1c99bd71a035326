using Lapicque.Data;
using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Data;

public class PixelConversionTests
{
    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void BytesToSingle_VectorMatchesScalarTwin_ForEveryLength(int n)
    {
        // SimdSweep is sized for Vector<float>; one byte vector holds four times as many lanes, so sweep 4n too.
        foreach (int length in new[] { n, 4 * n, (4 * n) + 1 })
        {
            var rng = new Rng((ulong)length);
            var source = new byte[length];
            for (int i = 0; i < length; i++)
            {
                source[i] = (byte)rng.NextInt(256);
            }

            var vector = new float[length];
            var scalar = new float[length];
            PixelConversion.BytesToSingle(source, vector, 255f);
            PixelConversion.BytesToSingleScalar(source, scalar, 255f);
            Assert.Equal(scalar, vector);
        }
    }

    [Fact]
    public void BytesToSingle_EveryByteValue_IsCorrectlyRoundedQuotient()
    {
        // Yardstick: the quotient computed in double and rounded once to float (k/255 is never a float tie).
        byte[] all = Enumerable.Range(0, 256).Select(k => (byte)k).ToArray();
        byte[] source = [.. all, .. all, .. all];
        var result = new float[source.Length];
        PixelConversion.BytesToSingle(source, result, 255f);
        for (int i = 0; i < source.Length; i++)
        {
            Assert.Equal((float)(source[i] / 255.0), result[i]);
        }

        Assert.Equal(0f, result[0]);
        Assert.Equal(1f, result[255]);
    }
}
