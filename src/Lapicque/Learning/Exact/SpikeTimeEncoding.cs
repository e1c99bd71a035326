using Lapicque.Numerics;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Learning.Exact;

/// <summary>
/// Turns a sample's features (in [0, 1]) into the input spike list of an exact event-driven trial, sorted by time.
/// Two encodings of the seed article: <see cref="TimeToFirstSpike"/> (one spike per feature, earlier or later with its
/// value, used for Yin-Yang) and <see cref="SingleEvent"/> (binarised images: one event at a fixed time per "on" pixel,
/// used for MNIST, spec 2.7 d).
/// </summary>
public abstract record SpikeTimeEncoding
{
    /// <summary>Number of input channels for samples of <paramref name="features"/> features.</summary>
    public abstract int Channels(int features);

    /// <summary>
    /// Encodes <paramref name="sample"/>; <paramref name="noise"/> (training only, may be null) draws the encoding's
    /// random perturbation.
    /// </summary>
    public abstract InputSpike[] Encode(ReadOnlySpan<float> sample, Rng? noise);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public abstract void Validate(double trialMs);

    /// <summary>
    /// Feature k in [0, 1] fires channel k at EarlyMs + SpanMs x_k; with BiasMs set, one more channel (the last) fires at
    /// BiasMs for every sample, a reference spike the network can time against.
    /// </summary>
    /// <param name="EarlyMs">Time of a feature value 0 (&gt;= 0).</param>
    /// <param name="SpanMs">Time from value 0 to value 1 (&gt; 0).</param>
    /// <param name="BiasMs">Time of the bias spike, or null for none.</param>
    public sealed record TimeToFirstSpike(double EarlyMs, double SpanMs, double? BiasMs) : SpikeTimeEncoding
    {
        /// <inheritdoc/>
        public override int Channels(int features) => features + (BiasMs is null ? 0 : 1);

        /// <inheritdoc/>
        public override InputSpike[] Encode(ReadOnlySpan<float> sample, Rng? noise)
        {
            var s = new InputSpike[Channels(sample.Length)];
            for (int k = 0; k < sample.Length; k++)
            {
                s[k] = new InputSpike(EarlyMs + (SpanMs * sample[k]), k);
            }

            if (BiasMs is { } b)
            {
                s[^1] = new InputSpike(b, sample.Length);
            }

            // Stable sort by time (ties keep channel order), so equal times give the same event order everywhere.
            Array.Sort(s, static (a, b) => a.TimeMs != b.TimeMs ? a.TimeMs.CompareTo(b.TimeMs) : a.Channel.CompareTo(b.Channel));
            return s;
        }

        /// <inheritdoc/>
        public override void Validate(double trialMs)
        {
            Check.That(EarlyMs >= 0, nameof(EarlyMs), ">= 0", EarlyMs);
            Check.Positive(SpanMs, nameof(SpanMs));
            Check.That(EarlyMs + SpanMs < trialMs, "EarlyMs + SpanMs", $"< the trial length {trialMs}", EarlyMs + SpanMs);
            if (BiasMs is { } b)
            {
                Check.That(b >= 0 && b < trialMs, nameof(BiasMs), $"in [0, {trialMs})", b);
            }
        }
    }

    /// <summary>
    /// Binarised input: channel k fires once at TimeMs when feature k is at least Threshold. During training each pixel is
    /// flipped with probability FlipProbability (the seed article's input noise, 0.02 for MNIST).
    /// </summary>
    /// <param name="TimeMs">Time of every input event (&gt;= 0).</param>
    /// <param name="Threshold">Feature value at or above which a channel is on (in (0, 1]; 0.5 is pixel 128 of 255 within rounding).</param>
    /// <param name="FlipProbability">Probability of flipping a pixel during training (in [0, 1)).</param>
    public sealed record SingleEvent(double TimeMs, double Threshold, double FlipProbability) : SpikeTimeEncoding
    {
        /// <inheritdoc/>
        public override int Channels(int features) => features;

        /// <inheritdoc/>
        public override InputSpike[] Encode(ReadOnlySpan<float> sample, Rng? noise)
        {
            var s = new List<InputSpike>(sample.Length / 4);
            for (int k = 0; k < sample.Length; k++)
            {
                bool on = sample[k] >= Threshold;
                if (noise is not null && FlipProbability > 0 && noise.NextDouble() < FlipProbability)
                {
                    on = !on;
                }

                if (on)
                {
                    s.Add(new InputSpike(TimeMs, k));
                }
            }

            return [.. s];
        }

        /// <inheritdoc/>
        public override void Validate(double trialMs)
        {
            Check.That(TimeMs >= 0 && TimeMs < trialMs, nameof(TimeMs), $"in [0, {trialMs})", TimeMs);
            Check.That(Threshold > 0 && Threshold <= 1, nameof(Threshold), "in (0, 1]", Threshold);
            Check.That(FlipProbability >= 0 && FlipProbability < 1, nameof(FlipProbability), "in [0, 1)", FlipProbability);
        }
    }
}
