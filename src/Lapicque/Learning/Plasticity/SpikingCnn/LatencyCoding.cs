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
        Check.That(times.Length == values.Length, nameof(times), $"have the length of values ({values.Length})", times.Length);
        int n = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > threshold)
            {
                n++;
            }
        }

        var keys = new float[n];
        var order = new int[n];
        int j = 0;
        for (int i = 0; i < values.Length; i++)
        {
            times[i] = SpikeWave.Never;
            if (values[i] > threshold)
            {
                keys[j] = -values[i];
                order[j++] = i;
            }
        }

        // Stable order: sort by (-value, index); Array.Sort is unstable, so break ties on the index explicitly.
        var pairs = new (float Key, int Index)[n];
        for (int i = 0; i < n; i++)
        {
            pairs[i] = (keys[i], order[i]);
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
