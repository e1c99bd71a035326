using Lapicque.Learning.Plasticity.SpikingCnn;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Plasticity.SpikingCnn;

public class SoftmaxReadoutTests
{
    [Fact]
    public void Fit_SeparatesLinearlySeparableClasses_AndIgnoresFeatureScale()
    {
        // Three Gaussian blobs in 2-D with centres 6 standard deviations apart (Bayes error ~0.1%), plus a third
        // feature of pure noise at a scale of 1000: standardisation must keep it from swamping the others.
        var rng = new Rng(4);
        int n = 600;
        var x = new float[n * 3];
        var y = new int[n];
        (double, double)[] centres = [(0, 0), (6, 0), (3, 6)];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 3;
            x[i * 3] = (float)(centres[y[i]].Item1 + rng.NextNormal());
            x[(i * 3) + 1] = (float)(centres[y[i]].Item2 + rng.NextNormal());
            x[(i * 3) + 2] = (float)(1000 * rng.NextNormal());
        }

        var readout = new SoftmaxReadout(3, 3);
        readout.Fit(x.AsSpan(0, 400 * 3), y.AsSpan(0, 400), epochs: 50, batchSize: 32, learningRate: 1e-2);
        Assert.True(readout.Accuracy(x.AsSpan(400 * 3), y.AsSpan(400)) > 0.97);
        Assert.Equal(1, readout.Predict([6f, 0f, 0f]));
        Assert.Equal(2, readout.Predict([3f, 6f, 0f]));
    }

    [Fact]
    public void Fit_RejectsLabelsOutOfRange_NamingTheIndex()
    {
        var readout = new SoftmaxReadout(1, 2);
        var e = Assert.Throws<ArgumentException>(() => readout.Fit([0f, 1f], [0, 2]));
        Assert.Contains("labels[1] must be in [0, 2); was 2", e.Message);
    }
}
