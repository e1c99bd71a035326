using System.Globalization;
using System.Text.Json;

namespace Lapicque.IO;

/// <summary>
/// A JSON value that knows its path in the document, so that every read error names the path, the expected type and what
/// was found. Thin wrapper over <see cref="JsonElement"/>.
/// </summary>
public readonly struct JsonValue
{
    /// <summary>Wraps <paramref name="element"/> found at <paramref name="path"/> of <paramref name="file"/>.</summary>
    public JsonValue(JsonElement element, string path, string? file)
    {
        Element = element;
        Path = path;
        File = file;
    }

    /// <summary>The underlying element.</summary>
    public JsonElement Element { get; }

    /// <summary>The JSON path, for example "$.populations[0].size".</summary>
    public string Path { get; }

    /// <summary>The file name used in messages.</summary>
    public string? File { get; }

    /// <summary>The JSON kind.</summary>
    public JsonValueKind Kind => Element.ValueKind;

    /// <summary>Parses a document; syntax errors become <see cref="FileFormatException"/> with line and position.</summary>
    public static JsonDocument Parse(string text, string? file)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FileFormatException(file, $"line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}", "not valid JSON: " + e.Message.Split(" LineNumber")[0], e);
        }
    }

    /// <summary>Reads a JSON file's text; a file that cannot be read becomes a <see cref="FileFormatException"/> at "$".</summary>
    public static string ReadText(string path)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileFormatException(path, "$", $"cannot read the file: {e.Message}", e);
        }
    }

    /// <summary>An error about this value.</summary>
    public FileFormatException Error(string problem) => new(File, Path, problem);

    /// <summary>The required member <paramref name="name"/> of this object.</summary>
    public JsonValue Get(string name)
    {
        RequireObject();
        return Element.TryGetProperty(name, out var e)
            ? new JsonValue(e, Path + "." + name, File)
            : throw new FileFormatException(File, Path, $"missing required field '{name}'.");
    }

    /// <summary>The optional member <paramref name="name"/>, or null when absent or JSON null.</summary>
    public JsonValue? Optional(string name)
    {
        RequireObject();
        return Element.TryGetProperty(name, out var e) && e.ValueKind != JsonValueKind.Null ? new JsonValue(e, Path + "." + name, File) : null;
    }

    /// <summary>Fails when the object has a member not in <paramref name="known"/> (catches misspelt fields).</summary>
    public void AllowOnly(params string[] known)
    {
        RequireObject();
        foreach (var p in Element.EnumerateObject())
        {
            if (Array.IndexOf(known, p.Name) < 0)
            {
                throw new FileFormatException(File, Path + "." + p.Name, $"unknown field; expected one of: {string.Join(", ", known)}.");
            }
        }
    }

    /// <summary>The members of this object.</summary>
    public IEnumerable<(string Name, JsonValue Value)> Members()
    {
        RequireObject();
        var path = Path;
        var file = File;
        return Element.EnumerateObject().Select(p => (p.Name, new JsonValue(p.Value, path + "." + p.Name, file))).ToArray();
    }

    /// <summary>The items of this array.</summary>
    public JsonValue[] Items()
    {
        if (Kind != JsonValueKind.Array)
        {
            throw Error($"expected an array; was {Describe()}.");
        }

        var items = new JsonValue[Element.GetArrayLength()];
        int i = 0;
        foreach (var e in Element.EnumerateArray())
        {
            items[i] = new JsonValue(e, $"{Path}[{i}]", File);
            i++;
        }

        return items;
    }

    /// <summary>This value as a string.</summary>
    public string String() => Kind == JsonValueKind.String ? Element.GetString()! : throw Error($"expected a string; was {Describe()}.");

    /// <summary>This value as a finite number.</summary>
    public double Number()
    {
        if (Kind != JsonValueKind.Number || !Element.TryGetDouble(out double d) || !double.IsFinite(d))
        {
            throw Error($"expected a number; was {Describe()}.");
        }

        return d;
    }

    /// <summary>This value as a number in [low, high].</summary>
    public double Number(double low, double high)
    {
        double d = Number();
        return d >= low && d <= high ? d : throw Error($"expected a number in [{Format(low)}, {Format(high)}]; was {Format(d)}.");
    }

    /// <summary>This value as a number &gt; 0.</summary>
    public double Positive()
    {
        double d = Number();
        return d > 0 ? d : throw Error($"expected a number > 0; was {Format(d)}.");
    }

    /// <summary>This value as a number &gt;= 0.</summary>
    public double NonNegative()
    {
        double d = Number();
        return d >= 0 ? d : throw Error($"expected a number >= 0; was {Format(d)}.");
    }

    /// <summary>This value as an integer in [low, high].</summary>
    public long Integer(long low = long.MinValue, long high = long.MaxValue)
    {
        if (Kind != JsonValueKind.Number || !Element.TryGetInt64(out long v))
        {
            throw Error($"expected an integer; was {Describe()}.");
        }

        return v >= low && v <= high ? v : throw Error($"expected an integer in [{low}, {high}]; was {v}.");
    }

    /// <summary>This value as a boolean.</summary>
    public bool Boolean() => Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"expected true or false; was {Describe()}."),
    };

    /// <summary>This value as an array of numbers.</summary>
    public double[] Numbers() => Items().Select(v => v.Number()).ToArray();

    /// <summary>This value as an array of floats.</summary>
    public float[] Floats() => Items().Select(v => (float)v.Number()).ToArray();

    /// <summary>This value as an array of integers in [low, high].</summary>
    public int[] Integers(int low = int.MinValue, int high = int.MaxValue) => Items().Select(v => (int)v.Integer(low, high)).ToArray();

    /// <summary>A short description of the value for messages: its kind and, for scalars, its text.</summary>
    public string Describe() => Kind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(Element.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => Element.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => $"an array of {Element.GetArrayLength()}",
        JsonValueKind.Object => "an object",
        _ => Kind.ToString(),
    };

    private void RequireObject()
    {
        if (Kind != JsonValueKind.Object)
        {
            throw Error($"expected an object; was {Describe()}.");
        }
    }

    private static string Format(double d) => d.ToString("G6", CultureInfo.InvariantCulture);

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
