using System.Buffers.Binary;
using System.IO.Compression;

namespace Lapicque.Plotting;

/// <summary>
/// Writes 8-bit grayscale or RGB PNG images (no interlacing, filter type 0 on every row, zlib from
/// System.IO.Compression), used to embed bitmaps (image grids, large heatmaps) in SVG and to save them on their own.
/// </summary>
public static class PngWriter
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes a <paramref name="width"/> x <paramref name="height"/> grayscale image, row-major, top row first.</summary>
    public static byte[] EncodeGray(int width, int height, ReadOnlySpan<byte> pixels) => Encode(width, height, pixels, 1);

    /// <summary>Encodes an RGB image (3 bytes per pixel, row-major, top row first).</summary>
    public static byte[] EncodeRgb(int width, int height, ReadOnlySpan<byte> rgb) => Encode(width, height, rgb, 3);

    /// <summary>The CRC-32 (ISO-HDLC polynomial 0xEDB88320, as in PNG and zlib) of <paramref name="data"/>.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data) => UpdateCrc(0xFFFFFFFFu, data) ^ 0xFFFFFFFFu;

    private static byte[] Encode(int width, int height, ReadOnlySpan<byte> pixels, int channels)
    {
        Check.That(width >= 1, nameof(width), ">= 1", width);
        Check.That(height >= 1, nameof(height), ">= 1", height);
        long expected = (long)width * height * channels;
        if (pixels.Length != expected)
        {
            throw new ArgumentException($"pixels.Length was {pixels.Length}; expected width * height * {channels} = {expected}.", nameof(pixels));
        }

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            int stride = width * channels;
            for (int r = 0; r < height; r++)
            {
                z.WriteByte(0);
                z.Write(pixels.Slice(r * stride, stride));
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                                // bit depth
        header[9] = (byte)(channels == 1 ? 0 : 2);    // colour type: grayscale or truecolour
        header[10] = 0;                               // deflate
        header[11] = 0;                               // adaptive filtering (all rows use type 0)
        header[12] = 0;                               // no interlace
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream s, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        s.Write(word);
        s.Write(type);
        s.Write(data);
        uint crc = UpdateCrc(UpdateCrc(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        s.Write(word);
    }

    private static uint UpdateCrc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
