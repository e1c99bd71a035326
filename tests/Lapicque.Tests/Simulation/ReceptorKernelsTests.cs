using Lapicque.Numerics;
using Lapicque.Simulation;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Simulation;

public class ReceptorKernelsTests
{
    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void VectorKernels_MatchScalarTwins(int n)
    {
        var rng = new Rng((ulong)n + 1);
        float[] x1 = new float[n], due = new float[n], in1 = new float[n], v = new float[n];
        rng.FillUniform(x1, 0, 5);
        rng.FillUniform(due, 0, 1);
        rng.FillUniform(in1, -1, 1);
        rng.FillUniform(v, -70, -50);
        float[] x2 = (float[])x1.Clone(), in2 = (float[])in1.Clone();
        ReceptorKernels.Current(x1, due, in1, 0.99f, 0.98f);
        ReceptorKernels.CurrentScalar(x2, due, in2, 0.99f, 0.98f);
        Assert.Equal(x2, x1);
        Assert.Equal(in2, in1);
        ReceptorKernels.Conductance(x1, due, in1, v, 0.99f, 0.98f, -80f);
        ReceptorKernels.ConductanceScalar(x2, due, in2, v, 0.99f, 0.98f, -80f);
        Assert.Equal(x2, x1);
        Assert.Equal(in2, in1);
    }

    [Fact]
    public void Current_AddsArrivalsThenDecays()
    {
        float[] x = [2f], due = [1f], input = [0.5f];
        ReceptorKernels.CurrentScalar(x, due, input, 0.5f, 0.25f);
        Assert.Equal(0.5f + (0.5f * 3f), input[0]);
        Assert.Equal(0.75f, x[0]);
    }
}
