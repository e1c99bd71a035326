namespace Lapicque.Numerics;

/// <summary>
/// A contiguous, row-major float32 tensor. By convention sequences are time-major: [T, B, ...].
/// There is no autograd: layers and trainers own their buffers and call span kernels.
/// </summary>
public sealed class Tensor
{
    private readonly int[] _shape;

    /// <summary>Creates a zero-filled tensor of the given shape.</summary>
    public Tensor(params int[] shape)
        : this(new float[CheckedLength(shape)], shape)
    {
    }

    private Tensor(float[] data, int[] shape)
    {
        _shape = (int[])shape.Clone();
        Data = data;
        Length = CheckedLength(shape);
        RowLength = 1;
        for (int d = 1; d < shape.Length; d++)
        {
            RowLength *= shape[d];
        }
        if (data.Length < Length)
        {
            throw new ArgumentException($"data.Length was {data.Length}; expected at least {Length} for shape {ShapeString(shape)}.", nameof(data));
        }
    }

    /// <summary>The backing array; it may be longer than <see cref="Length"/> after a reshape to a smaller view.</summary>
    public float[] Data { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The shape (a copy is not made; do not mutate).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>All elements as a span.</summary>
    public Span<float> Span => Data.AsSpan(0, Length);

    /// <summary>Size of dimension <paramref name="dim"/>.</summary>
    public int Dim(int dim)
    {
        if ((uint)dim >= (uint)_shape.Length)
        {
            throw new IndexOutOfRangeException($"dim was {dim}; expected 0..{_shape.Length - 1} for shape {ShapeText}.");
        }

        return _shape[dim];
    }

    /// <summary>Number of elements in one slice along the first dimension (the product of the other dimensions, also when the first is 0).</summary>
    public int RowLength { get; }

    /// <summary>Wraps an existing array without copying.</summary>
    public static Tensor FromArray(float[] data, params int[] shape) => new(data, shape);

    /// <summary>The i-th slice along the first dimension (for [T, B, N] that is the [B, N] block of step i).</summary>
    public Span<float> Row(int i)
    {
        // Checked here because the backing array may be longer than the tensor: AsSpan alone would not catch i = Dim(0).
        int rows = Rank == 0 ? 1 : _shape[0];
        if ((uint)i >= (uint)rows)
        {
            throw new IndexOutOfRangeException($"row index was {i}; expected 0..{rows - 1} for shape {ShapeText}.");
        }

        int n = RowLength;
        return Data.AsSpan(i * n, n);
    }

    /// <summary>Element access by full index (convenience; not for hot loops).</summary>
    public float this[params int[] index]
    {
        get => Data[Offset(index)];
        set => Data[Offset(index)] = value;
    }

    /// <summary>A view with another shape over the same data.</summary>
    public Tensor Reshape(params int[] shape)
    {
        int n = CheckedLength(shape);
        if (n != Length)
        {
            throw new ArgumentException($"Cannot reshape {ShapeString(_shape)} ({Length} elements) to {ShapeString(shape)} ({n} elements).", nameof(shape));
        }

        return new Tensor(Data, shape);
    }

    /// <summary>A deep copy.</summary>
    public Tensor Clone() => new((float[])Data.AsSpan(0, Length).ToArray(), _shape);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>Returns the shape as text, for example "[25, 128, 784]".</summary>
    public string ShapeText => ShapeString(_shape);

    /// <inheritdoc/>
    public override string ToString() => $"Tensor{ShapeText}";

    private int Offset(int[] index)
    {
        if (index.Length != _shape.Length)
        {
            throw new ArgumentException($"index has {index.Length} components; expected {_shape.Length} for shape {ShapeText}.", nameof(index));
        }

        int offset = 0;
        for (int d = 0; d < index.Length; d++)
        {
            if ((uint)index[d] >= (uint)_shape[d])
            {
                throw new IndexOutOfRangeException($"index[{d}] was {index[d]}; expected 0..{_shape[d] - 1}.");
            }

            offset = (offset * _shape[d]) + index[d];
        }

        return offset;
    }

    internal static string ShapeString(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    private static int CheckedLength(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] < 0)
            {
                throw new ArgumentException($"shape[{d}] was {shape[d]}; expected >= 0.", nameof(shape));
            }

            n *= shape[d];
            if (n > Array.MaxLength)
            {
                throw new ArgumentException($"shape {ShapeString(shape)} has more than {Array.MaxLength} elements.", nameof(shape));
            }
        }

        return (int)n;
    }
}
