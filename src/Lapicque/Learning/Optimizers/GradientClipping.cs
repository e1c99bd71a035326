using System.Numerics;

namespace Lapicque.Learning.Optimizers;

/// <summary>Gradient clipping over a set of parameters.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their global L2 norm is at most <paramref name="maxNorm"/> (PyTorch's
    /// clip_grad_norm_). Returns the norm before clipping; a NaN or infinite norm is returned unchanged for the caller's
    /// guard to handle.
    /// </summary>
    public static double ClipByGlobalNorm<T>(IEnumerable<Parameter<T>> parameters, double maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check.Positive(maxNorm, nameof(maxNorm));
        var list = parameters as IReadOnlyList<Parameter<T>> ?? parameters.ToArray();
        double ss = 0;
        foreach (var p in list)
        {
            foreach (T g in p.Gradient)
            {
                double d = double.CreateChecked(g);
                ss += d * d;
            }
        }

        double norm = Math.Sqrt(ss);
        if (!double.IsFinite(norm) || norm <= maxNorm)
        {
            return norm;
        }

        T scale = T.CreateChecked(maxNorm / (norm + 1e-6));
        foreach (var p in list)
        {
            var g = p.Gradient;
            for (int i = 0; i < g.Length; i++)
            {
                g[i] *= scale;
            }
        }

        return norm;
    }

    /// <summary>Clamps every gradient element to [-maxValue, maxValue].</summary>
    public static void ClipByValue<T>(IEnumerable<Parameter<T>> parameters, double maxValue)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check.Positive(maxValue, nameof(maxValue));
        T hi = T.CreateChecked(maxValue), lo = -hi;
        foreach (var p in parameters)
        {
            var g = p.Gradient;
            for (int i = 0; i < g.Length; i++)
            {
                g[i] = T.Clamp(g[i], lo, hi);
            }
        }
    }
}
