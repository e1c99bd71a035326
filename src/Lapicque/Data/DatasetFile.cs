using System.Security.Cryptography;

namespace Lapicque.Data;

/// <summary>File access shared by the dataset readers: every I/O fault becomes a <see cref="DatasetException"/>.</summary>
internal static class DatasetFile
{
    /// <summary>True when the bytes start with the gzip magic 1F 8B.</summary>
    public static bool IsGzip(ReadOnlySpan<byte> bytes) => bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B;

    /// <summary>Reads a whole file; a missing file gives <see cref="DatasetNotFoundException"/>, any other fault <see cref="DatasetFormatException"/>.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new DatasetFormatException(path, DatasetProblem.Unreadable, $"cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Opens a file for reading, with the same error mapping as <see cref="ReadAllBytes"/>.</summary>
    public static FileStream OpenRead(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new DatasetFormatException(path, DatasetProblem.Unreadable, $"cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The first of <paramref name="names"/> that exists in <paramref name="folder"/>, or null.</summary>
    public static string? FindFirst(string folder, IEnumerable<string> names)
    {
        foreach (string name in names)
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="bytes"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static DatasetNotFoundException NotFound(string path) =>
        new(path, $"File not found: {path}. {DataDirectory.Hint}");
}
