using Lapicque.Numerics;

namespace Lapicque.Networks;

/// <summary>How a projection's weights are drawn when the network is built.</summary>
public abstract record WeightInit
{
    /// <summary>Fills <paramref name="weights"/>; <paramref name="fanIn"/> is the number of inputs per target neuron.</summary>
    public abstract void Fill(Span<float> weights, int fanIn, Rng rng);

    /// <summary>Checks the rule; <paramref name="path"/> names it in errors.</summary>
    public virtual void Validate(string path)
    {
    }

    /// <summary>All weights equal.</summary>
    public sealed record Constant(double Value) : WeightInit
    {
        /// <inheritdoc/>
        public override void Fill(Span<float> weights, int fanIn, Rng rng) => weights.Fill((float)Value);

        /// <inheritdoc/>
        public override void Validate(string path) => Check.Finite(Value, path + ".value");
    }

    /// <summary>Uniform in [Low, High).</summary>
    public sealed record Uniform(double Low, double High) : WeightInit
    {
        /// <inheritdoc/>
        public override void Fill(Span<float> weights, int fanIn, Rng rng)
        {
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)rng.Uniform(Low, High);
            }
        }

        /// <inheritdoc/>
        public override void Validate(string path) =>
            Check.That(double.IsFinite(Low) && double.IsFinite(High) && High >= Low, path + ".high", $"finite and >= low ({Check.Format(Low)})", High);
    }

    /// <summary>Normal with the given mean and standard deviation.</summary>
    public sealed record Normal(double Mean, double Std) : WeightInit
    {
        /// <inheritdoc/>
        public override void Fill(Span<float> weights, int fanIn, Rng rng)
        {
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)rng.Normal(Mean, Std);
            }
        }

        /// <inheritdoc/>
        public override void Validate(string path)
        {
            Check.Finite(Mean, path + ".mean");
            Check.NonNegative(Std, path + ".std");
        }
    }

    /// <summary>
    /// Fan-in scaled uniform, U(-b, b) with b = Gain / sqrt(fanIn): PyTorch's default for Linear and Conv2d when Gain = 1.
    /// </summary>
    public sealed record FanInUniform(double Gain = 1.0) : WeightInit
    {
        /// <inheritdoc/>
        public override void Fill(Span<float> weights, int fanIn, Rng rng)
        {
            double b = Gain / Math.Sqrt(Math.Max(1, fanIn));
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)rng.Uniform(-b, b);
            }
        }

        /// <inheritdoc/>
        public override void Validate(string path) => Check.Positive(Gain, path + ".gain");
    }

    /// <summary>Fan-in scaled normal, N(0, (Gain / sqrt(fanIn))^2) (Kaiming-normal with Gain = sqrt(2)).</summary>
    public sealed record FanInNormal(double Gain = 1.0) : WeightInit
    {
        /// <inheritdoc/>
        public override void Fill(Span<float> weights, int fanIn, Rng rng)
        {
            double s = Gain / Math.Sqrt(Math.Max(1, fanIn));
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = (float)(s * rng.NextNormal());
            }
        }

        /// <inheritdoc/>
        public override void Validate(string path) => Check.Positive(Gain, path + ".gain");
    }

    /// <summary>Given weights, one per synapse in the order the connectivity creates them.</summary>
    public sealed record Values(float[] Data) : WeightInit
    {
        /// <inheritdoc/>
        public override void Fill(Span<float> weights, int fanIn, Rng rng)
        {
            if (Data.Length != weights.Length)
            {
                throw new ArgumentException($"weights.values has {Data.Length} entries; the connectivity created {weights.Length} synapses.");
            }

            Data.AsSpan().CopyTo(weights);
        }
    }
}
