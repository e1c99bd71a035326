namespace Lapicque.Numerics;

/// <summary>Which micro-kernel <see cref="Gemm"/> runs. <see cref="Auto"/> picks the widest one the CPU supports.</summary>
public enum GemmKernel
{
    /// <summary>The widest supported kernel: AVX-512, else AVX2/FMA, else portable.</summary>
    Auto,

    /// <summary>Vector512 FMA, a 14x32 register tile (28 of the 32 zmm registers hold C).</summary>
    Avx512,

    /// <summary>Vector256 FMA, a 6x16 register tile (12 of the 16 ymm registers hold C).</summary>
    Avx2,

    /// <summary>System.Numerics.Vector&lt;float&gt;, a 4 x (2 * Vector&lt;float&gt;.Count) tile; runs anywhere.</summary>
    Portable,
}
