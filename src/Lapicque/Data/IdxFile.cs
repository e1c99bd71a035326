using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Tensor = Lapicque.Numerics.Tensor;

namespace Lapicque.Data;

/// <summary>
/// A whole IDX file in memory: its <see cref="Header"/> and its data, kept as stored (big-endian). Conversions to
/// native arrays and tensors decode on demand. Read one with <see cref="IdxReader"/>.
/// </summary>
public sealed class IdxFile
{
    private readonly byte[] _headerBytes;
    private readonly byte[] _payload;

    internal IdxFile(string source, IdxHeader header, byte[] headerBytes, byte[] payload, bool wasCompressed)
    {
        Source = source;
        Header = header;
        _headerBytes = headerBytes;
        _payload = payload;
        WasCompressed = wasCompressed;
    }

    /// <summary>Where the file came from (its path, or the name given to <see cref="IdxReader.Read(byte[], string)"/>).</summary>
    public string Source { get; }

    /// <summary>The element type and dimensions.</summary>
    public IdxHeader Header { get; }

    /// <summary>True when the file was a gzip stream.</summary>
    public bool WasCompressed { get; }

    /// <summary>The element type.</summary>
    public IdxElementType ElementType => Header.ElementType;

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Dimensions => Header.Dimensions;

    /// <summary>The number of elements.</summary>
    public int ElementCount => (int)Header.ElementCount;

    /// <summary>The data exactly as stored after the header (multi-byte elements are big-endian).</summary>
    public ReadOnlySpan<byte> RawData => _payload;

    /// <summary>The data of an <see cref="IdxElementType.UnsignedByte"/> file, without copying.</summary>
    /// <exception cref="InvalidOperationException">The file holds another element type.</exception>
    public ReadOnlySpan<byte> Bytes
    {
        get
        {
            RequireType(IdxElementType.UnsignedByte);
            return _payload;
        }
    }

    /// <summary>
    /// Writes every element, converted to float32, into <paramref name="destination"/> (length <see cref="ElementCount"/>).
    /// Integers above 2^24 in magnitude and doubles are rounded to the nearest float.
    /// </summary>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length != ElementCount)
        {
            throw new ArgumentException($"destination.Length was {destination.Length}; expected {ElementCount} (the element count of {Source}).", nameof(destination));
        }

        switch (ElementType)
        {
            case IdxElementType.UnsignedByte:
                PixelConversion.BytesToSingle(_payload, destination, 1f);
                break;
            case IdxElementType.SignedByte:
                TensorPrimitives.ConvertChecked<sbyte, float>(MemoryMarshal.Cast<byte, sbyte>(_payload.AsSpan()), destination);
                break;
            case IdxElementType.Int16:
                TensorPrimitives.ConvertChecked<short, float>(DecodeInt16(), destination);
                break;
            case IdxElementType.Int32:
                TensorPrimitives.ConvertChecked<int, float>(DecodeInt32(), destination);
                break;
            case IdxElementType.Single:
                DecodeInt32().AsSpan().CopyTo(MemoryMarshal.Cast<float, int>(destination));
                break;
            case IdxElementType.Double:
                TensorPrimitives.ConvertTruncating<double, float>(DecodeDouble(), destination);
                break;
        }
    }

    /// <summary>Every element converted to float32 (see <see cref="CopyTo(Span{float})"/>).</summary>
    public float[] ToSingleArray()
    {
        var result = new float[ElementCount];
        CopyTo(result);
        return result;
    }

    /// <summary>Every element converted to float64 (exact for every IDX type).</summary>
    public double[] ToDoubleArray()
    {
        var result = new double[ElementCount];
        switch (ElementType)
        {
            case IdxElementType.UnsignedByte:
                TensorPrimitives.ConvertChecked<byte, double>(_payload, result);
                break;
            case IdxElementType.SignedByte:
                TensorPrimitives.ConvertChecked<sbyte, double>(MemoryMarshal.Cast<byte, sbyte>(_payload.AsSpan()), result);
                break;
            case IdxElementType.Int16:
                TensorPrimitives.ConvertChecked<short, double>(DecodeInt16(), result);
                break;
            case IdxElementType.Int32:
                TensorPrimitives.ConvertChecked<int, double>(DecodeInt32(), result);
                break;
            case IdxElementType.Single:
                TensorPrimitives.ConvertChecked<float, double>(MemoryMarshal.Cast<int, float>(DecodeInt32().AsSpan()), result);
                break;
            case IdxElementType.Double:
                return DecodeDouble();
        }

        return result;
    }

    /// <summary>Every element as int32; only for the integer element types (ubyte, sbyte, int16, int32).</summary>
    /// <exception cref="InvalidOperationException">The file holds float32 or float64 elements.</exception>
    public int[] ToInt32Array()
    {
        var result = new int[ElementCount];
        switch (ElementType)
        {
            case IdxElementType.UnsignedByte:
                TensorPrimitives.ConvertChecked<byte, int>(_payload, result);
                return result;
            case IdxElementType.SignedByte:
                TensorPrimitives.ConvertChecked<sbyte, int>(MemoryMarshal.Cast<byte, sbyte>(_payload.AsSpan()), result);
                return result;
            case IdxElementType.Int16:
                TensorPrimitives.ConvertChecked<short, int>(DecodeInt16(), result);
                return result;
            case IdxElementType.Int32:
                return DecodeInt32();
            default:
                throw new InvalidOperationException($"{Source} holds {IdxHeader.NameOf(ElementType)} elements; ToInt32Array needs an integer type (ubyte, sbyte, int16 or int32).");
        }
    }

    /// <summary>A float32 tensor with the file's dimensions holding every element (see <see cref="CopyTo(Span{float})"/>).</summary>
    public Tensor ToTensor() => Tensor.FromArray(ToSingleArray(), Header.GetDimensions());

    /// <summary>The SHA-256 (lower-case hex) of the decompressed file: header and data, as stored.</summary>
    public string ComputeContentSha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(_headerBytes);
        hash.AppendData(_payload);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private void RequireType(IdxElementType type)
    {
        if (ElementType != type)
        {
            throw new InvalidOperationException($"{Source} holds {IdxHeader.NameOf(ElementType)} elements; expected {IdxHeader.NameOf(type)}.");
        }
    }

    // The file stores big-endian values; ReverseEndianness over whole spans is vectorised by the runtime.
    private short[] DecodeInt16()
    {
        var result = new short[ElementCount];
        var source = MemoryMarshal.Cast<byte, short>(_payload.AsSpan());
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, result);
        }
        else
        {
            source.CopyTo(result);
        }

        return result;
    }

    private int[] DecodeInt32()
    {
        var result = new int[ElementCount];
        var source = MemoryMarshal.Cast<byte, int>(_payload.AsSpan());
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, result);
        }
        else
        {
            source.CopyTo(result);
        }

        return result;
    }

    private double[] DecodeDouble()
    {
        var result = new double[ElementCount];
        var source = MemoryMarshal.Cast<byte, long>(_payload.AsSpan());
        var bits = MemoryMarshal.Cast<double, long>(result.AsSpan());
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, bits);
        }
        else
        {
            source.CopyTo(bits);
        }

        return result;
    }
}
