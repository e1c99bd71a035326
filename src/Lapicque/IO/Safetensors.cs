namespace Lapicque.IO;

/// <summary>Constants and size arithmetic of the safetensors format shared by the reader and the writer.</summary>
internal static class Safetensors
{
    /// <summary>Header key of the optional string-to-string metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Largest header accepted (the format's own limit is 100 MB); guards against hostile lengths.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F32 or SafetensorsDType.I32 => 4,
        SafetensorsDType.F64 or SafetensorsDType.I64 => 8,
        SafetensorsDType.U8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown safetensors dtype"),
    };

    /// <summary>The header spelling of <paramref name="dtype"/>.</summary>
    public static string Name(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F32 => "F32",
        SafetensorsDType.F64 => "F64",
        SafetensorsDType.I32 => "I32",
        SafetensorsDType.I64 => "I64",
        SafetensorsDType.U8 => "U8",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown safetensors dtype"),
    };

    /// <summary>Parses a header dtype; false for types this library does not read (BF16, F16, BOOL, ...).</summary>
    public static bool TryParse(string name, out SafetensorsDType dtype)
    {
        switch (name)
        {
            case "F32": dtype = SafetensorsDType.F32; return true;
            case "F64": dtype = SafetensorsDType.F64; return true;
            case "I32": dtype = SafetensorsDType.I32; return true;
            case "I64": dtype = SafetensorsDType.I64; return true;
            case "U8": dtype = SafetensorsDType.U8; return true;
            default: dtype = default; return false;
        }
    }

    /// <summary>Product of the dimensions, or null when one is negative or the product overflows a long.</summary>
    public static long? ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                return null;
            }

            try
            {
                count = checked(count * d);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        return count;
    }
}
