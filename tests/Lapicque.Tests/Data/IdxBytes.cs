using System.Buffers.Binary;
using System.IO.Compression;

namespace Lapicque.Tests.Data;

/// <summary>
/// Writes IDX files by hand for tests, following the format description (shared/data/README.md): 00 00, type code,
/// rank, big-endian uint32 dimensions, big-endian elements. Independent of the reader under test.
/// </summary>
internal static class IdxBytes
{
    public static byte[] Header(byte typeCode, params int[] dims)
    {
        var bytes = new byte[4 + (4 * dims.Length)];
        bytes[2] = typeCode;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * d)), (uint)dims[d]);
        }

        return bytes;
    }

    public static byte[] UnsignedBytes(byte[] values, params int[] dims) => [.. Header(0x08, dims), .. values];

    public static byte[] SignedBytes(sbyte[] values, params int[] dims) => [.. Header(0x09, dims), .. values.Select(v => (byte)v)];

    public static byte[] Int16(short[] values, params int[] dims)
    {
        var payload = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(payload.AsSpan(2 * i), values[i]);
        }

        return [.. Header(0x0B, dims), .. payload];
    }

    public static byte[] Int32(int[] values, params int[] dims)
    {
        var payload = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4 * i), values[i]);
        }

        return [.. Header(0x0C, dims), .. payload];
    }

    public static byte[] Single(float[] values, params int[] dims)
    {
        var payload = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleBigEndian(payload.AsSpan(4 * i), values[i]);
        }

        return [.. Header(0x0D, dims), .. payload];
    }

    public static byte[] Double(double[] values, params int[] dims)
    {
        var payload = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleBigEndian(payload.AsSpan(8 * i), values[i]);
        }

        return [.. Header(0x0E, dims), .. payload];
    }

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    public static byte[] Gunzip(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
