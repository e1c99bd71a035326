using System.Numerics;

namespace Lapicque.Learning.Optimizers;

/// <summary>
/// A trainable array and its gradient. Surrogate-gradient training uses float, the exact event-driven trainer double.
/// After each optimizer step the values are clipped to [<see cref="Min"/>, <see cref="Max"/>] when given (for example the
/// trainable initial phases of theta neurons, clipped to [0, Theta]).
/// </summary>
public sealed class Parameter<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a parameter over <paramref name="value"/> (not copied) with a zero gradient.</summary>
    public Parameter(string name, T[] value, T? min = null, T? max = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (min is { } lo && max is { } hi && lo > hi)
        {
            throw new ArgumentException($"Parameter '{name}': min ({lo}) must be <= max ({hi}).");
        }

        Name = name;
        Value = value;
        Gradient = new T[value.Length];
        Min = min;
        Max = max;
    }

    /// <summary>Unique name, used for checkpoints and optimizer state.</summary>
    public string Name { get; }

    /// <summary>The values, updated in place.</summary>
    public T[] Value { get; }

    /// <summary>The gradient of the loss with respect to <see cref="Value"/>; trainers accumulate into it.</summary>
    public T[] Gradient { get; }

    /// <summary>Lower bound applied after each step, or null.</summary>
    public T? Min { get; }

    /// <summary>Upper bound applied after each step, or null.</summary>
    public T? Max { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>Sets the gradient to zero.</summary>
    public void ZeroGradient() => Array.Clear(Gradient);

    /// <summary>Clips the values to [Min, Max].</summary>
    public void ClipToRange()
    {
        if (Min is null && Max is null)
        {
            return;
        }

        T lo = Min ?? T.NegativeInfinity, hi = Max ?? T.PositiveInfinity;
        var v = Value.AsSpan();
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = T.Clamp(v[i], lo, hi);
        }
    }
}
