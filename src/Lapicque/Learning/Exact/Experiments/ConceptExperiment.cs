using Lapicque.Neurons;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Learning.Exact.Experiments;

/// <summary>
/// The concept figure of Klos and Memmesheimer (spec 2.7 a; Figure 1 of the seed article): the output time of one neuron
/// from rest against the weight of a single input at 0.5, and against the time of an inhibitory input that works against
/// an excitatory one at 0.5, for the QIF neuron (tau = 1, T = 4; its first ordinary spike, else its first pseudospike)
/// beside a LIF neuron (tau_m = 2 tau_s = 1, threshold 1, T = 3; its first spike, else none).
/// </summary>
/// <remarks>
/// QIF: w_min = pi^2 / 4 is the least single kick that makes a spike from rest; the weight sweep covers [0, 2 w_min]; the
/// inhibitory sweep moves an input of -w_min over [0, T] against 1.5 w_min at 0.5. LIF: w_min = 4 (the least kick that
/// reaches threshold), the same multiples. The QIF time and its exact derivative (dt/dw, dt/dt_inh) come from
/// <see cref="ExactEngine"/>; the LIF time from the closed-form crossing of V0 x + I0 (x - x^2) = 1.
/// </remarks>
public static class ConceptExperiment
{
    /// <summary>The QIF trial length (ms, with tau = 1 ms).</summary>
    public const double QifTrialMs = 4.0;

    /// <summary>The LIF trial length (ms, with tau_m = 1 ms).</summary>
    public const double LifTrialMs = 3.0;

    /// <summary>Time of the (excitatory) input whose weight is swept, ms.</summary>
    public const double InputTimeMs = 0.5;

    /// <summary>w_min of the QIF neuron: pi^2 / 4.</summary>
    public static readonly double QifMinimumWeight = Math.PI * Math.PI / 4;

    /// <summary>w_min of the LIF neuron: 4.</summary>
    public const double LifMinimumWeight = 4.0;

    /// <summary>
    /// Runs both sweeps with <paramref name="points"/> + 1 grid points each (&gt;= 2). <paramref name="rampSlope"/> &gt; 0 uses
    /// the ramp pseudodynamics (<see cref="ExactEngine.PseudoRampSlope"/>) instead of the authors' constant drive.
    /// </summary>
    public static ConceptResult Run(int points = 2000, double rampSlope = 0.0)
    {
        Check.That(points >= 2, nameof(points), ">= 2", points);
        var net = new EventNetwork(new KlosQifParameters { TauMs = 1.0 }, 2, [1]);
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = QifTrialMs, MaxEvents = 10 }) { PseudoRampSlope = rampSlope };
        var tape = new ExactTape();
        var grads = new ExactGradients(net);
        double wMin = QifMinimumWeight;

        var weight = new ConceptSweep(points + 1);
        for (int p = 0; p <= points; p++)
        {
            double x = 2.0 * p / points;
            net.FeedForwardWeights(0)[0] = x * wMin;
            engine.Forward([new InputSpike(InputTimeMs, 0)], tape);
            (weight.QifTime[p], weight.QifDerivative[p]) = TimeAndGradient(engine, tape, grads, g => g.FeedForward[0][0]);
            weight.X[p] = x;
            weight.QifPseudo[p] = tape.OrdinarySpikeCount(0) == 0;
            weight.LifTime[p] = ExactLif.FirstSpike([(InputTimeMs, x * LifMinimumWeight)], 1.0, LifTrialMs);
        }

        var inhibition = new ConceptSweep(points + 1);
        net.FeedForwardWeights(0)[0] = 1.5 * wMin;
        net.FeedForwardWeights(0)[1] = -wMin;
        for (int p = 0; p <= points; p++)
        {
            double ti = QifTrialMs * p / points;
            bool early = ti < InputTimeMs;
            InputSpike[] inputs = early ? [new(ti, 1), new(InputTimeMs, 0)] : [new(InputTimeMs, 0), new(ti, 1)];
            engine.Forward(inputs, tape);
            (inhibition.QifTime[p], inhibition.QifDerivative[p]) = TimeAndGradient(engine, tape, grads, g => g.InputTimes[early ? 0 : 1]);
            inhibition.X[p] = ti;
            inhibition.QifPseudo[p] = tape.OrdinarySpikeCount(0) == 0;

            // The LIF sweep covers its own trial [0, 3] with the same number of points.
            double tl = LifTrialMs * p / points;
            (double, double)[] lif = tl < InputTimeMs
                ? [(tl, -LifMinimumWeight), (InputTimeMs, 1.5 * LifMinimumWeight)]
                : [(InputTimeMs, 1.5 * LifMinimumWeight), (tl, -LifMinimumWeight)];
            inhibition.LifX[p] = tl;
            inhibition.LifTime[p] = ExactLif.FirstSpike(lif, 1.0, LifTrialMs);
        }

        Array.Copy(weight.X, weight.LifX, weight.X.Length);
        return new ConceptResult(weight, inhibition, rampSlope);
    }

    private static (double Time, double Gradient) TimeAndGradient(ExactEngine engine, ExactTape tape, ExactGradients grads, Func<ExactGradients, double> pick)
    {
        double t = tape.OutputTime(0, 1);
        tape.AddOutputTimeGradient(0, 1, 1.0);
        grads.Clear();
        engine.Backward(tape, grads);
        return (t, pick(grads));
    }
}
