namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>
/// Intensity-to-latency coding: the stronger a value, the earlier its spike. Values above a threshold are ranked
/// in decreasing order (ties by index) and the ranks are cut into <c>steps</c> bins of equal count, so rank r of n
/// fires at step floor(r * steps / n); values at or below the threshold never fire. This is the rank-order reading of
/// the paper's "spike time inversely proportional to intensity" with a fixed number of time steps.
/// </summary>
public static class LatencyCoding
{
    /// <summary>Writes the spike time of every value to <paramref name="times"/> (<see cref="SpikeWave.Never"/> if silent).</summary>
    public static void Times(ReadOnlySpan<float> values, int steps, float threshold, Span<int> times)
    {
        Check.That(steps >= 1, nameof(steps), ">= 1", steps);
        Check.That(times.Length == values.Length, "times.Length", $"the length of values ({values.Length})", times.Length);
        int n = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > threshold)
            {
                n++;
            }
        }

        // Sort by (-value, index): a total order, so ties are broken by index whatever Array.Sort's stability.
        var pairs = new (float Key, int Index)[n];
        int j = 0;
        for (int i = 0; i < values.Length; i++)
        {
            times[i] = SpikeWave.Never;
            if (values[i] > threshold)
            {
                pairs[j++] = (-values[i], i);
            }
        }

        Array.Sort(pairs);
        for (int r = 0; r < n; r++)
        {
            times[pairs[r].Index] = (int)((long)r * steps / n);
        }
    }

    /// <summary>Encodes <paramref name="values"/> shaped [channels, height, width] as a <see cref="SpikeWave"/>.</summary>
    public static SpikeWave Encode(ReadOnlySpan<float> values, int channels, int height, int width, int steps, float threshold)
    {
        var times = new int[values.Length];
        Times(values, steps, threshold, times);
        return SpikeWave.FromTimes(times, channels, height, width, steps);
    }
}
