using Lapicque.Learning.Metrics;

namespace Lapicque.Tests.Learning.Metrics;

public class ConfusionMatrixTests
{
    // Hand-worked example: 3 classes, 10 samples.
    // true 0: predicted 0,0,0,1      -> recall 3/4
    // true 1: predicted 1,1,2        -> recall 2/3
    // true 2: predicted 2,0,2        -> recall 2/3
    // columns: predicted 0 = {3 true 0, 1 true 2} -> precision 3/4; 1 = {1 true 0, 2 true 1} -> 2/3; 2 = {1, 2} -> 2/3
    private static ConfusionMatrix Example()
    {
        var m = new ConfusionMatrix(3);
        m.Add([0, 0, 0, 0, 1, 1, 1, 2, 2, 2], [0, 0, 0, 1, 1, 1, 2, 2, 0, 2]);
        return m;
    }

    [Fact]
    public void Counts_AccuracyAndPerClassFigures_MatchTheHandWorkedExample()
    {
        var m = Example();
        Assert.Equal(10, m.Total);
        Assert.Equal(7, m.Correct);
        Assert.Equal(0.7, m.Accuracy, 12);
        Assert.Equal(3, m[0, 0]);
        Assert.Equal(1, m[0, 1]);
        Assert.Equal(1, m[2, 0]);
        Assert.Equal(0, m[1, 0]);
        Assert.Equal([4L, 3L, 3L], m.Support());
        Assert.Equal([0.75, 2.0 / 3, 2.0 / 3], m.PerClassAccuracy());
        Assert.Equal([0.75, 2.0 / 3, 2.0 / 3], m.Precision());
        var norm = m.ToArray(normalizeRows: true);
        Assert.Equal(0.25, norm[0, 1]);
        Assert.Equal(1.0 / 3, norm[2, 0]);
    }

    [Fact]
    public void EmptyClasses_GiveNaN_NotZero()
    {
        var m = new ConfusionMatrix(3);
        m.Add(0, 0);
        Assert.True(double.IsNaN(m.PerClassAccuracy()[1]));
        Assert.True(double.IsNaN(m.Precision()[2]));
        Assert.True(double.IsNaN(new ConfusionMatrix(2).Accuracy));
    }

    [Fact]
    public void Merge_EqualsCountingEverythingInOne()
    {
        var a = new ConfusionMatrix(3);
        a.Add([0, 0, 0, 0, 1], [0, 0, 0, 1, 1]);
        var b = new ConfusionMatrix(3);
        b.Add([1, 1, 2, 2, 2], [1, 2, 2, 0, 2]);
        a.Merge(b);
        Assert.Equal(Example().ToArray(), a.ToArray());
        Assert.Equal(10, a.Total);
        Assert.Throws<ArgumentException>(() => a.Merge(new ConfusionMatrix(4)));
    }

    [Fact]
    public void AddScores_PredictsTheArgMaxWithFirstIndexOnTies()
    {
        var m = new ConfusionMatrix(3);
        m.AddScores([2, 1, 0], [0f, 1f, 5f, /* tie -> 0 */ 4f, 4f, 1f, float.NaN, 0f, 2f]);
        Assert.Equal(1, m[2, 2]);
        Assert.Equal(1, m[1, 0]);
        Assert.Equal(1, m[0, 2]); // NaN never wins
        Assert.Equal(1, ConfusionMatrix.ArgMax([1f, 3f, 3f]));
    }

    [Fact]
    public void OutOfRangeClass_NamesTheArgument()
    {
        var m = new ConfusionMatrix(3);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => m.Add(3, 0));
        Assert.Contains("trueClass must be in [0, 3); was 3", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => m.Add([0, 1], [0]));
        Assert.Equal(0, m.Total);
    }
}
