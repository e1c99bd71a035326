using System.Numerics;

namespace Lapicque.Learning.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015) with bias correction, as PyTorch's Adam and AdamW:
/// m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
/// <see cref="Decoupled"/> false adds the L2 term wd w to g (Adam); true multiplies w by (1 - lr wd) first (AdamW,
/// Loshchilov and Hutter 2019).
/// </summary>
public sealed class Adam<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    public Adam(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0, bool decoupled = false)
        : base(parameters, learningRate)
    {
        Check.InRange(beta1, 0, 1, nameof(beta1));
        Check.InRange(beta2, 0, 1, nameof(beta2));
        Check.Positive(epsilon, nameof(epsilon));
        Check.NonNegative(weightDecay, nameof(weightDecay));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Decoupled = decoupled;
    }

    /// <summary>AdamW: Adam with decoupled weight decay (PyTorch's default decay 0.01).</summary>
    public static Adam<T> AdamW(IEnumerable<Parameter<T>> parameters, double learningRate = 1e-3, double weightDecay = 0.01, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) =>
        new(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true);

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Denominator offset.</summary>
    public double Epsilon { get; }

    /// <summary>Weight decay coefficient.</summary>
    public double WeightDecay { get; }

    /// <summary>True for AdamW's decoupled decay.</summary>
    public bool Decoupled { get; }

    /// <inheritdoc/>
    public override string Name => Decoupled ? "adamw" : "adam";

    /// <inheritdoc/>
    protected override void Update(Parameter<T> p)
    {
        T b1 = Cast(Beta1), b2 = Cast(Beta2), eps = Cast(Epsilon), wd = Cast(WeightDecay), lr = Cast(LearningRate);
        T c1 = T.One - Cast(Math.Pow(Beta1, StepCount));
        T c2 = T.One - Cast(Math.Pow(Beta2, StepCount));
        T sqrtC2 = T.Sqrt(c2);
        T stepSize = lr / c1;
        var w = p.Value;
        var grad = p.Gradient;
        var m = Slot(p, "m");
        var v = Slot(p, "v");
        T one = T.One;
        for (int i = 0; i < w.Length; i++)
        {
            T g = grad[i];
            if (Decoupled)
            {
                w[i] *= one - (lr * wd);
            }
            else
            {
                g += wd * w[i];
            }

            m[i] = (b1 * m[i]) + ((one - b1) * g);
            v[i] = (b2 * v[i]) + ((one - b2) * g * g);
            w[i] -= stepSize * m[i] / ((T.Sqrt(v[i]) / sqrtC2) + eps);
        }
    }
}
