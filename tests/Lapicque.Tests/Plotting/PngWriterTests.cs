using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Lapicque.Plotting;

namespace Lapicque.Tests.Plotting;

public class PngWriterTests
{
    [Fact]
    public void Crc32_MatchesTheStandardCheckValue()
    {
        // The CRC-32/ISO-HDLC check value of "123456789" (used by PNG, zlib, gzip).
        Assert.Equal(0xCBF43926u, PngWriter.Crc32(System.Text.Encoding.ASCII.GetBytes("123456789")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Encode_WritesValidChunks_AndTheScanlinesInflateBackToThePixels(int channels)
    {
        const int w = 5, h = 3;
        var pixels = new byte[w * h * channels];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 17);
        }

        byte[] png = channels == 1 ? PngWriter.EncodeGray(w, h, pixels) : PngWriter.EncodeRgb(w, h, pixels);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        int p = 8;
        while (p < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(p));
            string type = System.Text.Encoding.ASCII.GetString(png, p + 4, 4);
            byte[] data = png.AsSpan(p + 8, length).ToArray();
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(p + 8 + length));
            Assert.Equal(PngWriter.Crc32(png.AsSpan(p + 4, 4 + length)), crc);
            chunks.Add((type, data));
            p += 12 + length;
        }

        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type).ToArray());
        var ihdr = chunks[0].Data;
        Assert.Equal(w, BinaryPrimitives.ReadInt32BigEndian(ihdr));
        Assert.Equal(h, BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)));
        Assert.Equal(8, ihdr[8]);
        Assert.Equal(channels == 1 ? 0 : 2, ihdr[9]);

        using var z = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        byte[] scan = raw.ToArray();
        int stride = w * channels;
        Assert.Equal(h * (stride + 1), scan.Length);
        for (int r = 0; r < h; r++)
        {
            Assert.Equal(0, scan[r * (stride + 1)]);
            Assert.Equal(pixels.AsSpan(r * stride, stride).ToArray(), scan.AsSpan((r * (stride + 1)) + 1, stride).ToArray());
        }
    }

    [Fact]
    public void Encode_WrongPixelCount_NamesTheExpectedLength()
    {
        var e = Assert.Throws<ArgumentException>(() => PngWriter.EncodeGray(4, 4, new byte[15]));
        Assert.Contains("was 15", e.Message, StringComparison.Ordinal);
        Assert.Contains("16", e.Message, StringComparison.Ordinal);
    }
}
