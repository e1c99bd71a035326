using Lapicque.Encoding;
using Lapicque.Numerics;

namespace Lapicque.Tests.Encoding;

public class LatencyEncoderTests
{
    public static IEnumerable<object[]> Configurations()
    {
        foreach (var mode in new[] { LatencyMode.Linear, LatencyMode.Logarithmic })
        {
            foreach (bool normalize in new[] { true, false })
            {
                yield return [mode, normalize];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void SpikeTime_DecreasesStrictlyWithIntensity_AndStepNeverIncreases(LatencyMode mode, bool normalize)
    {
        var e = new LatencyEncoder { Mode = mode, Normalize = normalize, Threshold = 0.05, TauSteps = 10, Epsilon = 0.02 };
        const int steps = 50;
        double previousTime = double.PositiveInfinity;
        int previousStep = int.MaxValue;
        for (int k = 1; k <= 1000; k++)
        {
            float x = 0.05f + (0.95f * k / 1000f);
            double t = e.SpikeTime(x, steps);
            int s = e.SpikeStep(x, steps);
            bool clampedAtEnd = normalize && mode == LatencyMode.Logarithmic && x < 0.07f;
            if (clampedAtEnd)
            {
                Assert.Equal(steps - 1, t);
            }
            else
            {
                Assert.True(t < previousTime, $"x = {x}: t = {t} not below {previousTime}");
            }

            int effective = s < 0 ? int.MaxValue : s;
            Assert.True(effective <= previousStep, $"x = {x}: step {s} after {previousStep}");
            previousTime = t;
            previousStep = effective;
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Encode_SubThresholdGivesNoSpike_OthersExactlyOneAtSpikeStep(LatencyMode mode, bool normalize)
    {
        var e = new LatencyEncoder { Mode = mode, Normalize = normalize, Threshold = 0.2, TauSteps = 3 };
        const int batch = 5, features = 40, steps = 30;
        float[] x = new float[batch * features];
        new Rng(6).FillUniform(x, -0.2f, 1.3f);
        x[0] = 0.2f;
        x[1] = 0.2f - 1e-6f;
        x[2] = float.NaN;
        float[] spikes = new float[steps * batch * features];
        spikes.AsSpan().Fill(7f); // must be overwritten
        e.Encode(x, batch, steps, default, spikes);

        for (int k = 0; k < x.Length; k++)
        {
            int count = 0, at = -1;
            for (int t = 0; t < steps; t++)
            {
                float s = spikes[(t * x.Length) + k];
                Assert.True(s == 0f || s == 1f);
                if (s == 1f)
                {
                    count++;
                    at = t;
                }
            }

            Assert.True(count <= 1, $"neuron {k} fired {count} times");
            if (!(x[k] > 0.2f))
            {
                Assert.Equal(0, count);
            }

            Assert.Equal(e.SpikeStep(x[k], steps), at);
        }
    }

    [Fact]
    public void Normalized_Linear_FillsWindowFromOneToThreshold()
    {
        var e = new LatencyEncoder { Mode = LatencyMode.Linear, Threshold = 0.1 };
        const int steps = 20;
        Assert.Equal(0.0, e.SpikeTime(1f, steps));
        Assert.Equal(0, e.SpikeStep(1f, steps));
        Assert.Equal(19.0, e.SpikeTime(0.1f + 1e-7f, steps), 4);
        Assert.Equal(19, e.SpikeStep(0.1000001f, steps));

        // t = (T - 1)(1 - x)/(1 - threshold): x = 0.4 gives 19 * 0.6 / 0.9 = 12.667, step 13.
        Assert.Equal(19 * 0.6 / 0.9, e.SpikeTime(0.4f, steps), 5);
        Assert.Equal(13, e.SpikeStep(0.4f, steps));
        Assert.Equal(-1, e.SpikeStep(0.1f, steps));
    }

    [Fact]
    public void Normalized_Logarithmic_MapsOneToZeroAndThresholdPlusEpsilonToLastStep()
    {
        var e = new LatencyEncoder { Mode = LatencyMode.Logarithmic, Threshold = 0.1, Epsilon = 0.05 };
        const int steps = 25;
        Assert.Equal(0.0, e.SpikeTime(1f, steps), 9);
        Assert.Equal(24.0, e.SpikeTime(0.15f, steps), 4);
        Assert.Equal(24.0, e.SpikeTime(0.12f, steps));
        double l(double x) => Math.Log(x / (x - 0.1));
        double expected = 24 * (l(0.5f) - l(1)) / (l(0.15) - l(1));
        Assert.Equal(expected, e.SpikeTime(0.5f, steps), 4);
    }

    [Theory]
    [InlineData(1.0, 0.3, 0.8)]
    [InlineData(7.5, 0.01, 0.02)]
    [InlineData(4.0, 0.5, 0.9)]
    public void Logarithmic_TimeIsRcMembraneChargingTimeToThreshold(double tau, double threshold, double drive)
    {
        // Yardstick: integrate tau dv/dt = x - v from v = 0 with RK4 and find when v reaches the threshold.
        var e = new LatencyEncoder { Mode = LatencyMode.Logarithmic, Normalize = false, Threshold = threshold, TauSteps = tau, Epsilon = 1e-3 };
        double h = tau * 1e-4, v = 0, t = 0;
        double f(double y) => (drive - y) / tau;
        while (true)
        {
            double k1 = f(v), k2 = f(v + (0.5 * h * k1)), k3 = f(v + (0.5 * h * k2)), k4 = f(v + (h * k3));
            double next = v + (h / 6 * (k1 + (2 * k2) + (2 * k3) + k4));
            if (next >= threshold)
            {
                t += h * (threshold - v) / (next - v);
                break;
            }

            v = next;
            t += h;
        }

        Assert.Equal(t, e.SpikeTime((float)drive, 1000), 5 * h);
    }

    [Fact]
    public void Unnormalized_TimesPastTheWindowGiveNoSpike()
    {
        var e = new LatencyEncoder { Mode = LatencyMode.Linear, Normalize = false, TauSteps = 50, Threshold = 0 };
        Assert.Equal(25.0, e.SpikeTime(0.5f, 10), 5);
        Assert.Equal(-1, e.SpikeStep(0.5f, 10));
        Assert.Equal(5, e.SpikeStep(0.9f, 10));
        Assert.Equal(9, e.SpikeStep(0.82f, 10));  // t = 9.0
        Assert.Equal(-1, e.SpikeStep(0.8f, 10));  // t = 10.0: past the last step
        Assert.Equal(0, e.SpikeStep(1f, 10));
    }

    [Fact]
    public void Validate_NamesFieldExpectationAndValue()
    {
        Assert.StartsWith("Threshold must be in (0, 1); was 0.",
            Assert.Throws<ArgumentException>(new LatencyEncoder { Mode = LatencyMode.Logarithmic, Threshold = 0 }.Validate).Message);
        Assert.StartsWith("Threshold must be in [0, 1); was 1.",
            Assert.Throws<ArgumentException>(new LatencyEncoder { Threshold = 1 }.Validate).Message);
        Assert.StartsWith("Epsilon must be in (0, 0.5); was 0.7.",
            Assert.Throws<ArgumentException>(new LatencyEncoder { Mode = LatencyMode.Logarithmic, Threshold = 0.5, Epsilon = 0.7 }.Validate).Message);
        Assert.StartsWith("TauSteps must be > 0; was -2.",
            Assert.Throws<ArgumentException>(new LatencyEncoder { TauSteps = -2 }.Validate).Message);
        Assert.StartsWith("Mode must be Linear or Logarithmic; was 9.",
            Assert.Throws<ArgumentException>(new LatencyEncoder { Mode = (LatencyMode)9 }.Validate).Message);
        Assert.Contains("steps must be > 0; was 0.", Assert.ThrowsAny<ArgumentException>(() => new LatencyEncoder().SpikeStep(0.5f, 0)).Message);
    }
}
