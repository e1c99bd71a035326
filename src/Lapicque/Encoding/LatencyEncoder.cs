namespace Lapicque.Encoding;

/// <summary>
/// Latency (time-to-first-spike) coding: each neuron fires at most once, earlier for stronger intensities, and not at
/// all when its intensity x is at or below <see cref="Threshold"/>.
/// </summary>
/// <remarks>
/// <para>Intensities are clamped to [0, 1] (NaN never fires) and compared with the threshold in float32. The spike time in steps is
/// linear: t = TauSteps (1 - x); logarithmic: t = TauSteps ln(x / (x - Threshold)).</para>
/// <para>With <see cref="Normalize"/> the time is instead mapped affinely onto the window [0, T - 1]: x = 1 fires
/// at step 0 and the weakest intensities at step T - 1. Linear: t = (T - 1)(1 - x) / (1 - Threshold), so the
/// whole supra-threshold range fills the window. Logarithmic: t = (T - 1)(L(x) - L(1)) / (L(Threshold + Epsilon) - L(1))
/// with L(x) = ln(x / (x - Threshold)), clamped to T - 1 for Threshold &lt; x &lt; Threshold + Epsilon (L diverges at the
/// threshold, hence the margin; this is snnTorch's normalisation with an explicit epsilon).</para>
/// <para>The spike goes to step round(t) (halves up). Without normalisation a time past the window (round(t) &gt;= T)
/// gives no spike. The times decrease strictly with x above the threshold; after rounding they never increase.
/// The encoder is deterministic and ignores the seed. Output has one neuron per input feature.</para>
/// </remarks>
public sealed record LatencyEncoder : ISpikeEncoder
{
    /// <summary>Time as a function of intensity. Default <see cref="LatencyMode.Linear"/>.</summary>
    public LatencyMode Mode { get; init; } = LatencyMode.Linear;

    /// <summary>Intensities at or below this never fire (dimensionless, in [0, 1); &gt; 0 for the logarithmic mode). Default 0.01.</summary>
    public double Threshold { get; init; } = 0.01;

    /// <summary>Time scale in steps of the unnormalised times (&gt; 0). Default 5.</summary>
    public double TauSteps { get; init; } = 5.0;

    /// <summary>Map the times onto the window [0, T - 1] instead of using <see cref="TauSteps"/>. Default true.</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>
    /// Logarithmic mode with normalisation: intensity Threshold + Epsilon fires at step T - 1 (in (0, 1 - Threshold)).
    /// Default 0.01.
    /// </summary>
    public double Epsilon { get; init; } = 0.01;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentException($"Mode must be Linear or Logarithmic; was {(int)Mode}.", nameof(Mode));
        }

        if (Mode == LatencyMode.Logarithmic)
        {
            Check.InOpenRange(Threshold, 0.0, 1.0);
            Check.InOpenRange(Epsilon, 0.0, 1.0 - Threshold);
        }
        else
        {
            Check.That(Threshold >= 0.0 && Threshold < 1.0, nameof(Threshold), "in [0, 1)", Threshold);
        }

        Check.Positive(TauSteps);
    }

    /// <summary>
    /// The real-valued spike time in steps of intensity <paramref name="intensity"/> in a window of
    /// <paramref name="steps"/> steps, before rounding; +infinity when the intensity does not fire.
    /// </summary>
    public double SpikeTime(float intensity, int steps)
    {
        Validate();
        EncodingArgs.Positive(steps, "steps");
        return new Timing(this, steps).Time(intensity);
    }

    /// <summary>The step at which intensity <paramref name="intensity"/> fires in a window of <paramref name="steps"/> steps, or -1 if it does not.</summary>
    public int SpikeStep(float intensity, int steps)
    {
        Validate();
        EncodingArgs.Positive(steps, "steps");
        return new Timing(this, steps).Step(intensity);
    }

    /// <inheritdoc/>
    public int OutputFeatures(int inputFeatures) => inputFeatures;

    /// <inheritdoc/>
    public void Encode(ReadOnlySpan<float> intensities, int batch, int steps, EncoderSeed seed, Span<float> destination)
    {
        Validate();
        EncodingArgs.CheckEncode(intensities.Length, batch, steps, destination.Length, 1);
        destination.Clear();

        // [B, N] -> [T, B, N]: element k of the input sits at step * (B * N) + k of the output.
        int row = intensities.Length;
        var timing = new Timing(this, steps);
        for (int k = 0; k < row; k++)
        {
            int step = timing.Step(intensities[k]);
            if (step >= 0)
            {
                destination[(step * row) + k] = 1f;
            }
        }
    }

    /// <summary>The time map with its constants computed once per call.</summary>
    private readonly struct Timing
    {
        private readonly LatencyMode _mode;
        private readonly double _threshold;
        private readonly double _scale;
        private readonly double _offset;
        private readonly int _steps;
        private readonly bool _normalize;

        public Timing(LatencyEncoder e, int steps)
        {
            _mode = e.Mode;
            _threshold = e.Threshold;
            _steps = steps;
            _normalize = e.Normalize;
            if (!e.Normalize)
            {
                _scale = e.TauSteps;
                _offset = 0.0;
            }
            else if (e.Mode == LatencyMode.Linear)
            {
                // (1 - x) runs over [0, 1 - Threshold) for supra-threshold x.
                _scale = (steps - 1) / (1.0 - e.Threshold);
                _offset = 0.0;
            }
            else
            {
                double atOne = Log(1.0, e.Threshold);
                double atEdge = Log(e.Threshold + e.Epsilon, e.Threshold);
                _scale = (steps - 1) / (atEdge - atOne);
                _offset = atOne;
            }
        }

        public double Time(float intensity)
        {
            // Compare in float32, the precision of the intensities, so that an intensity equal to (float)Threshold
            // never fires; any float above it is also above the double Threshold, which keeps the logarithm finite.
            float clamped = Math.Min(intensity, 1f);
            if (!(clamped > (float)_threshold))
            {
                return double.PositiveInfinity;
            }

            double x = clamped;
            double raw = _mode == LatencyMode.Linear ? 1.0 - x : Log(x, _threshold);
            double t = _scale * (raw - _offset);
            return _normalize ? Math.Clamp(t, 0.0, _steps - 1) : t;
        }

        public int Step(float intensity)
        {
            double t = Time(intensity);
            if (!(t < _steps))
            {
                return -1;
            }

            double step = Math.Floor(t + 0.5);
            return step < _steps ? (int)step : -1;
        }

        private static double Log(double x, double threshold) => Math.Log(x / (x - threshold));
    }
}
