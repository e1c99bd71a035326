using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace Lapicque.IO;

/// <summary>
/// A safetensors file: named tensors and an optional string-to-string metadata map.
/// <para>
/// Layout (https://github.com/huggingface/safetensors): an unsigned 64-bit little-endian header length N; N bytes of
/// UTF-8 JSON (possibly padded with spaces) mapping each tensor name to
/// <c>{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}</c>, plus an optional
/// <c>"__metadata__": {"key": "value"}</c>; then the data section, where each tensor's row-major little-endian bytes
/// lie at [begin, end) relative to the start of the section. The tensors must cover the data section exactly, without
/// gaps or overlaps.
/// </para>
/// <para>
/// The reader checks every one of these rules and reports a violation as a <see cref="FileFormatException"/> naming
/// the file, the header entry and the problem; it never allocates more than the file's own size.
/// </para>
/// </summary>
public sealed class SafetensorsFile
{
    private readonly SafetensorsTensor[] _tensors;
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    /// <summary>Creates a file from tensors (written in the given order) and metadata. Throws on duplicate names.</summary>
    public SafetensorsFile(IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        _tensors = tensors.ToArray();
        _byName = new Dictionary<string, SafetensorsTensor>(StringComparer.Ordinal);
        foreach (var t in _tensors)
        {
            if (!_byName.TryAdd(t.Name, t))
            {
                throw new ArgumentException($"Tensor name '{t.Name}' is used twice; names must be unique.", nameof(tensors));
            }
        }

        Metadata = metadata is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
    }

    /// <summary>The tensors in data-section order.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors => _tensors;

    /// <summary>The "__metadata__" map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The file name used in error messages (set by the reader), or null.</summary>
    public string? FileName { get; private init; }

    /// <summary>The tensor named <paramref name="name"/>, or null.</summary>
    public SafetensorsTensor? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The tensor named <paramref name="name"/>; a missing tensor is a <see cref="FileFormatException"/>.</summary>
    public SafetensorsTensor Get(string name) =>
        Find(name) ?? throw new FileFormatException(FileName, Path(name), "missing required tensor.");

    /// <summary>SHA-256 of the data section (the tensors' bytes in order), as lower-case hex.</summary>
    public string DataSha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var t in _tensors)
        {
            hash.AppendData(t.Data);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The complete file as bytes.</summary>
    public byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        WriteTo(ms);
        return ms.ToArray();
    }

    /// <summary>Writes the file to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        var header = Header();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var t in _tensors)
        {
            stream.Write(t.Data);
        }
    }

    /// <summary>Writes the file atomically (temporary file in the same folder, flushed to disk, renamed over).</summary>
    public void Save(string path) => CheckpointFiles.WriteAtomically(path, WriteTo);

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    public static SafetensorsFile Read(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long length = stream.Length;
            if (length > Array.MaxLength)
            {
                throw new FileFormatException(path, "file", $"is {length} bytes; files over {Array.MaxLength} bytes are not supported.");
            }

            // The allocation is bounded by the real file size, whatever the header claims.
            bytes = new byte[length];
            stream.ReadExactly(bytes);
        }
        catch (FileNotFoundException e)
        {
            throw new FileFormatException(path, "file", "does not exist.", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new FileFormatException(path, "file", "does not exist (no such folder).", e);
        }
        catch (EndOfStreamException e)
        {
            throw new FileFormatException(path, "file", "shrank while being read.", e);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses and validates a complete file held in <paramref name="bytes"/>; <paramref name="file"/> names it in errors.</summary>
    public static SafetensorsFile Parse(ReadOnlySpan<byte> bytes, string? file = null)
    {
        if (bytes.Length < 8)
        {
            throw new FileFormatException(file, "header length", $"file is {bytes.Length} bytes; expected at least 8 (the header length) - truncated?");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        long available = bytes.Length - 8L;
        if (headerLength > (ulong)available)
        {
            throw new FileFormatException(file, "header length", $"says {headerLength} bytes but only {available} follow - truncated or not a safetensors file.");
        }

        if (headerLength > Safetensors.MaxHeaderBytes)
        {
            throw new FileFormatException(file, "header length", $"is {headerLength} bytes; at most {Safetensors.MaxHeaderBytes} are accepted.");
        }

        if (headerLength < 2)
        {
            throw new FileFormatException(file, "header length", $"is {headerLength} bytes; a JSON object needs at least 2.");
        }

        var headerBytes = bytes.Slice(8, (int)headerLength);
        var data = bytes[(8 + (int)headerLength)..];
        if (headerBytes[0] != (byte)'{')
        {
            throw new FileFormatException(file, "header", $"must start with '{{'; was byte 0x{headerBytes[0]:x2}.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(headerBytes))
        {
            throw new FileFormatException(file, "header", "is not valid UTF-8.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(headerBytes.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new FileFormatException(file, "header", "is not valid JSON: " + e.Message.Split(" LineNumber")[0], e);
        }

        using (doc)
        {
            return FromHeader(doc.RootElement, data, file);
        }
    }

    private static SafetensorsFile FromHeader(JsonElement root, ReadOnlySpan<byte> data, string? file)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FileFormatException(file, "$", $"header must be a JSON object; was {root.ValueKind}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string Name, SafetensorsDType DType, long[] Shape, long Begin, long End)>();
        foreach (var member in root.EnumerateObject())
        {
            string path = Path(member.Name);
            if (!seen.Add(member.Name))
            {
                throw new FileFormatException(file, path, "appears twice in the header.");
            }

            if (member.Name == Safetensors.MetadataKey)
            {
                ReadMetadata(member.Value, metadata, file);
                continue;
            }

            entries.Add(ReadEntry(member.Name, member.Value, data.Length, file));
        }

        // The tensors must tile the data section: sorted by offset, each starts where the previous ended.
        var order = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToArray();
        long position = 0;
        foreach (var e in order)
        {
            if (e.Begin < position)
            {
                throw new FileFormatException(file, Path(e.Name) + ".data_offsets", $"[{e.Begin}, {e.End}] overlaps the previous tensor, which ends at {position}.");
            }

            if (e.Begin > position)
            {
                throw new FileFormatException(file, Path(e.Name) + ".data_offsets", $"[{e.Begin}, {e.End}] leaves bytes [{position}, {e.Begin}) of the data section unused.");
            }

            position = e.End;
        }

        if (position != data.Length)
        {
            throw new FileFormatException(file, "data", $"section is {data.Length} bytes but the tensors cover {position}.");
        }

        var tensors = new SafetensorsTensor[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            var e = order[i];
            tensors[i] = new SafetensorsTensor(e.Name, e.DType, e.Shape, data[(int)e.Begin..(int)e.End].ToArray());
        }

        return new SafetensorsFile(tensors, metadata) { FileName = file };
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string? file)
    {
        string path = Path(Safetensors.MetadataKey);
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FileFormatException(file, path, $"must be an object of strings; was {value.ValueKind}.");
        }

        foreach (var m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
            {
                throw new FileFormatException(file, $"{path}[\"{m.Name}\"]", $"metadata values must be strings; was {m.Value.ValueKind}.");
            }

            if (!metadata.TryAdd(m.Name, m.Value.GetString()!))
            {
                throw new FileFormatException(file, $"{path}[\"{m.Name}\"]", "appears twice.");
            }
        }
    }

    private static (string, SafetensorsDType, long[], long, long) ReadEntry(string name, JsonElement value, long dataLength, string? file)
    {
        string path = Path(name);
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new FileFormatException(file, path, $"must be an object with dtype, shape and data_offsets; was {value.ValueKind}.");
        }

        if (!value.TryGetProperty("dtype", out var dtypeValue) || dtypeValue.ValueKind != JsonValueKind.String)
        {
            throw new FileFormatException(file, path + ".dtype", "missing or not a string.");
        }

        string dtypeName = dtypeValue.GetString()!;
        if (!Safetensors.TryParse(dtypeName, out var dtype))
        {
            throw new FileFormatException(file, path + ".dtype", $"'{dtypeName}' is not supported; expected F32, F64, I32, I64 or U8.");
        }

        var shape = Integers(value, "shape", path, file, exactCount: null);
        var offsets = Integers(value, "data_offsets", path, file, exactCount: 2);
        long begin = offsets[0], end = offsets[1];
        if (begin > end || end > dataLength)
        {
            throw new FileFormatException(file, path + ".data_offsets", $"[{begin}, {end}] must satisfy begin <= end <= {dataLength} (the data section size).");
        }

        long? count = Safetensors.ElementCount(shape);
        long size = Safetensors.ElementSize(dtype);
        if (count is null || count > (end - begin) / size || count * size != end - begin)
        {
            throw new FileFormatException(file, path, $"dtype {dtypeName} with shape [{string.Join(", ", shape)}] does not match the {end - begin} bytes of data_offsets [{begin}, {end}].");
        }

        return (name, dtype, shape, begin, end);
    }

    private static long[] Integers(JsonElement entry, string field, string path, string? file, int? exactCount)
    {
        if (!entry.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw new FileFormatException(file, $"{path}.{field}", "missing or not an array.");
        }

        int n = array.GetArrayLength();
        if (exactCount is { } k && n != k)
        {
            throw new FileFormatException(file, $"{path}.{field}", $"must have {k} entries; had {n}.");
        }

        if (n > 64)
        {
            throw new FileFormatException(file, $"{path}.{field}", $"has {n} entries; at most 64 dimensions are accepted.");
        }

        var result = new long[n];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v) || v < 0)
            {
                throw new FileFormatException(file, $"{path}.{field}[{i}]", $"must be a non-negative integer; was {item.GetRawText()}.");
            }

            result[i++] = v;
        }

        return result;
    }

    private byte[] Header()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            if (Metadata.Count > 0)
            {
                w.WriteStartObject(Safetensors.MetadataKey);
                foreach ((string key, string value) in Metadata)
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            }

            long offset = 0;
            foreach (var t in _tensors)
            {
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", Safetensors.Name(t.DType));
                w.WriteStartArray("shape");
                foreach (long d in t.Shape)
                {
                    w.WriteNumberValue(d);
                }

                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset += t.Data.Length;
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        // Pad with spaces so the data section starts on an 8-byte boundary, as the reference writer does.
        while ((ms.Length + 8) % 8 != 0)
        {
            ms.WriteByte((byte)' ');
        }

        return ms.ToArray();
    }

    private static string Path(string tensor) => "$[\"" + tensor + "\"]";
}
