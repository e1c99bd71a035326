using System.Numerics;
using Lapicque.Learning.Surrogate;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Tests.Testing;

namespace Lapicque.Tests.Learning.Surrogate;

public class SimdTwinTests
{
    private static void VectorMatchesScalar<TS>(TS s)
        where TS : struct, ISurrogate
    {
        var rng = new Rng(3);
        int w = Vector<float>.Count;
        var lanes = new float[w];
        for (int trial = 0; trial < 200; trial++)
        {
            for (int i = 0; i < w; i++)
            {
                lanes[i] = (float)rng.Uniform(-3, 3) / Math.Max(0.1f, s.Sharpness);
            }

            var d = s.Derivative(new Vector<float>(lanes));
            for (int i = 0; i < w; i++)
            {
                float expected = s.Derivative(lanes[i]);
                Assert.True(Math.Abs(d[i] - expected) <= 1e-6f * Math.Max(1f, Math.Abs(expected)), $"{typeof(TS).Name} x={lanes[i]}: vector {d[i]}, scalar {expected}");
            }
        }
    }

    [Fact]
    public void SurrogateVectorDerivatives_MatchScalarTwins()
    {
        VectorMatchesScalar(new ATan(2f));
        VectorMatchesScalar(new FastSigmoid(25f));
        VectorMatchesScalar(new Sigmoid(5f));
        VectorMatchesScalar(new Triangle(1.5f));
        VectorMatchesScalar(new StraightThrough(2f));
        VectorMatchesScalar(new StraightThrough());
        VectorMatchesScalar(new SingleExponential(3f));
    }

    [Theory]
    [MemberData(nameof(Lengths.SimdSweep), MemberType = typeof(Lengths))]
    public void LifBackwardStep_VectorMatchesScalarTwin(int n)
    {
        if (n == 0)
        {
            return;
        }

        foreach (var reset in new[] { ResetMode.Subtract, ResetMode.ToValue, ResetMode.None })
        {
            foreach (bool detach in new[] { true, false })
            {
                var rng = new Rng((ulong)(n + 1));
                const int b = 3;
                var p = LifParameters.FromBeta(0.9, reset: reset).Propagator(1.0);
                var c = new NeuronConstants("x", n, p.Beta, p.ThresholdMv, p.ResetMv, new SpikingOptions { LearnBeta = true, LearnThreshold = true });
                float[] Rand(float lo, float hi)
                {
                    var a = new float[b * n];
                    rng.FillUniform(a, lo, hi);
                    return a;
                }

                var x = Rand(0f, 2f);
                var s = x.Select(v => v >= 1f ? 1f : 0f).ToArray();
                var vp = Rand(-1f, 1f);
                var ds = Rand(-1f, 1f);
                var dv0 = Rand(-1f, 1f);
                var (dvA, dvB) = ((float[])dv0.Clone(), (float[])dv0.Clone());
                var (inA, inB) = (new float[b * n], new float[b * n]);
                var (betaA, thrA, betaB, thrB) = (new float[b], new float[b], new float[b], new float[b]);
                LifGradient.Step(new ATan(), p, c, detach, n, x, s, vp, ds, dvA, inA, betaA, thrA, 0, 0);
                LifGradient.StepScalar(new ATan(), p, c, detach, n, x, s, vp, ds, dvB, inB, betaB, thrB, 0, 0);
                for (int i = 0; i < b * n; i++)
                {
                    Assert.Equal(inB[i], inA[i], 5);
                    Assert.Equal(dvB[i], dvA[i], 5);
                }

                for (int i = 0; i < b; i++)
                {
                    Assert.True(Math.Abs(betaA[i] - betaB[i]) <= 1e-4f * (1 + Math.Abs(betaB[i])), $"beta partial {i}: {betaA[i]} vs {betaB[i]}");
                    Assert.True(Math.Abs(thrA[i] - thrB[i]) <= 1e-4f * (1 + Math.Abs(thrB[i])), $"threshold partial {i}: {thrA[i]} vs {thrB[i]}");
                }
            }
        }
    }
}
