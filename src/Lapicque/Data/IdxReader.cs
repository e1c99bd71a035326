using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Lapicque.Data;

/// <summary>
/// Reads IDX files (the MNIST format): any element type (ubyte 0x08, sbyte 0x09, int16 0x0B, int32 0x0C,
/// float32 0x0D, float64 0x0E), any number of dimensions, big-endian header and data, gzip-compressed or not
/// (recognised by the gzip magic bytes 1F 8B, whatever the file name).
/// </summary>
/// <remarks>
/// A malformed file raises <see cref="DatasetFormatException"/> whose message names the file and the fault:
/// truncated (expected N bytes, found M), trailing data, bad magic, an impossible header, or a corrupt gzip stream
/// (bad deflate data, a failed CRC-32 or length check). Memory is bounded before anything large is allocated:
/// a raw file is checked against its length, and a gzip file cannot declare more data than deflate's maximum
/// expansion of its compressed size, so a corrupt header cannot make the reader allocate gigabytes.
/// A gzip file must end with its trailer (CRC-32 and length), which zlib checks; a file cut inside the trailer is
/// reported as truncated. Files of several concatenated gzip members are not supported (IDX files are single-member).
/// </remarks>
public static class IdxReader
{
    // Deflate expands at most about 1032:1 (one 258-byte match per 2-bit code); 1100 leaves room for headers.
    private const long MaxGzipExpansion = 1100;

    /// <summary>Reads the IDX file at <paramref name="path"/>, gzip-compressed or not.</summary>
    /// <exception cref="DatasetNotFoundException">The file does not exist.</exception>
    /// <exception cref="DatasetFormatException">The file cannot be read, or is truncated or malformed.</exception>
    public static IdxFile Read(string path) => Read(DatasetFile.ReadAllBytes(path), path);

    /// <summary>Reads an IDX file held in memory (gzip-compressed or not); <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="DatasetFormatException">The bytes are truncated or malformed.</exception>
    public static IdxFile Read(byte[] fileBytes, string source)
    {
        ArgumentNullException.ThrowIfNull(fileBytes);
        ArgumentNullException.ThrowIfNull(source);
        bool compressed = DatasetFile.IsGzip(fileBytes);
        using var file = new MemoryStream(fileBytes, writable: false);
        using Stream content = compressed ? new GZipStream(file, CompressionMode.Decompress) : file;
        var cursor = new Cursor(content, source, compressed);
        var (header, headerBytes) = ReadHeader(cursor, fileBytes.Length);

        long expected = header.TotalLength;
        string layout = header.Describe();
        if (!compressed)
        {
            // The raw length is known, so size faults are reported exactly and before any allocation.
            if (fileBytes.Length < expected)
            {
                throw Truncated(source, expected, fileBytes.Length, layout, compressed);
            }

            if (fileBytes.Length > expected)
            {
                throw new DatasetFormatException(source, DatasetProblem.TrailingData, Invariant(
                    $"the file is longer than its header declares: expected {expected} bytes ({layout}), found {fileBytes.Length}."));
            }
        }
        else if (header.PayloadLength > (MaxGzipExpansion * fileBytes.Length) + 1024)
        {
            throw new DatasetFormatException(source, DatasetProblem.Truncated, Invariant(
                $"truncated or corrupt header: it declares {expected} bytes of IDX data ({layout}), more than a gzip file of {fileBytes.Length} bytes can hold."));
        }

        var payload = GC.AllocateUninitializedArray<byte>((int)header.PayloadLength); // filled below or rejected
        int got = cursor.Fill(payload);
        if (got < payload.Length)
        {
            throw Truncated(source, expected, header.HeaderLength + (long)got, layout, compressed);
        }

        // Reading past the end also makes the gzip stream check its CRC-32 and length trailer.
        Span<byte> probe = stackalloc byte[1];
        if (cursor.Fill(probe) != 0)
        {
            throw new DatasetFormatException(source, DatasetProblem.TrailingData, Invariant(
                $"the decompressed data is longer than its header declares: expected {expected} bytes ({layout}), found more."));
        }

        if (compressed)
        {
            CheckGzipTrailer(fileBytes, expected, source);
        }

        return new IdxFile(source, header, headerBytes, payload, compressed);
    }

    /// <summary>Reads only the header of the IDX file at <paramref name="path"/> (decompressing just its start if it is gzip).</summary>
    /// <exception cref="DatasetNotFoundException">The file does not exist.</exception>
    /// <exception cref="DatasetFormatException">The header is truncated or malformed.</exception>
    public static IdxHeader ReadHeader(string path)
    {
        using FileStream file = DatasetFile.OpenRead(path);
        Span<byte> first = stackalloc byte[2];
        int n = file.ReadAtLeast(first, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool compressed = n == 2 && DatasetFile.IsGzip(first);
        using Stream content = compressed ? new GZipStream(file, CompressionMode.Decompress) : file;
        return ReadHeader(new Cursor(content, path, compressed), file.Length).Header;
    }

    private static (IdxHeader Header, byte[] HeaderBytes) ReadHeader(Cursor cursor, long fileLength)
    {
        string source = cursor.Source;
        var magic = new byte[4];
        int got = cursor.Fill(magic);
        if (got < 4)
        {
            throw new DatasetFormatException(source, DatasetProblem.Truncated, Invariant(
                $"truncated: expected at least 4 bytes for the IDX magic number, found {got}{(cursor.Compressed ? " after decompression" : "")}."));
        }

        if (magic[0] != 0 || magic[1] != 0 || !Enum.IsDefined((IdxElementType)magic[2]))
        {
            throw new DatasetFormatException(source, DatasetProblem.BadMagic, Invariant(
                $"bad magic number {Convert.ToHexString(magic)}: an IDX file starts with 00 00, an element type code (08 ubyte, 09 sbyte, 0B int16, 0C int32, 0D float32, 0E float64) and the number of dimensions{(cursor.Compressed ? "" : "; a gzip-compressed one starts with 1F 8B")}."));
        }

        var type = (IdxElementType)magic[2];
        int rank = magic[3];
        if (rank == 0)
        {
            throw new DatasetFormatException(source, DatasetProblem.BadHeader, "the IDX header declares 0 dimensions; expected at least 1.");
        }

        var headerBytes = new byte[4 + (4 * rank)];
        magic.CopyTo(headerBytes, 0);
        got = cursor.Fill(headerBytes.AsSpan(4));
        if (got < 4 * rank)
        {
            throw new DatasetFormatException(source, DatasetProblem.Truncated, Invariant(
                $"truncated header: expected {headerBytes.Length} bytes (magic + {rank} dimension sizes), found {4 + got}{(cursor.Compressed ? " after decompression" : "")}."));
        }

        var dims = new int[rank];
        long elements = 1;
        bool empty = false;
        for (int d = 0; d < rank; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(headerBytes.AsSpan(4 + (4 * d), 4));
            if (size > int.MaxValue)
            {
                throw new DatasetFormatException(source, DatasetProblem.BadHeader, Invariant(
                    $"dimension {d} of the IDX header is {size}; at most {int.MaxValue} is supported."));
            }

            dims[d] = (int)size;
            if (size == 0)
            {
                empty = true;
            }
            else if (elements > Array.MaxLength / size)
            {
                elements = (long)Array.MaxLength + 1; // saturate: rejected below unless another dimension is 0
            }
            else
            {
                elements *= size;
            }
        }

        if (empty)
        {
            elements = 0;
        }

        long payload = elements * IdxHeader.SizeOf(type);
        if (payload > Array.MaxLength)
        {
            throw new DatasetFormatException(source, DatasetProblem.BadHeader, Invariant(
                $"the IDX header declares {string.Join("x", dims)} {IdxHeader.NameOf(type)} elements, more than the {Array.MaxLength} bytes one file may hold here (file size {fileLength} bytes)."));
        }

        return (new IdxHeader(type, dims), headerBytes);
    }

    // zlib checks the CRC-32 and length trailer when it is there, but the stream ends quietly when the file stops
    // inside the trailer, so a file cut there would pass. The last 4 bytes of a gzip file are the decompressed length
    // mod 2^32 (RFC 1952); a cut file has deflate bytes there instead. (A file of several concatenated gzip members
    // carries the last member's length there, so such files are rejected too; IDX files are single-member.)
    private static void CheckGzipTrailer(byte[] fileBytes, long expected, string source)
    {
        uint declared = fileBytes.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(fileBytes.AsSpan(fileBytes.Length - 4)) : 0;
        if (declared != (uint)expected)
        {
            throw new DatasetFormatException(source, DatasetProblem.Truncated, Invariant(
                $"truncated or damaged gzip trailer: the stream decompressed to {expected} bytes but its length field says {declared} (mod 2^32); the file was probably cut short."));
        }
    }

    private static DatasetFormatException Truncated(string source, long expected, long found, string layout, bool compressed) =>
        new(source, DatasetProblem.Truncated, Invariant(
            $"truncated: expected {expected} bytes{(compressed ? " after decompression" : "")} ({layout}), found {found}."));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads from the (possibly decompressing) content stream, turning codec errors into dataset errors.</summary>
    private sealed class Cursor(Stream content, string source, bool compressed)
    {
        private long _position;

        public string Source => source;

        public bool Compressed => compressed;

        /// <summary>Fills <paramref name="buffer"/> as far as the stream allows and returns the count read.</summary>
        public int Fill(Span<byte> buffer)
        {
            try
            {
                int got = content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                _position += got;
                return got;
            }
            catch (InvalidDataException e)
            {
                throw new DatasetFormatException(source, DatasetProblem.CorruptCompression, Invariant(
                    $"corrupt gzip stream after {_position} decompressed bytes: {e.Message}"), e);
            }
            catch (IOException e)
            {
                throw new DatasetFormatException(source, DatasetProblem.Unreadable, Invariant(
                    $"read error after {_position} bytes: {e.Message}"), e);
            }
        }
    }
}
