namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>
/// The spikes of one image in one layer of the spiking CNN, where every neuron fires at most once: the spike time
/// of each neuron (<see cref="Never"/> if silent) and the same spikes as per-step lists of neuron indices, so that
/// event-driven kernels pay only for the spikes. Neurons are indexed channel-major: (c * Height + y) * Width + x.
/// </summary>
public sealed class SpikeWave
{
    /// <summary>The time of a neuron that does not fire.</summary>
    public const int Never = int.MaxValue;

    private readonly int[] _times;
    private readonly int[] _stepStart;
    private readonly int[] _indices;

    private SpikeWave(int channels, int height, int width, int steps, int[] times, int[] stepStart, int[] indices)
    {
        Channels = channels;
        Height = height;
        Width = width;
        Steps = steps;
        _times = times;
        _stepStart = stepStart;
        _indices = indices;
    }

    /// <summary>Number of channels (maps).</summary>
    public int Channels { get; }

    /// <summary>Height of each map.</summary>
    public int Height { get; }

    /// <summary>Width of each map.</summary>
    public int Width { get; }

    /// <summary>Number of time steps; spike times lie in [0, Steps).</summary>
    public int Steps { get; }

    /// <summary>Number of neurons, Channels * Height * Width.</summary>
    public int NeuronCount => _times.Length;

    /// <summary>Number of spikes.</summary>
    public int SpikeCount => _indices.Length;

    /// <summary>Spike time of every neuron, <see cref="Never"/> if silent.</summary>
    public ReadOnlySpan<int> Times => _times;

    /// <summary>The indices of the neurons that fire at <paramref name="step"/>, in increasing order.</summary>
    public ReadOnlySpan<int> SpikesAt(int step) => _indices.AsSpan(_stepStart[step], _stepStart[step + 1] - _stepStart[step]);

    /// <summary>Builds the wave from per-neuron spike times (each in [0, steps) or <see cref="Never"/>); copies them.</summary>
    public static SpikeWave FromTimes(ReadOnlySpan<int> times, int channels, int height, int width, int steps)
    {
        Check.That(channels >= 1 && height >= 1 && width >= 1, "shape", ">= 1 in every dimension (channels, height, width)", Math.Min(channels, Math.Min(height, width)));
        Check.That(times.Length == channels * height * width, "times.Length", $"channels * height * width = {channels * height * width}", times.Length);
        Check.That(steps >= 1, nameof(steps), ">= 1", steps);
        var stepStart = new int[steps + 1];
        for (int i = 0; i < times.Length; i++)
        {
            int t = times[i];
            if (t == Never)
            {
                continue;
            }

            Check.That((uint)t < (uint)steps, $"times[{i}]", $"in [0, {steps}) or Never", t);
            stepStart[t + 1]++;
        }

        for (int t = 0; t < steps; t++)
        {
            stepStart[t + 1] += stepStart[t];
        }

        var indices = new int[stepStart[steps]];
        var fill = stepStart[..steps];
        for (int i = 0; i < times.Length; i++)
        {
            int t = times[i];
            if (t != Never)
            {
                indices[fill[t]++] = i;
            }
        }

        return new SpikeWave(channels, height, width, steps, times.ToArray(), stepStart, indices);
    }
}
