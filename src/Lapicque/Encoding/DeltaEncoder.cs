using System.Buffers;

namespace Lapicque.Encoding;

/// <summary>
/// Delta modulation of a time series: a signal [T, B, N] becomes on/off spikes [T, B, 2N], an "on" spike when the
/// signal rose by more than <see cref="Threshold"/> and an "off" spike when it fell by more than it.
/// </summary>
/// <remarks>
/// <para>Layout: in each sample's row of 2N outputs, neurons 0..N-1 are the "on" channels and N..2N-1 the "off"
/// channels of features 0..N-1. Each channel fires at most once per step.</para>
/// <para><see cref="DeltaReference.LastEmitted"/> (default): a level L starts at the first sample x[0] (or 0 with
/// <see cref="StartFromZero"/>); at each step, if x[t] - L &gt; Threshold an on spike fires and L += Threshold, if
/// x[t] - L &lt; -Threshold an off spike fires and L -= Threshold. So L = L0 + Threshold * (ons - offs) so far
/// (<see cref="Reconstruct"/>), and |x[t] - L| &lt;= Threshold holds at every step while the signal changes by at most
/// Threshold per step; faster changes are followed at Threshold per step.</para>
/// <para><see cref="DeltaReference.PreviousStep"/>: compare with the previous sample (x[-1] = x[0], or 0 with
/// <see cref="StartFromZero"/>): on if x[t] - x[t-1] &gt; Threshold, off if it is &lt; -Threshold. Slow drifts produce
/// no spikes, so the signal cannot be reconstructed from them.</para>
/// <para>The encoder is deterministic. Encode rents one scratch buffer of B * N doubles from the shared array pool.</para>
/// </remarks>
public sealed record DeltaEncoder
{
    /// <summary>Change that triggers a spike, in signal units (finite, &gt; 0). Default 0.1.</summary>
    public double Threshold { get; init; } = 0.1;

    /// <summary>What the signal is compared with. Default <see cref="DeltaReference.LastEmitted"/>.</summary>
    public DeltaReference Reference { get; init; } = DeltaReference.LastEmitted;

    /// <summary>Start the reference at 0 instead of at the first sample, so that step 0 fires for |x[0]| &gt; Threshold. Default false.</summary>
    public bool StartFromZero { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Check.Positive(Threshold);
        if (!Enum.IsDefined(Reference))
        {
            throw new ArgumentException($"Reference must be LastEmitted or PreviousStep; was {(int)Reference}.", nameof(Reference));
        }
    }

    /// <summary>Output neurons per sample for <paramref name="inputFeatures"/> signal features: 2N.</summary>
    public static int OutputFeatures(int inputFeatures) => checked(2 * inputFeatures);

    /// <summary>
    /// Encodes <paramref name="signal"/> ([steps, batch, N], row-major) into <paramref name="destination"/>
    /// ([steps, batch, 2N], every element overwritten with 0 or 1).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid parameters, non-positive steps or batch, or lengths that do not fit.</exception>
    public void Encode(ReadOnlySpan<float> signal, int steps, int batch, Span<float> destination)
    {
        Validate();
        int row = EncodingArgs.CheckBatch(signal.Length, steps, "signal");
        int features = EncodingArgs.CheckBatch(row, batch, "signal");
        EncodingArgs.CheckDestination(destination.Length, steps, batch, OutputFeatures(features));
        if (row == 0)
        {
            return;
        }

        double threshold = Threshold;
        double[] scratch = ArrayPool<double>.Shared.Rent(row);
        try
        {
            Span<double> reference = scratch.AsSpan(0, row);
            for (int k = 0; k < row; k++)
            {
                reference[k] = StartFromZero ? 0.0 : signal[k];
            }

            bool track = Reference == DeltaReference.LastEmitted;
            for (int t = 0; t < steps; t++)
            {
                ReadOnlySpan<float> x = signal.Slice(t * row, row);
                Span<float> outRow = destination.Slice(t * 2 * row, 2 * row);
                for (int b = 0; b < batch; b++)
                {
                    Span<float> on = outRow.Slice(b * 2 * features, features);
                    Span<float> off = outRow.Slice((b * 2 * features) + features, features);
                    for (int i = 0; i < features; i++)
                    {
                        int k = (b * features) + i;
                        double d = x[k] - reference[k];
                        bool up = d > threshold;
                        bool down = d < -threshold;
                        on[i] = up ? 1f : 0f;
                        off[i] = down ? 1f : 0f;
                        if (track)
                        {
                            reference[k] += up ? threshold : down ? -threshold : 0.0;
                        }
                        else
                        {
                            reference[k] = x[k];
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// The level tracked by <see cref="DeltaReference.LastEmitted"/>: destination[t, b, i] = initial[b, i] +
    /// Threshold * sum over s &lt;= t of (on[s, b, i] - off[s, b, i]). <paramref name="initial"/> is x[0] (or zeros
    /// with <see cref="StartFromZero"/>); spikes are [steps, batch, 2N], initial [batch, N], destination [steps, batch, N].
    /// </summary>
    public void Reconstruct(ReadOnlySpan<float> spikes, int steps, int batch, ReadOnlySpan<float> initial, Span<float> destination)
    {
        Validate();
        int features = EncodingArgs.CheckBatch(initial.Length, batch, nameof(initial));
        int row = initial.Length;
        EncodingArgs.CheckSteps(destination.Length, steps, row, nameof(destination), "initial.Length");
        EncodingArgs.CheckSteps(spikes.Length, steps, 2 * row, nameof(spikes), "2 * initial.Length");

        double threshold = Threshold;
        for (int t = 0; t < steps; t++)
        {
            ReadOnlySpan<float> previous = t == 0 ? initial : destination.Slice((t - 1) * row, row);
            Span<float> level = destination.Slice(t * row, row);
            ReadOnlySpan<float> spikeRow = spikes.Slice(t * 2 * row, 2 * row);
            for (int b = 0; b < batch; b++)
            {
                for (int i = 0; i < features; i++)
                {
                    int k = (b * features) + i;
                    float on = spikeRow[(b * 2 * features) + i];
                    float off = spikeRow[(b * 2 * features) + features + i];
                    level[k] = (float)(previous[k] + (threshold * (on - off)));
                }
            }
        }
    }
}
