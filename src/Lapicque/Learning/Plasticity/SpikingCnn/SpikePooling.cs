namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>
/// Max pooling of spike times: a pooling neuron fires with the earliest spike in its window (max over binary spike
/// trains is the first spike), per channel, windows of size x size moved by stride, no padding.
/// </summary>
public static class SpikePooling
{
    /// <summary>The output side for an input side <paramref name="input"/>: (input - size) / stride + 1.</summary>
    public static int OutputSize(int input, int size, int stride) => ((input - size) / stride) + 1;

    /// <summary>Pools times shaped [channels, height, width] into <paramref name="output"/> shaped [channels, oh, ow].</summary>
    public static void MaxPoolTimes(ReadOnlySpan<int> times, int channels, int height, int width, int size, int stride, Span<int> output)
    {
        Check.That(size >= 1 && size <= Math.Min(height, width), nameof(size), $"in [1, {Math.Min(height, width)}]", size);
        Check.That(stride >= 1, nameof(stride), ">= 1", stride);
        int oh = OutputSize(height, size, stride);
        int ow = OutputSize(width, size, stride);
        Check.That(times.Length == channels * height * width, "times.Length", $"{channels * height * width}", times.Length);
        Check.That(output.Length == channels * oh * ow, "output.Length", $"{channels * oh * ow}", output.Length);
        for (int c = 0; c < channels; c++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    int t = SpikeWave.Never;
                    for (int dy = 0; dy < size; dy++)
                    {
                        int row = (((c * height) + (oy * stride) + dy) * width) + (ox * stride);
                        for (int dx = 0; dx < size; dx++)
                        {
                            t = Math.Min(t, times[row + dx]);
                        }
                    }

                    output[(((c * oh) + oy) * ow) + ox] = t;
                }
            }
        }
    }
}
