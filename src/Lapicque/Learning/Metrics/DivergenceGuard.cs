using System.Numerics;
using Lapicque.Learning.Optimizers;

namespace Lapicque.Learning.Metrics;

/// <summary>
/// The NaN/Inf guard of training loops: call <see cref="CheckLoss"/> after the forward pass and
/// <see cref="CheckGradients{T}"/> before the optimizer step; both throw <see cref="TrainingDivergedException"/>
/// naming the epoch, the step and the first non-finite quantity, so that the step that would corrupt the weights is
/// never taken and the last checkpoint stays the last good one.
/// </summary>
public static class DivergenceGuard
{
    /// <summary>Throws when <paramref name="loss"/> is NaN or infinite.</summary>
    public static void CheckLoss(double loss, int epoch, long step, string quantity = "loss")
    {
        if (!double.IsFinite(loss))
        {
            throw new TrainingDivergedException(epoch, step, quantity, loss);
        }
    }

    /// <summary>Throws when any gradient element of any parameter is NaN or infinite.</summary>
    public static void CheckGradients<T>(IEnumerable<Parameter<T>> parameters, int epoch, long step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters)
        {
            int i = FirstNonFinite<T>(p.Gradient);
            if (i >= 0)
            {
                throw new TrainingDivergedException(epoch, step, $"gradient of {p.Name}[{i}]", double.CreateChecked(p.Gradient[i]));
            }
        }
    }

    /// <summary>Throws when any parameter value is NaN or infinite.</summary>
    public static void CheckValues<T>(IEnumerable<Parameter<T>> parameters, int epoch, long step)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var p in parameters)
        {
            int i = FirstNonFinite<T>(p.Value);
            if (i >= 0)
            {
                throw new TrainingDivergedException(epoch, step, $"value of {p.Name}[{i}]", double.CreateChecked(p.Value[i]));
            }
        }
    }

    /// <summary>
    /// Index of the first element that is NaN or infinite, or -1. SIMD: x - x is 0 for every finite x and NaN
    /// otherwise, so a vector is all finite exactly when (x - x) == 0 in every lane.
    /// </summary>
    public static int FirstNonFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            int w = Vector<T>.Count;
            for (; i + w <= values.Length; i += w)
            {
                var v = new Vector<T>(values.Slice(i, w));
                if (!Vector.EqualsAll(v - v, Vector<T>.Zero))
                {
                    break; // the scalar loop below finds the exact index
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Scalar twin of <see cref="FirstNonFinite{T}"/>.</summary>
    public static int FirstNonFiniteScalar<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
