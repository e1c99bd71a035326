namespace Lapicque.Networks;

/// <summary>
/// An input current injected into a population, in the target model's input unit, added to its synaptic input each step.
/// </summary>
public abstract record CurrentInjection
{
    /// <summary>Name of the target population.</summary>
    public required string Target { get; init; }

    /// <summary>Neurons that receive the current; null means all.</summary>
    public int[]? Neurons { get; init; }

    /// <summary>The amplitude during step <paramref name="step"/> of <paramref name="dtMs"/>.</summary>
    public abstract double Amplitude(long step, double dtMs);

    /// <summary>The same amplitude at all times.</summary>
    public sealed record Constant(double Value) : CurrentInjection
    {
        /// <inheritdoc/>
        public override double Amplitude(long step, double dtMs) => Value;
    }

    /// <summary>Value from OnsetMs (inclusive) to OffsetMs (exclusive), zero elsewhere; times refer to the step start.</summary>
    public sealed record StepPulse(double Value, double OnsetMs, double OffsetMs) : CurrentInjection
    {
        /// <inheritdoc/>
        public override double Amplitude(long step, double dtMs)
        {
            double t = step * dtMs;
            return t >= OnsetMs - (1e-9 * dtMs) && t < OffsetMs - (1e-9 * dtMs) ? Value : 0.0;
        }
    }

    /// <summary>One value per step (Values[k] during step k); zero after the end.</summary>
    public sealed record Series(float[] Values) : CurrentInjection
    {
        /// <inheritdoc/>
        public override double Amplitude(long step, double dtMs) => step < Values.Length ? Values[step] : 0.0;
    }
}
