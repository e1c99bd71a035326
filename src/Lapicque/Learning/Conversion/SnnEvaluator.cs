using Lapicque.Data;
using Lapicque.Encoding;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Numerics;

namespace Lapicque.Learning.Conversion;

/// <summary>
/// Runs a converted network for up to max(T) steps per batch, window by window (the IF membranes are carried), and
/// scores it at every requested T from that one simulation: the class is the argmax of the readout summed over the
/// first T steps (accumulated membrane current or spike count, whichever the last layer gives). Also counts synaptic
/// operations.
/// </summary>
/// <remarks>
/// A synaptic operation is one non-zero input element of a weight layer times its fan-out
/// (<see cref="SynapticFanOut"/>): the additions an event-driven chip performs. With constant-current input every non-zero
/// analog input of the first layer is counted at every step like a spike (on hardware it is a multiply-accumulate). Pooling
/// layers have no weights and are counted neither here nor in <see cref="AnnMacs"/>.
/// </remarks>
public static class SnnEvaluator
{
    /// <summary>
    /// Multiply-accumulates of one forward pass of one sample through the weight layers (<see cref="LinearLayer"/>,
    /// <see cref="Conv2dLayer"/>) of <paramref name="ann"/>: the sum of <see cref="SynapticFanOut"/> over their inputs.
    /// </summary>
    public static long AnnMacs(SequentialModel ann)
    {
        ArgumentNullException.ThrowIfNull(ann);
        return SynapticFanOut.Macs(ann.Layers);
    }

    /// <summary>Accuracy of an ANN (one step, analog input, argmax of the output) on the batches of <paramref name="loader"/> (epoch-0 order).</summary>
    /// <param name="ann">The ANN.</param>
    /// <param name="loader">The data.</param>
    /// <param name="maxBatches">Evaluate only this many batches, or all when null.</param>
    public static double AnnAccuracy(SequentialModel ann, DataLoader loader, int? maxBatches = null)
    {
        ArgumentNullException.ThrowIfNull(ann);
        ArgumentNullException.ThrowIfNull(loader);
        long correct = 0, samples = 0;
        int batches = 0, c = ann.OutputSize;
        foreach (var batch in loader.Epoch(0))
        {
            if (maxBatches is { } mb && batches >= mb)
            {
                break;
            }

            var x = Tensor.FromArray(batch.FlatFeatures.Span.ToArray(), 1, batch.Count, batch.FlatFeatures.RowLength);
            ann.ResetState();
            var y = ann.Forward(x, training: false).Span;
            var score = new double[batch.Count * c];
            for (int k = 0; k < score.Length; k++)
            {
                score[k] = y[k];
            }

            correct += Correct(score, batch.Labels, c);
            samples += batch.Count;
            batches++;
        }

        return samples > 0 ? correct / (double)samples : 0;
    }

    /// <summary>Evaluates <paramref name="snn"/> on every batch of <paramref name="loader"/> (epoch-0 order).</summary>
    /// <param name="snn">The converted network.</param>
    /// <param name="loader">The data.</param>
    /// <param name="encoder">Input encoding (e.g. <see cref="RateEncoder"/> or <see cref="ConstantCurrentEncoder"/>).</param>
    /// <param name="steps">The T values to score, each &gt;= 1.</param>
    /// <param name="seed">Seed of the encoder's randomness.</param>
    /// <param name="window">Steps per forward call (&gt;= 1), bounding memory. Default 25.</param>
    /// <param name="maxBatches">Evaluate only this many batches, or all when null.</param>
    /// <param name="progress">Called with the number of batches done after each batch, or null.</param>
    public static SnnEvaluation Evaluate(
        SequentialModel snn, DataLoader loader, ISpikeEncoder encoder, IReadOnlyList<int> steps, ulong seed, int window = 25, int? maxBatches = null,
        Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(snn);
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(steps);
        Check.That(window >= 1, nameof(window), ">= 1", window);
        int[] ts = [.. steps.Order()];
        if (ts.Length == 0 || ts[0] < 1)
        {
            throw new ArgumentException("steps must hold at least one value, each >= 1.", nameof(steps));
        }

        var fanOut = new int[snn.Layers.Count][];
        for (int i = 0; i < fanOut.Length; i++)
        {
            fanOut[i] = SynapticFanOut.Of(snn.Layers[i]) ?? [];
        }

        int maxT = ts[^1], c = snn.OutputSize;
        var correct = new long[ts.Length];
        var ops = new double[ts.Length];
        int samples = 0, batches = 0;
        foreach (var batch in loader.Epoch(0))
        {
            if (maxBatches is { } mb && batches >= mb)
            {
                break;
            }

            int b = batch.Count, f = encoder.OutputFeatures(batch.FlatFeatures.RowLength);
            var input = new Tensor(maxT, b, f);
            encoder.Encode(batch.FlatFeatures.Span, b, maxT, EncoderSeed.ForEpoch(seed, 0, (long)batch.Index * loader.BatchSize), input.Span);
            var score = new double[b * c];
            snn.ResetState();
            long batchOps = 0;
            int next = 0;
            for (int start = 0; start < maxT; start += window)
            {
                int k = Math.Min(window, maxT - start);
                var w = new Tensor(k, b, f);
                input.Span.Slice(start * b * f, k * b * f).CopyTo(w.Span);
                var output = snn.Forward(w, training: false);
                var o = output.Span;
                for (int ti = 0; ti < k; ti++)
                {
                    batchOps += StepOperations(snn, fanOut, w, ti, b);
                    var row = o.Slice(ti * b * c, b * c);
                    for (int j = 0; j < row.Length; j++)
                    {
                        score[j] += row[j];
                    }

                    while (next < ts.Length && ts[next] == start + ti + 1)
                    {
                        correct[next] += Correct(score, batch.Labels, c);
                        ops[next] += batchOps;
                        next++;
                    }
                }
            }

            samples += b;
            batches++;
            progress?.Invoke(batches);
        }

        var acc = new double[ts.Length];
        for (int i = 0; i < ts.Length; i++)
        {
            acc[i] = samples > 0 ? correct[i] / (double)samples : 0;
            ops[i] = samples > 0 ? ops[i] / samples : 0;
        }

        return new SnnEvaluation(ts, acc, ops, samples);
    }

    // Synaptic operations of step ti of the latest forward window: the fan-outs of the non-zero inputs of each weight layer.
    private static long StepOperations(SequentialModel snn, int[][] fanOut, Tensor input, int ti, int b)
    {
        long total = 0;
        for (int i = 0; i < snn.Layers.Count; i++)
        {
            var f = fanOut[i];
            if (f.Length == 0)
            {
                continue;
            }

            var x = i == 0 ? input : snn.LayerOutput(i - 1);
            int n = f.Length;
            var step = x.Span.Slice(ti * b * n, b * n);
            for (int s = 0; s < b; s++)
            {
                var row = step.Slice(s * n, n);
                for (int j = 0; j < n; j++)
                {
                    if (row[j] != 0f)
                    {
                        total += f[j];
                    }
                }
            }
        }

        return total;
    }

    private static int Correct(double[] score, ReadOnlySpan<int> labels, int c)
    {
        int ok = 0;
        for (int bi = 0; bi < labels.Length; bi++)
        {
            int best = 0;
            for (int k = 1; k < c; k++)
            {
                if (score[(bi * c) + k] > score[(bi * c) + best])
                {
                    best = k;
                }
            }

            ok += best == labels[bi] ? 1 : 0;
        }

        return ok;
    }
}
