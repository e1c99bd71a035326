using Lapicque.Encoding;
using Lapicque.Numerics;

namespace Lapicque.Tests.Encoding;

public class DeltaEncoderTests
{
    [Theory]
    [InlineData(0.1, false)]
    [InlineData(0.05, false)]
    [InlineData(0.2, true)]
    public void LastEmitted_IntegratedSpikesTrackSignalWithinThreshold(double threshold, bool startFromZero)
    {
        // Sines plus noise whose change per step stays below the threshold (the documented condition), for
        // 3 samples of 4 features: amplitude <= 1 at frequency 0.6 threshold, noise within +-0.1 threshold.
        const int steps = 400, batch = 3, features = 4;
        var rng = new Rng(12);
        float[] signal = new float[steps * batch * features];
        for (int t = 0; t < steps; t++)
        {
            for (int k = 0; k < batch * features; k++)
            {
                double a = 0.5 + (0.04 * k);
                double noise = threshold * 0.1 * ((2 * rng.NextDouble()) - 1);
                signal[(t * batch * features) + k] = (float)((a * Math.Sin((0.6 * threshold * t) + k)) + noise);
            }
        }

        for (int t = 1; t < steps; t++)
        {
            for (int k = 0; k < batch * features; k++)
            {
                Assert.True(Math.Abs(signal[(t * batch * features) + k] - signal[((t - 1) * batch * features) + k]) < threshold);
            }
        }

        var e = new DeltaEncoder { Threshold = threshold, StartFromZero = startFromZero };
        float[] spikes = new float[steps * batch * 2 * features];
        e.Encode(signal, steps, batch, spikes);

        // Yardstick: the signal itself. Integrate threshold * (on - off) from the documented start level.
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < features; i++)
            {
                int k = (b * features) + i;
                double level = startFromZero ? 0.0 : signal[k];
                for (int t = 0; t < steps; t++)
                {
                    float on = spikes[(t * batch * 2 * features) + (b * 2 * features) + i];
                    float off = spikes[(t * batch * 2 * features) + (b * 2 * features) + features + i];
                    Assert.True(on * off == 0f, "on and off in the same step");
                    level += threshold * (on - off);
                    if (!startFromZero || t > 20)
                    {
                        // From zero the level first has to climb to the signal at one threshold per step.
                        Assert.True(Math.Abs(signal[(t * batch * features) + k] - level) <= threshold + 1e-6, $"b {b} i {i} t {t}");
                    }
                }
            }
        }

        // The library's Reconstruct agrees with the hand integration (float accumulation).
        float[] initial = new float[batch * features];
        if (!startFromZero)
        {
            signal.AsSpan(0, initial.Length).CopyTo(initial);
        }

        float[] rebuilt = new float[signal.Length];
        e.Reconstruct(spikes, steps, batch, initial, rebuilt);
        for (int t = 0; t < steps; t++)
        {
            for (int k = 0; k < batch * features; k++)
            {
                if (!startFromZero || t > 20)
                {
                    Assert.True(Math.Abs(signal[(t * batch * features) + k] - rebuilt[(t * batch * features) + k]) <= threshold + 1e-5);
                }
            }
        }
    }

    [Fact]
    public void LastEmitted_FastJump_IsFollowedAtOneThresholdPerStep()
    {
        float[] signal = [0f, 1f, 1f, 1f, 1f, 1f];
        float[] spikes = new float[12];
        new DeltaEncoder { Threshold = 0.25 }.Encode(signal, 6, 1, spikes);
        float[] on = [.. Enumerable.Range(0, 6).Select(t => spikes[2 * t])];
        float[] off = [.. Enumerable.Range(0, 6).Select(t => spikes[(2 * t) + 1])];

        // Level 0 -> 0.25 -> 0.5 -> 0.75; then 1 - 0.75 = 0.25 is not more than the threshold.
        Assert.Equal([0f, 1f, 1f, 1f, 0f, 0f], on);
        Assert.Equal(new float[6], off);
    }

    [Fact]
    public void PreviousStep_SpikesOnlyOnOneStepChanges_NotOnSlowDrift()
    {
        // Steps of +1 at t = 2 and -0.5 at t = 4, then a slow ramp of 0.1 per step.
        float[] signal = [0f, 0f, 1f, 1f, 0.5f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f, 1.1f];
        int steps = signal.Length;
        float[] prev = new float[2 * steps], last = new float[2 * steps];
        new DeltaEncoder { Threshold = 0.3, Reference = DeltaReference.PreviousStep }.Encode(signal, steps, 1, prev);
        new DeltaEncoder { Threshold = 0.3 }.Encode(signal, steps, 1, last);
        float[] onPrev = [.. Enumerable.Range(0, steps).Select(t => prev[2 * t])];
        float[] offPrev = [.. Enumerable.Range(0, steps).Select(t => prev[(2 * t) + 1])];
        Assert.Equal([0f, 0f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], onPrev);
        Assert.Equal([0f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f], offPrev);

        // Delta modulation sees the ramp: the level (0.3 after t = 2 ... ) keeps catching up.
        Assert.True(Enumerable.Range(6, 6).Sum(t => last[2 * t]) >= 1f);
    }

    [Fact]
    public void StartFromZero_FiresAtFirstStep_DefaultDoesNot()
    {
        float[] signal = [1f, -1f];                     // one step, two features
        float[] a = new float[4], b = new float[4];
        new DeltaEncoder { Threshold = 0.5 }.Encode(signal, 1, 1, a);
        new DeltaEncoder { Threshold = 0.5, StartFromZero = true }.Encode(signal, 1, 1, b);
        Assert.Equal(new float[4], a);
        Assert.Equal([1f, 0f, 0f, 1f], b);              // [on0, on1, off0, off1]
    }

    [Fact]
    public void Encode_TensorForm_IsTimeBatchTwoN()
    {
        var signal = new Tensor(5, 2, 3);
        new Rng(1).FillUniform(signal.Span);
        var spikes = new DeltaEncoder().Encode(signal);
        Assert.Equal([5, 2, 6], spikes.Shape.ToArray());
    }

    [Fact]
    public void BadArguments_NameArgumentExpectationAndValue()
    {
        var e = new DeltaEncoder();
        Assert.StartsWith("Threshold must be > 0; was 0.", Assert.Throws<ArgumentException>(new DeltaEncoder { Threshold = 0 }.Validate).Message);
        Assert.Contains("signal.Length was 10; expected a multiple of batch (3).",
            Assert.Throws<ArgumentException>(() => e.Encode(new float[10], 3, 1, new float[20])).Message);
        Assert.Contains("destination.Length was 10; expected steps * batch * outputFeatures = 5 * 1 * 4 = 20.",
            Assert.Throws<ArgumentException>(() => e.Encode(new float[10], 5, 1, new float[10])).Message);
        Assert.Contains("spikes.Length was 8; expected steps * 2 * initial.Length = 3 * 4 = 12.",
            Assert.Throws<ArgumentException>(() => e.Reconstruct(new float[8], 3, 1, new float[2], new float[6])).Message);
        Assert.Contains("Reference must be LastEmitted or PreviousStep; was 4.",
            Assert.Throws<ArgumentException>(new DeltaEncoder { Reference = (DeltaReference)4 }.Validate).Message);
    }
}
