using System.Buffers.Binary;
using Lapicque.Data;
using Lapicque.Numerics;

namespace Lapicque.Tests.Data;

public class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_UnsignedByteRank3_GivesShapeAndValuesAsWritten(bool gzip)
    {
        int[] dims = [3, 4, 5];
        byte[] values = Enumerable.Range(0, 60).Select(i => (byte)((i * 37) + 11)).ToArray();
        byte[] content = IdxBytes.UnsignedBytes(values, dims);
        using var temp = new TempFolder();
        string path = temp.File(gzip ? "x.idx.gz" : "x.idx");
        File.WriteAllBytes(path, gzip ? IdxBytes.Gzip(content) : content);

        IdxFile idx = IdxReader.Read(path);

        Assert.Equal(gzip, idx.WasCompressed);
        Assert.Equal(IdxElementType.UnsignedByte, idx.ElementType);
        Assert.Equal(dims, idx.Dimensions.ToArray());
        Assert.Equal(60, idx.ElementCount);
        Assert.Equal(values, idx.Bytes.ToArray());
        Assert.Equal(values.Select(v => (float)v).ToArray(), idx.ToSingleArray());
        Assert.Equal(values.Select(v => (int)v).ToArray(), idx.ToInt32Array());
        Tensor t = idx.ToTensor();
        Assert.Equal(dims, t.Shape.ToArray());
        Assert.Equal((float)values[(2 * 20) + (3 * 5) + 4], t[2, 3, 4]);
    }

    [Fact]
    public void Read_HandEncodedInt16_DecodesBigEndian()
    {
        // 00 00 0B 01 | 00 00 00 03 | 01 02 | FF FE | 80 00  ->  [0x0102 = 258, -2, -32768]
        byte[] file = [0x00, 0x00, 0x0B, 0x01, 0x00, 0x00, 0x00, 0x03, 0x01, 0x02, 0xFF, 0xFE, 0x80, 0x00];
        IdxFile idx = IdxReader.Read(file, "hand.idx");
        Assert.Equal(IdxElementType.Int16, idx.ElementType);
        Assert.Equal([258, -2, -32768], idx.ToInt32Array());
    }

    [Fact]
    public void Read_HandEncodedFloat32_DecodesBigEndian()
    {
        // 0x3FC00000 = 1.5f, 0xC1200000 = -10f (IEEE 754 single)
        byte[] file = [0x00, 0x00, 0x0D, 0x01, 0x00, 0x00, 0x00, 0x02, 0x3F, 0xC0, 0x00, 0x00, 0xC1, 0x20, 0x00, 0x00];
        Assert.Equal([1.5f, -10f], IdxReader.Read(file, "hand.idx").ToSingleArray());
    }

    public static IEnumerable<object[]> ElementTypes()
    {
        foreach (bool gzip in new[] { false, true })
        {
            yield return [IdxElementType.UnsignedByte, gzip];
            yield return [IdxElementType.SignedByte, gzip];
            yield return [IdxElementType.Int16, gzip];
            yield return [IdxElementType.Int32, gzip];
            yield return [IdxElementType.Single, gzip];
            yield return [IdxElementType.Double, gzip];
        }
    }

    [Theory]
    [MemberData(nameof(ElementTypes))]
    public void Read_EveryElementType_RoundTripsExtremeValues(IdxElementType type, bool gzip)
    {
        int[] dims = [2, 3];
        double[] expected;
        byte[] content;
        switch (type)
        {
            case IdxElementType.UnsignedByte:
                expected = [0, 1, 127, 128, 200, 255];
                content = IdxBytes.UnsignedBytes(expected.Select(v => (byte)v).ToArray(), dims);
                break;
            case IdxElementType.SignedByte:
                expected = [-128, -1, 0, 1, 100, 127];
                content = IdxBytes.SignedBytes(expected.Select(v => (sbyte)v).ToArray(), dims);
                break;
            case IdxElementType.Int16:
                expected = [short.MinValue, -300, -1, 0, 258, short.MaxValue];
                content = IdxBytes.Int16(expected.Select(v => (short)v).ToArray(), dims);
                break;
            case IdxElementType.Int32:
                expected = [int.MinValue, -70000, -1, 0, 0x01020304, int.MaxValue];
                content = IdxBytes.Int32(expected.Select(v => (int)v).ToArray(), dims);
                break;
            case IdxElementType.Single:
                expected = [float.MinValue, -1.5f, 0f, float.Epsilon, 3.25f, float.MaxValue];
                content = IdxBytes.Single(expected.Select(v => (float)v).ToArray(), dims);
                break;
            default:
                expected = [double.MinValue, -1.0 / 3.0, 0, double.Epsilon, Math.PI, 1e300];
                content = IdxBytes.Double(expected, dims);
                break;
        }

        IdxFile idx = IdxReader.Read(gzip ? IdxBytes.Gzip(content) : content, "synthetic");

        Assert.Equal(type, idx.ElementType);
        Assert.Equal(gzip, idx.WasCompressed);
        Assert.Equal(dims, idx.Dimensions.ToArray());
        Assert.Equal(expected, idx.ToDoubleArray());
        Assert.Equal(expected.Select(v => (float)v).ToArray(), idx.ToSingleArray());
        Assert.Equal(content.AsSpan(idx.Header.HeaderLength).ToArray(), idx.RawData.ToArray());
        if (type is IdxElementType.Single or IdxElementType.Double)
        {
            Assert.Throws<InvalidOperationException>(() => idx.ToInt32Array());
        }
        else
        {
            Assert.Equal(expected.Select(v => (int)v).ToArray(), idx.ToInt32Array());
        }
    }

    [Theory]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 2, 1, 3, 2 })]
    [InlineData(new[] { 1, 1, 1, 1, 1, 2 })]
    [InlineData(new[] { 4, 0, 3 })]
    public void Read_AnyRank_GivesDimensionsAndElementCount(int[] dims)
    {
        int n = dims.Aggregate(1, (a, b) => a * b);
        int[] values = Enumerable.Range(0, n).Select(i => (i * 1000003) - 5).ToArray();
        IdxFile idx = IdxReader.Read(IdxBytes.Int32(values, dims), "synthetic");
        Assert.Equal(dims, idx.Dimensions.ToArray());
        Assert.Equal(n, idx.ElementCount);
        Assert.Equal(4 + (4 * dims.Length), idx.Header.HeaderLength);
        Assert.Equal(values, idx.ToInt32Array());
    }

    [Fact]
    public void Read_GzipDetectedByMagicNotByName()
    {
        byte[] content = IdxBytes.UnsignedBytes([1, 2, 3], 3);
        using var temp = new TempFolder();
        string gzNamedPlain = temp.File("plain-name.idx");
        string plainNamedGz = temp.File("gz-name.idx.gz");
        File.WriteAllBytes(gzNamedPlain, IdxBytes.Gzip(content));
        File.WriteAllBytes(plainNamedGz, content);
        Assert.Equal([1, 2, 3], IdxReader.Read(gzNamedPlain).Bytes.ToArray());
        Assert.Equal([1, 2, 3], IdxReader.Read(plainNamedGz).Bytes.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadHeader_ReadsOnlyTheHeader(bool gzip)
    {
        // Header for 1000x28x28 but no data at all: ReadHeader must not care.
        byte[] content = IdxBytes.Header(0x08, 1000, 28, 28);
        using var temp = new TempFolder();
        string path = temp.File("h.idx");
        File.WriteAllBytes(path, gzip ? IdxBytes.Gzip(content) : content);
        IdxHeader header = IdxReader.ReadHeader(path);
        Assert.Equal([1000, 28, 28], header.Dimensions.ToArray());
        Assert.Equal(16 + 784000, header.TotalLength);
        Assert.Equal("1000x28x28", header.ShapeText);
    }

    [Fact]
    public void Read_MissingFile_NotFoundNamingThePath()
    {
        using var temp = new TempFolder();
        string path = temp.File("nope-idx3-ubyte.gz");
        var e = Assert.Throws<DatasetNotFoundException>(() => IdxReader.Read(path));
        Assert.Equal(DatasetProblem.Missing, e.Problem);
        Assert.Contains(path, e.Message);
        Assert.Contains("LAPICQUE_DATA", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_EmptyFile_Truncated(bool gzip)
    {
        byte[] file = gzip ? IdxBytes.Gzip([]) : [];
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(file, "empty.idx"));
        Assert.Equal(DatasetProblem.Truncated, e.Problem);
        Assert.StartsWith("empty.idx: ", e.Message);
        Assert.Contains("found 0", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_TruncatedHeader_SaysExpectedAndFoundBytes(bool gzip)
    {
        byte[] content = IdxBytes.Header(0x08, 10, 28, 28)[..10];
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(gzip ? IdxBytes.Gzip(content) : content, "h.idx"));
        Assert.Equal(DatasetProblem.Truncated, e.Problem);
        Assert.Contains("expected 16 bytes", e.Message);
        Assert.Contains("found 10", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_TruncatedData_SaysExpectedAndFoundBytes(bool gzip)
    {
        byte[] content = IdxBytes.UnsignedBytes(new byte[2 * 28 * 28], 2, 28, 28)[..1000];
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(gzip ? IdxBytes.Gzip(content) : content, "images.idx"));
        Assert.Equal(DatasetProblem.Truncated, e.Problem);
        Assert.Contains("expected 1584 bytes", e.Message); // 16 + 2*28*28
        Assert.Contains("found 1000", e.Message);
        Assert.Contains("2x28x28 ubyte", e.Message);
    }

    [Fact]
    public void Read_GzipStreamCutShort_TypedErrorNamingTheFile()
    {
        var rng = new Rng(3);
        byte[] values = new byte[5000];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (byte)rng.NextInt(256);
        }

        byte[] gz = IdxBytes.Gzip(IdxBytes.UnsignedBytes(values, 50, 100));
        foreach (int keep in new[] { 2, 5, 12, gz.Length / 3, gz.Length / 2, gz.Length - 9, gz.Length - 1 })
        {
            var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(gz[..keep], "cut.gz"));
            Assert.True(e.Problem is DatasetProblem.Truncated or DatasetProblem.CorruptCompression, $"keep {keep}: {e.Problem}: {e.Message}");
            Assert.StartsWith("cut.gz: ", e.Message);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_TrailingData_Rejected(bool gzip)
    {
        byte[] content = [.. IdxBytes.UnsignedBytes([1, 2, 3, 4], 4), 9, 9];
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(gzip ? IdxBytes.Gzip(content) : content, "long.idx"));
        Assert.Equal(DatasetProblem.TrailingData, e.Problem);
        Assert.Contains("expected 12 bytes", e.Message); // 8-byte header + 4 elements
        if (!gzip)
        {
            Assert.Contains("found 14", e.Message);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1, 0 }, "12345678")]
    [InlineData(new byte[] { 0x00, 0x01, 0x08, 0x01, 0, 0, 0, 1, 0 }, "00010801")]
    [InlineData(new byte[] { 0x00, 0x00, 0x0A, 0x01, 0, 0, 0, 1, 0 }, "00000A01")]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 1, 0 }, "504B0304")]
    public void Read_BadMagic_ShowsTheBytesAndTheExpectedForm(byte[] file, string shown)
    {
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(file, "bad.idx"));
        Assert.Equal(DatasetProblem.BadMagic, e.Problem);
        Assert.Contains(shown, e.Message);
        Assert.Contains("1F 8B", e.Message);
    }

    [Fact]
    public void Read_ZeroRank_BadHeader()
    {
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read([0, 0, 0x08, 0], "r0.idx"));
        Assert.Equal(DatasetProblem.BadHeader, e.Problem);
        Assert.Contains("0 dimensions", e.Message);
    }

    [Fact]
    public void Read_DimensionAbove31Bits_BadHeader()
    {
        byte[] file = [0, 0, 0x08, 1, 0x80, 0, 0, 0];
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(file, "big.idx"));
        Assert.Equal(DatasetProblem.BadHeader, e.Problem);
        Assert.Contains("2147483648", e.Message);
    }

    [Theory]
    [InlineData(false, 0x7FFF_FFFF, 0x7FFF_FFFF, DatasetProblem.BadHeader)]
    [InlineData(true, 0x7FFF_FFFF, 0x7FFF_FFFF, DatasetProblem.BadHeader)]
    [InlineData(false, 40_000, 40_000, DatasetProblem.Truncated)]
    [InlineData(true, 40_000, 40_000, DatasetProblem.Truncated)]
    public void Read_HugeDeclaredSize_RejectedWithoutAllocatingIt(bool gzip, int rows, int columns, DatasetProblem problem)
    {
        byte[] content = [.. IdxBytes.Header(0x08, rows, columns), 1, 2, 3];
        byte[] file = gzip ? IdxBytes.Gzip(content) : content;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(file, "huge.idx"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(problem, e.Problem);
        Assert.True(allocated < 4_000_000, $"allocated {allocated} bytes for a {file.Length}-byte file");
    }

    [Fact]
    public void Read_CorruptDeflateData_CorruptCompression()
    {
        var rng = new Rng(11);
        byte[] values = new byte[20_000];
        rng.FillUniform(new float[1]);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (byte)(i % 251 < 100 ? rng.NextInt(4) : 0);
        }

        byte[] gz = IdxBytes.Gzip(IdxBytes.UnsignedBytes(values, 100, 200));
        int corrupt = 0;
        for (int trial = 0; trial < 20; trial++)
        {
            byte[] bad = (byte[])gz.Clone();
            int at = 12 + rng.NextInt(bad.Length - 20);
            bad[at] ^= (byte)(1 + rng.NextInt(255));
            try
            {
                IdxReader.Read(bad, "flip.gz");
                Assert.Fail($"a byte flip at {at} was not detected");
            }
            catch (DatasetFormatException e)
            {
                Assert.StartsWith("flip.gz: ", e.Message);
                corrupt += e.Problem == DatasetProblem.CorruptCompression ? 1 : 0;
            }
        }

        Assert.True(corrupt > 0);
    }

    [Fact]
    public void Read_WrongCrcInGzipTrailer_CorruptCompression()
    {
        byte[] gz = IdxBytes.Gzip(IdxBytes.UnsignedBytes([1, 2, 3, 4, 5, 6], 2, 3));
        gz[^8] ^= 0xFF; // first byte of the CRC-32 of the trailer
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(gz, "crc.gz"));
        Assert.Equal(DatasetProblem.CorruptCompression, e.Problem);
    }

    [Fact]
    public void Read_RandomDamage_NeverAnythingButADatasetError()
    {
        var rng = new Rng(2024);
        byte[] raw = IdxBytes.Int16(Enumerable.Range(0, 300).Select(i => (short)(i * 97)).ToArray(), 10, 30);
        byte[] gz = IdxBytes.Gzip(raw);
        foreach (byte[] original in new[] { raw, gz })
        {
            for (int trial = 0; trial < 300; trial++)
            {
                byte[] bad = original[..(trial % 3 == 0 ? rng.NextInt(original.Length) : original.Length)];
                int flips = rng.NextInt(4);
                for (int f = 0; f < flips && bad.Length > 0; f++)
                {
                    bad[rng.NextInt(bad.Length)] = (byte)rng.NextInt(256);
                }

                try
                {
                    IdxFile idx = IdxReader.Read(bad, "fuzz");
                    // Survivors are well-formed: the size agrees with the header.
                    Assert.Equal(idx.Header.PayloadLength, idx.RawData.Length);
                }
                catch (DatasetFormatException e)
                {
                    Assert.StartsWith("fuzz: ", e.Message);
                }
            }
        }
    }
}
