using Lapicque.Learning.Exact;
using Lapicque.Learning.Exact.Experiments;
using Lapicque.Simulation.EventDriven;

namespace Lapicque.Tests.Learning.Exact;

public class ExactExperimentsTests
{
    [Fact]
    public void Concept_QifCrossesTheTrialEndWhereTheClosedFormSays_AndLifJumpsAtItsMinimumWeight()
    {
        ConceptResult r = ConceptExperiment.Run(points: 2000);

        // From rest, one input w at 0.5 makes a spike after -ln(1 - pi / (2 sqrt w)); it reaches T = 4 at
        // w / w_min = 1 / (1 - exp(-3.5))^2 (w_min = pi^2 / 4).
        double crossing = 1.0 / Math.Pow(1.0 - Math.Exp(-3.5), 2);
        Assert.InRange(r.QifCrossingWeight, crossing, crossing + 0.001 + 1e-12);
        Assert.True(r.QifLargestStep < 0.02, $"QIF step {r.QifLargestStep}");

        // LIF (tau_m = 2 tau_s = 1): from rest the input w spikes iff w >= 4, at 0.5 - ln((1 + sqrt(1 - 4 / w)) / 2).
        for (int p = 0; p < r.Weight.LifX.Length; p++)
        {
            double w = r.Weight.LifX[p] * ConceptExperiment.LifMinimumWeight;
            double expected = w >= 4.0 ? 0.5 - Math.Log((1.0 + Math.Sqrt(1.0 - (4.0 / w))) / 2.0) : double.NaN;
            if (double.IsNaN(expected))
            {
                Assert.True(double.IsNaN(r.Weight.LifTime[p]), $"w = {w}: no spike expected; got {r.Weight.LifTime[p]}");
            }
            else
            {
                Assert.True(Math.Abs(r.Weight.LifTime[p] - expected) <= 1e-12, $"w = {w}: {r.Weight.LifTime[p]} vs {expected}");
            }
        }

        // The LIF time jumps (from none to about 1.19) where the QIF time moves on continuously.
        int firstLif = Array.FindIndex(r.Weight.LifTime, t => !double.IsNaN(t));
        Assert.InRange(r.Weight.LifTime[firstLif], 1.1, 1.2);
    }

    [Fact]
    public void Concept_DerivativeColumns_MatchTheTimeColumns()
    {
        // dt/dw and dt/dt_inh of the exact backward pass against central differences of the swept output times.
        ConceptResult r = ConceptExperiment.Run(points: 4000);
        foreach ((ConceptSweep s, double unit) in new[] { (r.Weight, ConceptExperiment.QifMinimumWeight), (r.Inhibition, 1.0) })
        {
            int compared = 0;
            for (int p = 2; p < s.X.Length - 2; p += 37)
            {
                if (s.QifPseudo[p - 1] != s.QifPseudo[p + 1])
                {
                    continue;
                }

                double fd = (s.QifTime[p + 1] - s.QifTime[p - 1]) / ((s.X[p + 1] - s.X[p - 1]) * unit);
                double curvature = Math.Abs(s.QifTime[p + 2] - (2 * s.QifTime[p]) + s.QifTime[p - 2]) / Math.Pow(s.X[p + 2] - s.X[p], 2) / unit;
                double tol = (1e-6 * Math.Abs(fd)) + (curvature * (s.X[p + 1] - s.X[p]) * unit) + 1e-9;
                Assert.True(Math.Abs(fd - s.QifDerivative[p]) <= tol, $"x = {s.X[p]}: difference quotient {fd}, exact {s.QifDerivative[p]}");
                compared++;
            }

            Assert.True(compared > 50);
        }
    }

    [Fact]
    public void SingleNeuron_LearnsBothTargetTimes_FromPseudospikes()
    {
        SingleNeuronResult r = SingleNeuronExperiment.Run(trials: 3000);
        Assert.Equal(0, r.OrdinarySpikes[0]);
        Assert.True(r.FirstTime[0] > SingleNeuronExperiment.TrialMs && r.SecondTime[0] > r.FirstTime[0], "both output times start as pseudospikes");
        Assert.Equal(2, r.OrdinarySpikes[^1]);
        Assert.True(Math.Abs(r.FirstTime[^1] - 2.5) < 1e-4 && Math.Abs(r.SecondTime[^1] - 7.5) < 1e-4, $"{r.FirstTime[^1]}, {r.SecondTime[^1]}");
        Assert.True(r.Loss[^1] < 1e-6 * r.Loss[0]);
        Assert.Contains("<svg", r.Figure().ToSvg(), StringComparison.Ordinal);
    }

    [Fact]
    public void Recurrent_TinyNetwork_LossFallsByALargeFactor()
    {
        var options = new RecurrentOptions { Neurons = 3, TrialMs = 5.0, Trials = 600, LearningRate = 0.03 };
        RecurrentResult r = RecurrentExperiment.Run(options);
        Assert.True(r.Loss[^1] < r.Loss[0] / 50, $"loss {r.Loss[0]} -> {r.Loss[^1]}");
        for (int j = 0; j < options.Neurons; j++)
        {
            Assert.Equal(0.0, r.RecurrentWeights[(j * options.Neurons) + j]);
        }

        Assert.Contains(r.RecurrentWeights, w => w != 0.0);
        Assert.Contains("<svg", r.Figure().ToSvg(), StringComparison.Ordinal);
    }

    [Fact]
    public void RecurrentLoss_Gradient_MatchesCentralFiniteDifferences()
    {
        // The loss (relative errors, sentinel at 1.1 T) seeds the backward pass; its gradient w.r.t. recurrent weights must
        // match central differences of the loss itself.
        (EventNetwork net, InputSpike[] inputs, double trial) = ExactEngineTests.RandomSetup("klos-qif", true, 303);
        var engine = new ExactEngine(net, new EventSimulationOptions { TrialMs = trial, MaxEvents = 500 });
        double[][] targets = [[0.7, 2.2], [1.5], []];
        var tape = new ExactTape();
        engine.Forward(inputs, tape);
        RecurrentExperiment.Loss(tape, targets, trial);
        var grads = new ExactGradients(net);
        engine.Backward(tape, grads);
        double[] rec = net.RecurrentWeights(0)!;
        const double h = 1e-5;
        int compared = 0;
        for (int k = 0; k < rec.Length; k++)
        {
            double keep = rec[k];
            rec[k] = keep + h;
            engine.Forward(inputs, tape);
            double up = RecurrentExperiment.Loss(tape, targets, trial);
            int upSpikes = tape.SpikeCount;
            rec[k] = keep - h;
            engine.Forward(inputs, tape);
            double down = RecurrentExperiment.Loss(tape, targets, trial);
            rec[k] = keep;
            if (upSpikes != tape.SpikeCount)
            {
                continue;
            }

            double fd = (up - down) / (2 * h);
            Assert.True(Math.Abs(fd - grads.Recurrent[0]![k]) <= 1e-5 * Math.Max(Math.Abs(fd), 1e-3), $"W_rec[{k}]: {fd} vs {grads.Recurrent[0]![k]}");
            compared++;
        }

        Assert.True(compared >= 20, $"compared {compared}");
    }
}
