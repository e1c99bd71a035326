using System.Numerics;

namespace Lapicque.Learning.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay, as PyTorch's SGD:
/// g = grad + wd w; b = mu b + (1 - dampening) g (b = g on the first step); step = nesterov ? g + mu b : b; w -= lr step.
/// </summary>
public sealed class Sgd<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the optimizer.</summary>
    public Sgd(IEnumerable<Parameter<T>> parameters, double learningRate, double momentum = 0, bool nesterov = false, double weightDecay = 0, double dampening = 0)
        : base(parameters, learningRate)
    {
        Check.InRange(momentum, 0, 1, nameof(momentum));
        Check.NonNegative(weightDecay, nameof(weightDecay));
        Check.InRange(dampening, 0, 1, nameof(dampening));
        if (nesterov && (momentum == 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and dampening = 0.", nameof(nesterov));
        }

        Momentum = momentum;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        Dampening = dampening;
    }

    /// <summary>Momentum factor mu.</summary>
    public double Momentum { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>L2 penalty coefficient added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <summary>Dampening of the momentum update.</summary>
    public double Dampening { get; }

    /// <inheritdoc/>
    public override string Name => "sgd";

    /// <inheritdoc/>
    protected override void Update(Parameter<T> p)
    {
        T lr = Cast(LearningRate), mu = Cast(Momentum), wd = Cast(WeightDecay), damp = T.One - Cast(Dampening);
        var w = p.Value;
        var grad = p.Gradient;
        T[]? buf = Momentum > 0 ? Slot(p, "momentum") : null;
        bool first = StepCount == 1;
        for (int i = 0; i < w.Length; i++)
        {
            T g = grad[i] + (wd * w[i]);
            if (buf is not null)
            {
                buf[i] = first ? g : (mu * buf[i]) + (damp * g);
                g = Nesterov ? g + (mu * buf[i]) : buf[i];
            }

            w[i] -= lr * g;
        }
    }
}
