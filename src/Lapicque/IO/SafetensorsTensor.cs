using System.Runtime.InteropServices;

namespace Lapicque.IO;

/// <summary>
/// One named tensor of a safetensors file: element type, shape and raw little-endian bytes. The factory methods copy
/// typed arrays into bytes and the To* methods copy them back, checking the type.
/// </summary>
public sealed class SafetensorsTensor
{
    private readonly byte[] _data;
    private readonly long[] _shape;

    /// <summary>
    /// Creates a tensor over <paramref name="data"/> (not copied). Throws when the byte count is not
    /// product(shape) * element size or a dimension is negative.
    /// </summary>
    public SafetensorsTensor(string name, SafetensorsDType dtype, ReadOnlySpan<long> shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        if (name.Length == 0 || name == Safetensors.MetadataKey)
        {
            throw new ArgumentException($"Tensor name must be non-empty and not '{Safetensors.MetadataKey}'; was '{name}'.", nameof(name));
        }

        long count = Safetensors.ElementCount(shape) ?? throw new ArgumentException($"Tensor '{name}': shape [{string.Join(", ", shape.ToArray())}] has a negative or overflowing dimension.", nameof(shape));
        long bytes = count * Safetensors.ElementSize(dtype);
        if (bytes != data.Length)
        {
            throw new ArgumentException($"Tensor '{name}': shape [{string.Join(", ", shape.ToArray())}] of {dtype} needs {bytes} bytes; was {data.Length}.", nameof(data));
        }

        Name = name;
        DType = dtype;
        _shape = shape.ToArray();
        _data = data;
    }

    /// <summary>The tensor's name (the header key).</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>Dimensions, outermost first (row-major); empty for a scalar.</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long ElementCount => _data.Length / Safetensors.ElementSize(DType);

    /// <summary>The raw little-endian bytes.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>A float32 tensor holding a copy of <paramref name="values"/>; shape defaults to [values.Length].</summary>
    public static SafetensorsTensor FromFloats(string name, ReadOnlySpan<float> values, params long[] shape) =>
        From(name, SafetensorsDType.F32, values, shape);

    /// <summary>A float64 tensor holding a copy of <paramref name="values"/>; shape defaults to [values.Length].</summary>
    public static SafetensorsTensor FromDoubles(string name, ReadOnlySpan<double> values, params long[] shape) =>
        From(name, SafetensorsDType.F64, values, shape);

    /// <summary>An int32 tensor holding a copy of <paramref name="values"/>; shape defaults to [values.Length].</summary>
    public static SafetensorsTensor FromInt32(string name, ReadOnlySpan<int> values, params long[] shape) =>
        From(name, SafetensorsDType.I32, values, shape);

    /// <summary>An int64 tensor holding a copy of <paramref name="values"/>; shape defaults to [values.Length].</summary>
    public static SafetensorsTensor FromInt64(string name, ReadOnlySpan<long> values, params long[] shape) =>
        From(name, SafetensorsDType.I64, values, shape);

    /// <summary>A uint8 tensor holding a copy of <paramref name="values"/>; shape defaults to [values.Length].</summary>
    public static SafetensorsTensor FromBytes(string name, ReadOnlySpan<byte> values, params long[] shape) =>
        From(name, SafetensorsDType.U8, values, shape);

    /// <summary>The values as floats; throws unless the type is F32.</summary>
    public float[] ToFloats() => To<float>(SafetensorsDType.F32);

    /// <summary>The values as doubles; throws unless the type is F64.</summary>
    public double[] ToDoubles() => To<double>(SafetensorsDType.F64);

    /// <summary>The values as ints; throws unless the type is I32.</summary>
    public int[] ToInt32() => To<int>(SafetensorsDType.I32);

    /// <summary>The values as longs; throws unless the type is I64.</summary>
    public long[] ToInt64() => To<long>(SafetensorsDType.I64);

    /// <summary>The values as bytes; throws unless the type is U8.</summary>
    public byte[] ToBytes() => To<byte>(SafetensorsDType.U8);

    private static SafetensorsTensor From<T>(string name, SafetensorsDType dtype, ReadOnlySpan<T> values, long[] shape)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEndianness(bytes, Safetensors.ElementSize(dtype));
        }

        return new SafetensorsTensor(name, dtype, shape.Length == 0 ? [values.Length] : shape, bytes);
    }

    private T[] To<T>(SafetensorsDType expected)
        where T : unmanaged
    {
        if (DType != expected)
        {
            throw new InvalidOperationException($"Tensor '{Name}' holds {DType}; expected {expected}.");
        }

        var result = new T[ElementCount];
        var bytes = MemoryMarshal.AsBytes(result.AsSpan());
        _data.CopyTo(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEndianness(bytes, Safetensors.ElementSize(DType));
        }

        return result;
    }

    // The format is little-endian; on a big-endian host every element is byte-swapped in place.
    private static void ReverseEndianness(Span<byte> bytes, int size)
    {
        for (int i = 0; i + size <= bytes.Length; i += size)
        {
            bytes.Slice(i, size).Reverse();
        }
    }
}
