using System.Buffers.Binary;
using System.Text.Json;
using Lapicque.IO;

namespace Lapicque.Tests.IO;

public class SafetensorsTests
{
    // A file assembled byte by byte from the format description: u64 LE header length, JSON header, data.
    private static byte[] Build(string header, params byte[] data)
    {
        var h = System.Text.Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    private static FileFormatException Rejects(byte[] bytes) =>
        Assert.Throws<FileFormatException>(() => SafetensorsFile.Parse(bytes, "bad.safetensors"));

    [Fact]
    public void HandBuiltFile_IsReadPerTheSpec()
    {
        // 1.0f = 0x3F800000, -2.0f = 0xC0000000 (little-endian); int32 7 and -1; int64 2^40; two bytes.
        byte[] data =
        [
            0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0,
            0x07, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F, // 1.0 as F64
            0x05, 0xFA,
        ];
        string header = """
            {"__metadata__":{"who":"hand"},
             "w":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},
             "i":{"dtype":"I32","shape":[2],"data_offsets":[8,16]},
             "l":{"dtype":"I64","shape":[],"data_offsets":[16,24]},
             "d":{"dtype":"F64","shape":[1],"data_offsets":[24,32]},
             "u":{"dtype":"U8","shape":[2,1],"data_offsets":[32,34]}}
            """;
        var file = SafetensorsFile.Parse(Build(header + "   ", data));
        Assert.Equal("hand", file.Metadata["who"]);
        Assert.Equal([1f, -2f], file.Get("w").ToFloats());
        Assert.Equal([1L, 2L], file.Get("w").Shape);
        Assert.Equal([7, -1], file.Get("i").ToInt32());
        Assert.Equal([1L << 40], file.Get("l").ToInt64());
        Assert.Empty(file.Get("l").Shape);
        Assert.Equal([1.0], file.Get("d").ToDoubles());
        Assert.Equal(new byte[] { 5, 250 }, file.Get("u").ToBytes());
    }

    [Fact]
    public void Writer_ProducesTheDocumentedLayout()
    {
        var file = new SafetensorsFile(
            [SafetensorsTensor.FromFloats("a", [1f, -2f]), SafetensorsTensor.FromInt32("b", [7], 1, 1)],
            new Dictionary<string, string> { ["k"] = "v" });
        var bytes = file.ToBytes();
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, (8 + n) % 8); // data section aligned to 8 bytes
        using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        var root = doc.RootElement;
        Assert.Equal("v", root.GetProperty("__metadata__").GetProperty("k").GetString());
        Assert.Equal("F32", root.GetProperty("a").GetProperty("dtype").GetString());
        Assert.Equal("[2]", root.GetProperty("a").GetProperty("shape").GetRawText());
        Assert.Equal("[0,8]", root.GetProperty("a").GetProperty("data_offsets").GetRawText());
        Assert.Equal("I32", root.GetProperty("b").GetProperty("dtype").GetString());
        Assert.Equal("[1,1]", root.GetProperty("b").GetProperty("shape").GetRawText());
        Assert.Equal("[8,12]", root.GetProperty("b").GetProperty("data_offsets").GetRawText());
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 7, 0, 0, 0 }, bytes[(8 + (int)n)..]);
    }

    [Fact]
    public void EveryDType_RoundTrips()
    {
        float[] f = [0f, -0f, 1.5f, float.MaxValue, float.Epsilon, float.NaN, float.NegativeInfinity];
        double[] d = [Math.PI, -1e-300, double.MaxValue, double.NaN];
        int[] i = [int.MinValue, -1, 0, int.MaxValue];
        long[] l = [long.MinValue, 1L << 53, long.MaxValue];
        byte[] u = [0, 1, 255];
        var file = new SafetensorsFile(
        [
            SafetensorsTensor.FromFloats("f", f, 7),
            SafetensorsTensor.FromDoubles("d", d, 2, 2),
            SafetensorsTensor.FromInt32("i", i),
            SafetensorsTensor.FromInt64("l", l),
            SafetensorsTensor.FromBytes("u", u, 3, 1, 1),
            SafetensorsTensor.FromFloats("empty", [], 0, 5),
        ]);
        var back = SafetensorsFile.Parse(file.ToBytes());
        Assert.Equal(f.Select(BitConverter.SingleToInt32Bits), back.Get("f").ToFloats().Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(d.Select(BitConverter.DoubleToInt64Bits), back.Get("d").ToDoubles().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal([2L, 2L], back.Get("d").Shape);
        Assert.Equal(i, back.Get("i").ToInt32());
        Assert.Equal(l, back.Get("l").ToInt64());
        Assert.Equal(u, back.Get("u").ToBytes());
        Assert.Equal([3L, 1L, 1L], back.Get("u").Shape);
        Assert.Equal([0L, 5L], back.Get("empty").Shape);
        Assert.Empty(back.Get("empty").ToFloats());
    }

    [Fact]
    public void WrongTypeAccess_Throws() =>
        Assert.Throws<InvalidOperationException>(() => SafetensorsTensor.FromInt32("x", [1]).ToFloats());

    [Fact]
    public void ShapeThatDoesNotMatchTheData_IsRejectedOnConstruction() =>
        Assert.Throws<ArgumentException>(() => SafetensorsTensor.FromFloats("x", [1f, 2f, 3f], 2, 2));

    [Fact]
    public void DuplicateNames_AreRejectedOnWrite() =>
        Assert.Throws<ArgumentException>(() => new SafetensorsFile([SafetensorsTensor.FromBytes("x", [1]), SafetensorsTensor.FromBytes("x", [2])]));

    private const string One = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";

    public static TheoryData<string, string, string> MalformedHeaders() => new()
    {
        { "[1,2]", "header", "must start with '{'" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""", "header", "not valid JSON" },
        { """{"a":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}}""", "$[\"a\"].dtype", "'BF16' is not supported" },
        { """{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "$[\"a\"]", "does not match" },
        { """{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}""", "$[\"a\"]", "does not match" },
        { """{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "$[\"a\"].shape[0]", "non-negative integer" },
        { """{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}""", "$[\"a\"]", "does not match" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}""", "$[\"a\"].data_offsets", "begin <= end <= 8" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", "$[\"a\"].data_offsets", "begin <= end" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}""", "$[\"a\"].data_offsets", "must have 2 entries" },
        { """{"a":{"dtype":"F32","shape":[2]}}""", "$[\"a\"].data_offsets", "missing" },
        { """{"a":{"shape":[2],"data_offsets":[0,8]}}""", "$[\"a\"].dtype", "missing" },
        { """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}""", "$[\"b\"].data_offsets", "overlaps" },
        { """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "$[\"a\"].data_offsets", "unused" },
        { """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "data", "tensors cover 4" },
        { """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "$[\"a\"]", "appears twice" },
        { """{"__metadata__":{"k":1},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "$[\"__metadata__\"][\"k\"]", "must be strings" },
        { """{"a":5}""", "$[\"a\"]", "must be an object" },
        { " " + One, "header", "must start with '{'" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void MalformedHeader_IsRejectedWithFileAndPlace(string header, string place, string problem)
    {
        var e = Rejects(Build(header, new byte[8]));
        Assert.Equal("bad.safetensors", e.File);
        Assert.Equal(place, e.JsonPath);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.StartsWith("bad.safetensors: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8Header_IsRejected()
    {
        var bytes = Build("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        bytes[10] = 0xFF; // inside the name "a"
        Assert.Equal("header", Rejects(bytes).JsonPath);
    }

    [Fact]
    public void DeeplyNestedHeader_IsRejected()
    {
        string deep = "{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}";
        Assert.Equal("header", Rejects(Build(deep)).JsonPath);
    }

    [Fact]
    public void EveryTruncation_IsRejected()
    {
        var good = new SafetensorsFile([SafetensorsTensor.FromFloats("w", [1f, 2f, 3f]), SafetensorsTensor.FromInt64("n", [5])]).ToBytes();
        for (int len = 0; len < good.Length; len++)
        {
            Rejects(good[..len]);
        }

        Assert.NotNull(SafetensorsFile.Parse(good));
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 40)]
    [InlineData(200_000_000UL)]
    public void HostileHeaderLength_IsRejectedWithoutAllocating(ulong claimed)
    {
        var bytes = Build(One, new byte[8]);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimed);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Rejects(bytes);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Equal("header length", e.JsonPath);
    }

    [Fact]
    public void TooShortHeaderLength_IsRejected()
    {
        var bytes = Build(One, new byte[8]);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1);
        Assert.Equal("header length", Rejects(bytes).JsonPath);
    }

    [Fact]
    public void Read_NamesTheFileAndReportsAMissingOne()
    {
        string dir = Directory.CreateTempSubdirectory("lapicque-st").FullName;
        try
        {
            string path = Path.Combine(dir, "x.safetensors");
            var e = Assert.Throws<FileFormatException>(() => SafetensorsFile.Read(path));
            Assert.Equal(path, e.File);
            File.WriteAllBytes(path, [1, 2, 3]);
            Assert.Contains("truncated", Assert.Throws<FileFormatException>(() => SafetensorsFile.Read(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
