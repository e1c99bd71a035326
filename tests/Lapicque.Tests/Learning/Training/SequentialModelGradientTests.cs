using Lapicque.Learning.Losses;
using Lapicque.Learning.Surrogate;
using Lapicque.Learning.Training;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Training;

public class SequentialModelGradientTests
{
    [Fact]
    public void Backward_ChainsLayersAndLossLikeFiniteDifferences()
    {
        // A smooth stack (no spikes), so the loss is differentiable everywhere: Linear -> LI -> Linear -> LI, membrane loss.
        var rng = new Rng(1);
        var w1 = new float[6 * 5];
        var w2 = new float[5 * 3];
        var bias = new float[3];
        rng.FillUniform(w1, -1f, 1f);
        rng.FillUniform(w2, -1f, 1f);
        rng.FillUniform(bias, -1f, 1f);
        var learn = new SpikingOptions { LearnBeta = true, PerNeuron = true };
        var model = new SequentialModel([
            new LinearLayer("fc1", [6], 5, w1),
            new LeakyIntegratorLayer("li1", 5, LeakyIntegratorParameters.FromBeta(0.7), 1.0, learn),
            new LinearLayer("fc2", [5], 3, w2, bias),
            new LeakyIntegratorLayer("li2", 3, LeakyIntegratorParameters.FromBeta(0.8), 1.0, learn),
        ]);
        var input = new Tensor(5, 2, 6);
        rng.FillUniform(input.Span, 0f, 1f);
        int[] labels = [2, 0];
        var loss = new MembraneCrossEntropyLoss(MembraneReduction.Mean);

        double Loss()
        {
            model.ResetState();
            var o = model.Forward(input, training: false);
            return loss.Evaluate(o, labels, new Tensor([.. o.Shape]), new int[2]);
        }

        foreach (var p in model.Parameters)
        {
            p.ZeroGradient();
        }

        model.ResetState();
        var output = model.Forward(input, training: true);
        var g = new Tensor([.. output.Shape]);
        loss.Evaluate(output, labels, g, new int[2]);
        model.Backward(g);
        Assert.Equal(["fc1/weight", "li1/beta", "fc2/weight", "fc2/bias", "li2/beta"], model.Parameters.Select(p => p.Name).ToArray());
        foreach (var p in model.Parameters)
        {
            var analytic = p.Gradient.ToArray();
            for (int i = 0; i < p.Length; i++)
            {
                float keep = p.Value[i];
                const float h = 1e-3f;
                p.Value[i] = keep + h;
                double up = Loss();
                p.Value[i] = keep - h;
                double down = Loss();
                p.Value[i] = keep;
                double fd = (up - down) / (2 * h);
                Assert.True(Math.Abs(fd - analytic[i]) <= 1e-4 + (3e-3 * Math.Abs(fd)), $"{p.Name}[{i}]: analytic {analytic[i]}, finite difference {fd}");
            }
        }
    }

    [Fact]
    public void Constructor_NamesMismatchedSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new SequentialModel([
            new LinearLayer("fc1", [4], 5, new float[20]),
            new LinearLayer("fc2", [6], 2, new float[12]),
        ]));
        Assert.Contains("'fc2' expects 6 inputs", e.Message);
        Assert.Contains("'fc1' gives 5", e.Message);
    }
}
