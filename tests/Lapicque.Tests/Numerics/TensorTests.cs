using Lapicque.Numerics;

namespace Lapicque.Tests.Numerics;

public class TensorTests
{
    [Fact]
    public void Constructor_SetsShapeLengthAndZeroes()
    {
        var t = new Tensor(5, 3, 4);
        Assert.Equal(60, t.Length);
        Assert.Equal(3, t.Rank);
        Assert.Equal([5, 3, 4], t.Shape.ToArray());
        Assert.Equal(3, t.Dim(1));
        Assert.Equal(12, t.RowLength);
        Assert.Equal("[5, 3, 4]", t.ShapeText);
        Assert.Equal("Tensor[5, 3, 4]", t.ToString());
        Assert.All(t.Data, v => Assert.Equal(0f, v));
        Assert.Equal(60, t.Span.Length);
    }

    [Fact]
    public void Indexer_IsRowMajor_AndRowIsTheTimeStepBlock()
    {
        var t = new Tensor(2, 3, 4);
        t[1, 2, 3] = 7f;
        t[0, 1, 0] = 5f;
        // Row-major offset of [i, j, k] in [2, 3, 4] is 12 i + 4 j + k.
        Assert.Equal(7f, t.Data[23]);
        Assert.Equal(5f, t.Data[4]);
        Assert.Equal(7f, t[1, 2, 3]);

        Span<float> step1 = t.Row(1);
        Assert.Equal(12, step1.Length);
        Assert.Equal(7f, step1[11]);
        step1[0] = 9f;
        Assert.Equal(9f, t[1, 0, 0]);
    }

    [Fact]
    public void Reshape_SharesData_AndClonesAreDeep()
    {
        var t = new Tensor(2, 6);
        Tensor view = t.Reshape(3, 4);
        view[2, 3] = 1.5f;
        Assert.Equal(1.5f, t[1, 5]);
        Assert.Equal("[3, 4]", view.ShapeText);

        Tensor copy = t.Clone();
        copy[0, 0] = 4f;
        Assert.Equal(0f, t[0, 0]);
        Assert.Equal(1.5f, copy[1, 5]);

        t.Clear();
        Assert.Equal(0f, view[2, 3]);
    }

    [Fact]
    public void Reshape_WrongElementCount_NamesBothShapes()
    {
        var t = new Tensor(2, 3, 4);
        var ex = Assert.Throws<ArgumentException>(() => t.Reshape(5, 5));
        Assert.StartsWith("Cannot reshape [2, 3, 4] (24 elements) to [5, 5] (25 elements).", ex.Message);
    }

    [Fact]
    public void Shape_Negative_OrTooLarge_NamesTheDimension()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Tensor(3, -1));
        Assert.StartsWith("shape[1] was -1; expected >= 0.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Tensor(100_000, 100_000));
        Assert.StartsWith("shape [100000, 100000] has more than", ex.Message);
    }

    [Fact]
    public void Indexer_WrongRankOrOutOfRange_NamesTheProblem()
    {
        var t = new Tensor(2, 3, 4);
        var rank = Assert.Throws<ArgumentException>(() => t[1, 2]);
        Assert.StartsWith("index has 2 components; expected 3 for shape [2, 3, 4].", rank.Message);
        var range = Assert.Throws<IndexOutOfRangeException>(() => t[1, 3, 0]);
        Assert.Equal("index[1] was 3; expected 0..2.", range.Message);
        range = Assert.Throws<IndexOutOfRangeException>(() => t[-1, 0, 0] = 1f);
        Assert.Equal("index[0] was -1; expected 0..1.", range.Message);
    }

    [Fact]
    public void Row_OutOfRange_NamesTheProblem_EvenWhenTheArrayIsLonger()
    {
        // The backing array is longer than the tensor: a missing check would hand out elements beyond it.
        var t = Tensor.FromArray(new float[20], 2, 3);
        var ex = Assert.Throws<IndexOutOfRangeException>(() => t.Row(2));
        Assert.Equal("row index was 2; expected 0..1 for shape [2, 3].", ex.Message);
        Assert.Throws<IndexOutOfRangeException>(() => t.Row(-1));
    }

    [Fact]
    public void Dim_OutOfRange_NamesTheProblem()
    {
        var t = new Tensor(2, 3);
        var ex = Assert.Throws<IndexOutOfRangeException>(() => t.Dim(2));
        Assert.Equal("dim was 2; expected 0..1 for shape [2, 3].", ex.Message);
    }

    [Fact]
    public void RowLength_WithEmptyFirstDimension_IsTheProductOfTheRest()
    {
        // A sequence of zero steps still has [B, N] steps.
        Assert.Equal(20, new Tensor(0, 4, 5).RowLength);
        Assert.Equal(0, new Tensor(3, 0, 5).RowLength);
        Assert.Equal(1, new Tensor().RowLength);
    }

    [Fact]
    public void FromArray_WrapsWithoutCopying_AndRejectsShortData()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        var t = Tensor.FromArray(data, 2, 3);
        Assert.Same(data, t.Data);
        Assert.Equal(6f, t[1, 2]);

        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[5], 2, 3));
        Assert.StartsWith("data.Length was 5; expected at least 6 for shape [2, 3].", ex.Message);
    }
}
