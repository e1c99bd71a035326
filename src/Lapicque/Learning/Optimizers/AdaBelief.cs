using System.Numerics;

namespace Lapicque.Learning.Optimizers;

/// <summary>
/// AdaBelief (Zhuang et al. 2020): Adam whose second moment tracks the belief in the gradient, s = b2 s + (1 - b2)(g - m)^2 + eps,
/// w -= lr (m / (1 - b1^t)) / (sqrt(s / (1 - b2^t)) + eps). Used by Klos and Memmesheimer for the MNIST theta network.
/// </summary>
public sealed class AdaBelief<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    public AdaBelief(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-16)
        : base(parameters, learningRate)
    {
        Check.InRange(beta1, 0, 1, nameof(beta1));
        Check.InRange(beta2, 0, 1, nameof(beta2));
        Check.Positive(epsilon, nameof(epsilon));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the belief (second) moment.</summary>
    public double Beta2 { get; }

    /// <summary>Offset, added inside the belief moment and to the denominator.</summary>
    public double Epsilon { get; }

    /// <inheritdoc/>
    public override string Name => "adabelief";

    /// <inheritdoc/>
    protected override void Update(Parameter<T> p)
    {
        T b1 = Cast(Beta1), b2 = Cast(Beta2), eps = Cast(Epsilon), lr = Cast(LearningRate), one = T.One;
        T c1 = one - Cast(Math.Pow(Beta1, StepCount));
        T sqrtC2 = T.Sqrt(one - Cast(Math.Pow(Beta2, StepCount)));
        var w = p.Value;
        var grad = p.Gradient;
        var m = Slot(p, "m");
        var s = Slot(p, "s");
        for (int i = 0; i < w.Length; i++)
        {
            T g = grad[i];
            m[i] = (b1 * m[i]) + ((one - b1) * g);
            T d = g - m[i];
            s[i] = (b2 * s[i]) + ((one - b2) * d * d) + eps;
            w[i] -= lr / c1 * m[i] / ((T.Sqrt(s[i]) / sqrtC2) + eps);
        }
    }
}
