using Lapicque.Learning.Optimizers;

namespace Lapicque.Tests.Learning.Optimizers;

public class OptimizerTests
{
    // Reference values computed by hand from the published update rules (PyTorch's documentation formulas).
    [Fact]
    public void Adam_FirstTwoSteps_MatchTheFormula()
    {
        var p = new Parameter<double>("w", [1.0, -2.0]);
        var adam = new Adam<double>([p], learningRate: 0.1);
        p.Gradient[0] = 0.5;
        p.Gradient[1] = -4.0;
        adam.Step();

        // Step 1: m = 0.1 g, v = 0.001 g^2; m_hat = g, v_hat = g^2; update = lr g / (|g| + eps) = lr sign(g).
        Assert.Equal(1.0 - (0.1 * 0.5 / (0.5 + 1e-8)), p.Value[0], 12);
        Assert.Equal(-2.0 + (0.1 * 4.0 / (4.0 + 1e-8)), p.Value[1], 12);

        p.Gradient[0] = 1.0;
        p.Gradient[1] = 0.0;
        double w0 = p.Value[0], w1 = p.Value[1];
        adam.Step();
        double m0 = (0.9 * 0.05) + (0.1 * 1.0), v0 = (0.999 * 0.00025) + (0.001 * 1.0);
        double m1 = 0.9 * -0.4, v1 = 0.999 * 0.016;
        double c1 = 1 - (0.9 * 0.9), c2 = 1 - (0.999 * 0.999);
        Assert.Equal(w0 - (0.1 * (m0 / c1) / (Math.Sqrt(v0 / c2) + 1e-8)), p.Value[0], 12);
        Assert.Equal(w1 - (0.1 * (m1 / c1) / (Math.Sqrt(v1 / c2) + 1e-8)), p.Value[1], 12);
    }

    [Fact]
    public void AdamW_DecaysWeightsIndependentlyOfTheGradient()
    {
        var p = new Parameter<double>("w", [2.0]);
        var opt = Adam<double>.AdamW([p], learningRate: 0.1, weightDecay: 0.5);
        opt.Step(); // zero gradient: only the decoupled decay acts.
        Assert.Equal(2.0 * (1 - (0.1 * 0.5)), p.Value[0], 12);

        var q = new Parameter<double>("w", [2.0]);
        var l2 = new Adam<double>([q], learningRate: 0.1, weightDecay: 0.5);
        l2.Step(); // L2: g = 0.5 * 2 = 1 enters the moments, so the step is lr * sign.
        Assert.Equal(2.0 - (0.1 * 1.0 / (1.0 + 1e-8)), q.Value[0], 12);
    }

    [Fact]
    public void Sgd_MomentumAndNesterov_MatchTheFormula()
    {
        var p = new Parameter<double>("w", [0.0]);
        var sgd = new Sgd<double>([p], learningRate: 0.5, momentum: 0.9);
        p.Gradient[0] = 1;
        sgd.Step(); // b = g = 1
        Assert.Equal(-0.5, p.Value[0], 12);
        sgd.Step(); // b = 0.9 + 1 = 1.9
        Assert.Equal(-0.5 - 0.95, p.Value[0], 12);

        var q = new Parameter<double>("w", [0.0]);
        var nes = new Sgd<double>([q], learningRate: 0.5, momentum: 0.9, nesterov: true);
        q.Gradient[0] = 1;
        nes.Step(); // b = 1; step = g + mu b = 1.9
        Assert.Equal(-0.95, q.Value[0], 12);
        nes.Step(); // b = 1.9; step = 1 + 0.9*1.9 = 2.71
        Assert.Equal(-0.95 - 1.355, q.Value[0], 12);
    }

    [Fact]
    public void AdaBelief_FirstStep_MatchesThePaper()
    {
        var p = new Parameter<double>("w", [1.0]);
        var opt = new AdaBelief<double>([p], learningRate: 0.01, epsilon: 1e-12);
        p.Gradient[0] = 2.0;
        opt.Step();

        // m = 0.2, s = 0.001 (2 - 0.2)^2 + eps; m_hat = 2, s_hat = s / 0.001.
        double s = (0.001 * 1.8 * 1.8) + 1e-12;
        Assert.Equal(1.0 - (0.01 * 2.0 / (Math.Sqrt(s / 0.001) + 1e-12)), p.Value[0], 12);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("adabelief")]
    public void EveryOptimizer_MinimisesAnIllConditionedQuadratic(string name)
    {
        // f(w) = sum a_i (w_i - c_i)^2 / 2 with curvatures spanning two decades.
        double[] a = [1, 10, 100], c = [3, -1, 0.5];
        var p = new Parameter<float>("w", new float[3]);
        Optimizer<float> opt = name switch
        {
            "sgd" => new Sgd<float>([p], 0.009, momentum: 0.9),
            "adam" => new Adam<float>([p], 0.05),
            "adamw" => Adam<float>.AdamW([p], 0.05, weightDecay: 0),
            _ => new AdaBelief<float>([p], 0.05),
        };
        for (int t = 0; t < 3000; t++)
        {
            opt.ZeroGradients();
            for (int i = 0; i < 3; i++)
            {
                p.Gradient[i] = (float)(a[i] * (p.Value[i] - c[i]));
            }

            opt.Step();
        }

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(c[i], p.Value[i], 2);
        }
    }

    [Fact]
    public void ParameterRange_IsEnforcedAfterEachStep()
    {
        var p = new Parameter<double>("phase", [0.1, 5.9], min: 0, max: 6);
        var opt = new Sgd<double>([p], 1.0);
        p.Gradient[0] = 1;
        p.Gradient[1] = -1;
        opt.Step();
        Assert.Equal([0.0, 6.0], p.Value);
    }

    [Fact]
    public void State_RoundTrips_ForAnExactResume()
    {
        double[] Train(bool resumeHalfway)
        {
            var p = new Parameter<double>("w", [1.0, 2.0]);
            var opt = new Adam<double>([p], 0.01);
            for (int t = 0; t < 10; t++)
            {
                if (resumeHalfway && t == 5)
                {
                    var saved = opt.State.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone());
                    var values = (double[])p.Value.Clone();
                    p = new Parameter<double>("w", values);
                    var fresh = new Adam<double>([p], 0.01);
                    fresh.LoadState(saved, opt.StepCount);
                    opt = fresh;
                }

                p.Gradient[0] = Math.Sin(t);
                p.Gradient[1] = Math.Cos(t);
                opt.Step();
            }

            return p.Value;
        }

        Assert.Equal(Train(false), Train(true));
    }

    [Fact]
    public void ClipByGlobalNorm_ScalesToTheMaximumAndReportsTheNorm()
    {
        var a = new Parameter<float>("a", new float[2]);
        var b = new Parameter<float>("b", new float[1]);
        a.Gradient[0] = 3;
        a.Gradient[1] = 0;
        b.Gradient[0] = 4;
        double norm = GradientClipping.ClipByGlobalNorm([a, b], 1.0);
        Assert.Equal(5.0, norm, 6);
        Assert.Equal(0.6f, a.Gradient[0], 5);
        Assert.Equal(0.8f, b.Gradient[0], 5);
        Assert.Equal(1.0, GradientClipping.ClipByGlobalNorm([a, b], 2.0), 5);
        Assert.Equal(0.6f, a.Gradient[0], 5);
    }

    [Fact]
    public void Schedules_GiveTheirDocumentedValues()
    {
        Assert.Equal(0.1 * 0.5 * 0.5, new LearningRateSchedule.StepDecay(10, 0.5).Rate(0.1, 25), 12);
        Assert.Equal(0.1 * Math.Pow(0.95, 3), new LearningRateSchedule.Exponential(0.95).Rate(0.1, 3), 12);
        var cos = new LearningRateSchedule.Cosine(100, 0.001);
        Assert.Equal(0.1, cos.Rate(0.1, 0), 12);
        Assert.Equal(0.001 + ((0.1 - 0.001) / 2), cos.Rate(0.1, 50), 12);
        Assert.Equal(0.001, cos.Rate(0.1, 100), 12);
        Assert.Equal(0.001, cos.Rate(0.1, 150), 12);
    }

    [Fact]
    public void Construction_RejectsBadHyperparameters()
    {
        var p = new Parameter<float>("w", new float[1]);
        Assert.Contains("beta1 must be in [0, 1]; was 1.5", Assert.Throws<ArgumentException>(() => new Adam<float>([p], beta1: 1.5)).Message);
        Assert.Contains("used twice", Assert.Throws<ArgumentException>(() => new Sgd<float>([p, new Parameter<float>("w", new float[1])], 0.1)).Message);
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => new Sgd<float>([p], 0.1, nesterov: true)).Message);
    }
}
