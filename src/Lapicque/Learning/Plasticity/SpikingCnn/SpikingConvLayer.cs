using System.Numerics.Tensors;
using Lapicque.Numerics;

namespace Lapicque.Learning.Plasticity.SpikingCnn;

/// <summary>
/// A convolutional layer of non-leaky integrate-and-fire neurons that fire at most once per image, with shared
/// kernels learned by the simplified STDP (<see cref="Stdp"/>). Integration is event-driven: each input spike adds
/// its kernel column to the potentials of the output neurons that see it, so the cost follows the number of spikes.
/// Weights are stored [input channel, ky, kx, map] so that one input spike updates all maps of one output position
/// with a contiguous vector add; potentials are stored [y, x, map].
/// </summary>
public sealed class SpikingConvLayer
{
    private readonly float[] _weights;

    /// <summary>Creates the layer with weights drawn from N(WeightMean, WeightStd) clipped to [0, 1].</summary>
    public SpikingConvLayer(ScnnConvParameters parameters, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        _weights = new float[parameters.KernelLength * parameters.Maps];
        var rng = new Rng(seed);
        rng.FillNormal(_weights, parameters.WeightMean, parameters.WeightStd);
        for (int i = 0; i < _weights.Length; i++)
        {
            _weights[i] = Math.Clamp(_weights[i], 0f, 1f);
        }
    }

    /// <summary>The layer's parameters.</summary>
    public ScnnConvParameters Parameters { get; }

    /// <summary>The shared weights, layout [input channel, ky, kx, map], each in [0, 1]. Writable (for tests and loading).</summary>
    public Span<float> Weights => _weights;

    /// <summary>The output side for an input side (valid convolution): input - KernelSize + 1.</summary>
    public int OutputSize(int input) => input - Parameters.KernelSize + 1;

    /// <summary>The weight of input (channel, ky, kx) onto <paramref name="map"/>.</summary>
    public float Weight(int map, int channel, int ky, int kx) =>
        _weights[(((((channel * Parameters.KernelSize) + ky) * Parameters.KernelSize) + kx) * Parameters.Maps) + map];

    /// <summary>
    /// Integrates <paramref name="input"/> step by step. On return <paramref name="potentials"/> [oy, ox, map] holds
    /// the final potentials (every input spike counted, no reset, no inhibition), <paramref name="fireTimes"/> the
    /// first step at which each neuron reached <paramref name="threshold"/> (<see cref="SpikeWave.Never"/> if never)
    /// and <paramref name="firePotentials"/> its potential at that step. With an infinite threshold the crossing scan
    /// is skipped and only the potentials are computed (feature extraction); the two spans may then be empty.
    /// </summary>
    public void Integrate(SpikeWave input, float threshold, Span<float> potentials, Span<int> fireTimes, Span<float> firePotentials)
    {
        ArgumentNullException.ThrowIfNull(input);
        var p = Parameters;
        Check.That(input.Channels == p.InputChannels, nameof(input.Channels), $"equal to InputChannels ({p.InputChannels})", input.Channels);
        int oh = OutputSize(input.Height);
        int ow = OutputSize(input.Width);
        Check.That(oh >= 1 && ow >= 1, "input size", $">= KernelSize ({p.KernelSize})", Math.Min(input.Height, input.Width));
        int m = p.Maps;
        int neurons = oh * ow * m;
        Check.That(potentials.Length == neurons, "potentials.Length", $"oh * ow * maps = {neurons}", potentials.Length);
        bool scan = !float.IsPositiveInfinity(threshold);
        if (scan)
        {
            Check.That(fireTimes.Length == neurons, "fireTimes.Length", $"{neurons}", fireTimes.Length);
            Check.That(firePotentials.Length == neurons, "firePotentials.Length", $"{neurons}", firePotentials.Length);
            fireTimes.Fill(SpikeWave.Never);
            firePotentials.Clear();
        }

        potentials.Clear();
        int k = p.KernelSize;
        int h = input.Height;
        int w = input.Width;
        int plane = h * w;
        ReadOnlySpan<float> weights = _weights;
        for (int t = 0; t < input.Steps; t++)
        {
            var spikes = input.SpikesAt(t);
            if (spikes.IsEmpty)
            {
                continue;
            }

            foreach (int index in spikes)
            {
                int c = index / plane;
                int rem = index - (c * plane);
                int y = rem / w;
                int x = rem - (y * w);
                int dyLo = Math.Max(0, y - oh + 1);
                int dyHi = Math.Min(k - 1, y);
                int dxLo = Math.Max(0, x - ow + 1);
                int dxHi = Math.Min(k - 1, x);
                for (int dy = dyLo; dy <= dyHi; dy++)
                {
                    int oy = y - dy;
                    int wRow = ((c * k) + dy) * k;
                    for (int dx = dxLo; dx <= dxHi; dx++)
                    {
                        var v = potentials.Slice(((oy * ow) + x - dx) * m, m);
                        TensorPrimitives.Add(v, weights.Slice((wRow + dx) * m, m), v);
                    }
                }
            }

            if (scan)
            {
                for (int i = 0; i < neurons; i++)
                {
                    if (fireTimes[i] == SpikeWave.Never && potentials[i] >= threshold)
                    {
                        fireTimes[i] = t;
                        firePotentials[i] = potentials[i];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Winner-take-all per position (the inference-time lateral inhibition between maps): at each output position
    /// only the map that fired first fires (ties: the larger potential at firing, then the lower map index). Writes
    /// output spike times shaped [map, oy, ox] (channel-major, ready for pooling and the next layer).
    /// </summary>
    public static void PositionWinners(ReadOnlySpan<int> fireTimes, ReadOnlySpan<float> firePotentials, int positions, int maps, Span<int> outputTimes)
    {
        Check.That(fireTimes.Length == positions * maps, "fireTimes.Length", $"positions * maps = {positions * maps}", fireTimes.Length);
        Check.That(outputTimes.Length == positions * maps, "outputTimes.Length", $"{positions * maps}", outputTimes.Length);
        outputTimes.Fill(SpikeWave.Never);
        for (int pos = 0; pos < positions; pos++)
        {
            int best = -1;
            int bestT = SpikeWave.Never;
            float bestV = float.NegativeInfinity;
            int b = pos * maps;
            for (int f = 0; f < maps; f++)
            {
                int t = fireTimes[b + f];
                if (t < bestT || (t == bestT && t != SpikeWave.Never && firePotentials[b + f] > bestV))
                {
                    best = f;
                    bestT = t;
                    bestV = firePotentials[b + f];
                }
            }

            if (best >= 0)
            {
                outputTimes[(best * positions) + pos] = bestT;
            }
        }
    }

    /// <summary>
    /// Chooses the neurons that learn from this image: repeatedly the earliest-firing neuron (ties: the larger potential
    /// at firing) whose map has no winner yet and which lies farther than <paramref name="radius"/> (Chebyshev distance)
    /// from every earlier winner, until <paramref name="maxWinners"/> are found or none is left. Returns the count
    /// written to <paramref name="winners"/>.
    /// </summary>
    public static int SelectWinners(
        ReadOnlySpan<int> fireTimes, ReadOnlySpan<float> firePotentials, int height, int width, int maps,
        int maxWinners, int radius, Span<StdpWinner> winners)
    {
        Check.That(fireTimes.Length == height * width * maps, "fireTimes.Length", $"height * width * maps = {height * width * maps}", fireTimes.Length);
        int count = 0;
        int limit = Math.Min(maxWinners, winners.Length);
        while (count < limit)
        {
            int bestI = -1;
            int bestT = SpikeWave.Never;
            float bestV = float.NegativeInfinity;
            for (int i = 0; i < fireTimes.Length; i++)
            {
                int t = fireTimes[i];
                if (t > bestT || t == SpikeWave.Never || (t == bestT && firePotentials[i] <= bestV))
                {
                    continue;
                }

                int f = i % maps;
                int pos = i / maps;
                int y = pos / width;
                int x = pos - (y * width);
                if (Blocked(winners[..count], f, y, x, radius))
                {
                    continue;
                }

                bestI = i;
                bestT = t;
                bestV = firePotentials[i];
            }

            if (bestI < 0)
            {
                break;
            }

            int bp = bestI / maps;
            winners[count++] = new StdpWinner(bestI % maps, bp / width, bp % width, bestT);
        }

        return count;
    }

    private static bool Blocked(ReadOnlySpan<StdpWinner> winners, int map, int y, int x, int radius)
    {
        foreach (var w in winners)
        {
            if (w.Map == map || (Math.Abs(w.Y - y) <= radius && Math.Abs(w.X - x) <= radius))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Applies the simplified STDP to the shared kernel of the winner's map from the winner's receptive field in
    /// <paramref name="input"/>: each weight gets <see cref="Stdp.Delta"/> with t_pre &lt;= t_post as the sign, then is
    /// clipped to [0, 1].
    /// </summary>
    public void ApplyStdp(SpikeWave input, StdpWinner winner, float aPlus, float aMinus)
    {
        ArgumentNullException.ThrowIfNull(input);
        var p = Parameters;
        int k = p.KernelSize;
        int m = p.Maps;
        var times = input.Times;
        for (int c = 0; c < p.InputChannels; c++)
        {
            for (int dy = 0; dy < k; dy++)
            {
                int row = (((c * input.Height) + winner.Y + dy) * input.Width) + winner.X;
                for (int dx = 0; dx < k; dx++)
                {
                    int wi = (((((c * k) + dy) * k) + dx) * m) + winner.Map;
                    float w = _weights[wi];
                    w += Stdp.Delta(w, times[row + dx] <= winner.Time, aPlus, aMinus);
                    _weights[wi] = Math.Clamp(w, 0f, 1f);
                }
            }
        }
    }

    /// <summary>The convergence measure of this layer's weights (<see cref="Stdp.Convergence"/>).</summary>
    public double Convergence() => Stdp.Convergence(_weights);
}
