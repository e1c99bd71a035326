using Lapicque.Learning.Plasticity.DiehlCook;

namespace Lapicque.Tests.Learning.Plasticity.DiehlCook;

public class DiehlCookLabelsTests
{
    [Fact]
    public void Assign_UsesTheMeanPerClassNotTheSum()
    {
        // One neuron. Class 0: three samples with 1 spike each (sum 3, mean 1); class 1: one sample with 2 spikes (mean 2).
        // The paper's highest *mean* response picks class 1; a sum would pick class 0.
        int[] responses = [1, 1, 1, 2];
        int[] labels = [0, 0, 0, 1];
        Assert.Equal([1], DiehlCookLabels.Assign(responses, labels, neurons: 1, classCount: 2));
    }

    [Fact]
    public void Assign_SilentNeuronGetsNoClass()
    {
        // Sample 0 (class 0): neuron 0 fires 3; sample 1 (class 1): neuron 1 fires 5; neuron 2 never fires.
        int[] responses = [3, 0, 0, 0, 5, 0];
        int[] labels = [0, 1];
        Assert.Equal([0, 1, -1], DiehlCookLabels.Assign(responses, labels, neurons: 3, classCount: 2));
    }

    [Fact]
    public void SyntheticResponses_AreLabelledAndClassifiedByTheirPreferredClass()
    {
        // 12 neurons, neuron j prefers class j % 3 (mean 6 spikes) and fires 1 spike otherwise; noise from a fixed seed.
        const int neurons = 12, classes = 3, samples = 300;
        var rng = new Lapicque.Numerics.Rng(7);
        var labels = new int[samples];
        var responses = new int[samples * neurons];
        for (int s = 0; s < samples; s++)
        {
            labels[s] = rng.NextInt(classes);
            for (int j = 0; j < neurons; j++)
            {
                responses[(s * neurons) + j] = (j % classes == labels[s] ? 6 : 1) + rng.NextInt(3);
            }
        }

        var assignment = DiehlCookLabels.Assign(responses, labels, neurons, classes);
        for (int j = 0; j < neurons; j++)
        {
            Assert.Equal(j % classes, assignment[j]);
        }

        Assert.Equal(1.0, DiehlCookLabels.Accuracy(responses, labels, assignment, classes));
    }

    [Fact]
    public void Predict_AveragesOverTheNeuronsOfEachClass()
    {
        // Class 0 has three neurons (4, 0, 0 -> mean 1.33); class 1 has one neuron with 2 spikes (mean 2): class 1 wins
        // although class 0's summed count is larger.
        int[] assignment = [0, 0, 0, 1];
        Assert.Equal(1, DiehlCookLabels.Predict([4, 0, 0, 2], assignment, 2));
        Assert.Equal(0, DiehlCookLabels.Predict([9, 0, 0, 2], assignment, 2));
    }

    [Fact]
    public void Assign_RejectsMismatchedLengthsNamingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => DiehlCookLabels.Assign(new int[5], new int[2], neurons: 3, classCount: 2));
        Assert.Contains("2 x 3", e.Message);
        Assert.Contains("was 5", e.Message);
    }
}
