namespace Lapicque.Numerics;

/// <summary>How a micro-kernel writes its tile into C.</summary>
internal enum GemmStore
{
    /// <summary>C = acc (first k block, beta = 0).</summary>
    Overwrite,

    /// <summary>C = C + acc (later k blocks, or beta = 1).</summary>
    Accumulate,

    /// <summary>C = fma(beta, C, acc) (first k block, general beta).</summary>
    Scale,
}

/// <summary>
/// A register-blocked GEMM micro-kernel: multiplies a packed Mr x kc panel of A (column by column, Mr values per k)
/// by a packed kc x Nr panel of B (row by row, Nr values per k) and stores the Mr x Nr tile into C. The sum over k
/// runs in order k = 0, 1, ..., kc - 1 with one fused multiply-add per term, starting from 0.
/// </summary>
internal interface IGemmMicroKernel
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int Nr { get; }

    /// <summary>Whether this CPU runs the kernel.</summary>
    static abstract bool IsSupported { get; }

    /// <summary>Runs the tile; <paramref name="c"/> points at its top-left element, rows <paramref name="ldc"/> apart.</summary>
    static abstract unsafe void Run(int kc, float* a, float* b, float* c, nint ldc, GemmStore mode, float beta);
}
