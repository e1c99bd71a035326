using Lapicque.Numerics;

namespace Lapicque.Networks;

/// <summary>How a population's state variable is initialised, neuron by neuron.</summary>
public abstract record InitialValue
{
    /// <summary>Writes the initial values into <paramref name="destination"/>, drawing from <paramref name="rng"/> if random.</summary>
    public abstract void Fill(Span<float> destination, Rng rng);

    /// <summary>Checks the rule for a population of <paramref name="size"/> neurons; <paramref name="path"/> names it in errors.</summary>
    public virtual void Validate(int size, string path)
    {
    }

    /// <summary>The same value for every neuron.</summary>
    public sealed record Constant(double Value) : InitialValue
    {
        /// <inheritdoc/>
        public override void Fill(Span<float> destination, Rng rng) => destination.Fill((float)Value);

        /// <inheritdoc/>
        public override void Validate(int size, string path) => Check.Finite(Value, path + ".value");
    }

    /// <summary>Uniform in [Low, High), independently per neuron.</summary>
    public sealed record Uniform(double Low, double High) : InitialValue
    {
        /// <inheritdoc/>
        public override void Fill(Span<float> destination, Rng rng)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)rng.Uniform(Low, High);
            }
        }

        /// <inheritdoc/>
        public override void Validate(int size, string path)
        {
            Check.Finite(Low, path + ".low");
            Check.Finite(High, path + ".high");
            Check.That(High >= Low, path + ".high", $">= low ({Check.Format(Low)})", High);
        }
    }

    /// <summary>Normal with the given mean and standard deviation, independently per neuron.</summary>
    public sealed record Normal(double Mean, double Std) : InitialValue
    {
        /// <inheritdoc/>
        public override void Fill(Span<float> destination, Rng rng)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)rng.Normal(Mean, Std);
            }
        }

        /// <inheritdoc/>
        public override void Validate(int size, string path)
        {
            Check.Finite(Mean, path + ".mean");
            Check.NonNegative(Std, path + ".std");
        }
    }

    /// <summary>One given value per neuron.</summary>
    public sealed record Values(float[] Data) : InitialValue
    {
        /// <inheritdoc/>
        public override void Fill(Span<float> destination, Rng rng) => Data.AsSpan().CopyTo(destination);

        /// <inheritdoc/>
        public override void Validate(int size, string path)
        {
            if (Data.Length != size)
            {
                throw new ArgumentException($"{path}.values has {Data.Length} entries; expected one per neuron ({size}).");
            }
        }
    }
}
