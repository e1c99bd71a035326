using System.Numerics.Tensors;
using Lapicque.Numerics;
using Tensor = Lapicque.Numerics.Tensor;

namespace Lapicque.Encoding;

/// <summary>
/// Read-outs of recorded activity [steps, batch, N] (spikes as 0/1 floats, or membrane potentials): counts, rates,
/// first-spike steps and maxima over time, each [batch, N], and class predictions from them.
/// </summary>
/// <remarks>
/// The span forms take the raster flattened time-major and a destination of one step's size (batch * N);
/// steps * destination.Length must equal the source length. An element counts as a spike when it is &gt; 0.
/// The class helpers break ties toward the lowest class index, and NaN scores never win.
/// </remarks>
public static class SpikeDecoders
{
    /// <summary>destination[k] = sum over t of spikes[t, k]: the spike count of each neuron.</summary>
    public static void SpikeCount(ReadOnlySpan<float> spikes, int steps, Span<float> destination)
    {
        EncodingArgs.CheckSteps(spikes.Length, steps, destination.Length, nameof(spikes));
        int row = destination.Length;
        destination.Clear();
        for (int t = 0; t < steps; t++)
        {
            TensorPrimitives.Add(destination, spikes.Slice(t * row, row), destination);
        }
    }

    /// <summary>destination[k] = count[k] * 1000 / (steps * dtMs): the firing rate in Hz over the window of steps * dtMs ms.</summary>
    public static void RateHz(ReadOnlySpan<float> spikes, int steps, double dtMs, Span<float> destination)
    {
        Check.Positive(dtMs, nameof(dtMs));
        SpikeCount(spikes, steps, destination);
        TensorPrimitives.Multiply(destination, (float)(1000.0 / (steps * dtMs)), destination);
    }

    /// <summary>
    /// destination[k] = the first step t with spikes[t, k] &gt; 0, or <paramref name="steps"/> (one past the window)
    /// when the neuron is silent. The time in ms is step * dt (the spike is stamped at the end of step t in the
    /// neuron models' convention, i.e. (t + 1) * dt, if that is the clock the caller needs).
    /// </summary>
    public static void FirstSpikeStep(ReadOnlySpan<float> spikes, int steps, Span<float> destination) =>
        FirstSpikeStep(spikes, steps, steps, destination);

    /// <summary>As <see cref="FirstSpikeStep(ReadOnlySpan{float}, int, Span{float})"/>, with <paramref name="silentValue"/>
    /// (for example float.PositiveInfinity) for silent neurons.</summary>
    public static void FirstSpikeStep(ReadOnlySpan<float> spikes, int steps, float silentValue, Span<float> destination)
    {
        EncodingArgs.CheckSteps(spikes.Length, steps, destination.Length, nameof(spikes));
        int row = destination.Length;
        destination.Fill(-1f);
        int pending = row;

        // Scan forward and stop as soon as every neuron has fired: first-spike codes are usually early.
        for (int t = 0; t < steps && pending > 0; t++)
        {
            ReadOnlySpan<float> s = spikes.Slice(t * row, row);
            for (int k = 0; k < row; k++)
            {
                if (destination[k] < 0f && s[k] > 0f)
                {
                    destination[k] = t;
                    pending--;
                }
            }
        }

        for (int k = 0; k < row; k++)
        {
            if (destination[k] < 0f)
            {
                destination[k] = silentValue;
            }
        }
    }

    /// <summary>destination[k] = max over t of values[t, k]: for example the peak membrane potential of a readout neuron.</summary>
    public static void MaxOverTime(ReadOnlySpan<float> values, int steps, Span<float> destination)
    {
        EncodingArgs.CheckSteps(values.Length, steps, destination.Length, nameof(values));
        int row = destination.Length;
        values[..row].CopyTo(destination);
        for (int t = 1; t < steps; t++)
        {
            TensorPrimitives.Max(destination, values.Slice(t * row, row), destination);
        }
    }

    /// <summary>The predicted class of each sample: the neuron with the most spikes. counts is [batch, classes], batch = destination.Length.</summary>
    public static void ClassFromCounts(ReadOnlySpan<float> counts, int classes, Span<int> destination) =>
        ArgMax(counts, classes, destination);

    /// <summary>The predicted class of each sample: the neuron that fired first (lowest first-spike step). firstSteps is [batch, classes].</summary>
    public static void ClassFromFirstSpike(ReadOnlySpan<float> firstSteps, int classes, Span<int> destination) =>
        ArgMin(firstSteps, classes, destination);

    /// <summary>The predicted class of each sample: the readout with the highest (maximum or final) membrane potential. membranes is [batch, classes].</summary>
    public static void ClassFromMembrane(ReadOnlySpan<float> membranes, int classes, Span<int> destination) =>
        ArgMax(membranes, classes, destination);

    /// <summary>destination[b] = the index of the largest of scores[b, 0..classes-1] (lowest index on ties; NaN never wins; 0 if all are NaN).</summary>
    public static void ArgMax(ReadOnlySpan<float> scores, int classes, Span<int> destination) => Arg(scores, classes, destination, max: true);

    /// <summary>destination[b] = the index of the smallest of scores[b, 0..classes-1] (lowest index on ties; NaN never wins; 0 if all are NaN).</summary>
    public static void ArgMin(ReadOnlySpan<float> scores, int classes, Span<int> destination) => Arg(scores, classes, destination, max: false);

    /// <summary>Spike counts of a [T, B, ...] raster as a new [B, ...] tensor.</summary>
    public static Tensor SpikeCount(Tensor spikes)
    {
        Tensor result = PerStep(spikes, nameof(spikes));
        SpikeCount(spikes.Span, spikes.Dim(0), result.Span);
        return result;
    }

    /// <summary>Rates in Hz of a [T, B, ...] raster with time step <paramref name="dtMs"/> as a new [B, ...] tensor.</summary>
    public static Tensor RateHz(Tensor spikes, double dtMs)
    {
        Tensor result = PerStep(spikes, nameof(spikes));
        RateHz(spikes.Span, spikes.Dim(0), dtMs, result.Span);
        return result;
    }

    /// <summary>First-spike steps of a [T, B, ...] raster as a new [B, ...] tensor (T for silent neurons).</summary>
    public static Tensor FirstSpikeStep(Tensor spikes)
    {
        Tensor result = PerStep(spikes, nameof(spikes));
        FirstSpikeStep(spikes.Span, spikes.Dim(0), result.Span);
        return result;
    }

    /// <summary>Maxima over time of a [T, B, ...] recording as a new [B, ...] tensor.</summary>
    public static Tensor MaxOverTime(Tensor values)
    {
        Tensor result = PerStep(values, nameof(values));
        MaxOverTime(values.Span, values.Dim(0), result.Span);
        return result;
    }

    private static void Arg(ReadOnlySpan<float> scores, int classes, Span<int> destination, bool max)
    {
        EncodingArgs.Positive(classes, nameof(classes));
        long expected = (long)destination.Length * classes;
        if (scores.Length != expected)
        {
            throw new ArgumentException(
                $"scores.Length was {scores.Length}; expected batch * classes = {destination.Length} * {classes} = {expected}.", nameof(scores));
        }

        for (int b = 0; b < destination.Length; b++)
        {
            ReadOnlySpan<float> row = scores.Slice(b * classes, classes);
            int best = 0;
            float bestValue = float.NaN;
            for (int c = 0; c < classes; c++)
            {
                float v = row[c];
                if (float.IsNaN(v))
                {
                    continue;
                }

                if (float.IsNaN(bestValue) || (max ? v > bestValue : v < bestValue))
                {
                    best = c;
                    bestValue = v;
                }
            }

            destination[b] = best;
        }
    }

    private static Tensor PerStep(Tensor source, string name)
    {
        ArgumentNullException.ThrowIfNull(source, name);
        if (source.Rank < 2)
        {
            throw new ArgumentException($"{name} has shape {source.ShapeText}; expected [T, B, ...] (rank >= 2).", name);
        }

        return new Tensor(source.Shape[1..].ToArray());
    }
}
