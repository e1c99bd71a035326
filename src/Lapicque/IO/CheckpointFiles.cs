namespace Lapicque.IO;

/// <summary>Atomic file replacement shared by checkpoints and run folders.</summary>
internal static class CheckpointFiles
{
    /// <summary>
    /// Writes <paramref name="path"/> atomically: <paramref name="write"/> fills a temporary file in the same folder,
    /// which is flushed to disk and then renamed over <paramref name="path"/>. Readers therefore see either the old
    /// file or the complete new one; if <paramref name="write"/> throws, the old file is untouched and the temporary
    /// file is removed.
    /// </summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) atomically.</summary>
    public static void WriteTextAtomically(string path, string text)
    {
        var bytes = new System.Text.UTF8Encoding(false).GetBytes(text);
        WriteAtomically(path, s => s.Write(bytes));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stale temporary file is harmless, the target was never replaced.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
