using System.Runtime.InteropServices;

namespace Lapicque.Benchmarks;

/// <summary>
/// OpenBLAS's cblas_sgemm, bound at run time from libopenblas.so.0 (Debian: libopenblas0-pthread). Only the benchmark
/// project touches native code; the library stays managed.
/// </summary>
internal static unsafe class GemmOpenBlas
{
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm;
    private static readonly delegate* unmanaged<int, void> SetThreads;
    private static readonly delegate* unmanaged<byte*> CoreName;
    private static readonly delegate* unmanaged<byte*> Config;

    static GemmOpenBlas()
    {
        string[] candidates = ["libopenblas.so.0", "/usr/lib/x86_64-linux-gnu/libopenblas.so.0", "libopenblas.so"];
        foreach (string name in candidates)
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                Sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)NativeLibrary.GetExport(handle, "cblas_sgemm");
                SetThreads = (delegate* unmanaged<int, void>)NativeLibrary.GetExport(handle, "openblas_set_num_threads");
                CoreName = NativeLibrary.TryGetExport(handle, "openblas_get_corename", out nint core) ? (delegate* unmanaged<byte*>)core : null;
                Config = NativeLibrary.TryGetExport(handle, "openblas_get_config", out nint config) ? (delegate* unmanaged<byte*>)config : null;
                Available = true;
                return;
            }
        }
    }

    /// <summary>Whether libopenblas was found.</summary>
    public static bool Available { get; }

    /// <summary>OpenBLAS's description of itself: version, build options and the core it dispatched to.</summary>
    public static string Describe()
    {
        if (!Available)
        {
            return "OpenBLAS not found (apt-get install libopenblas0-pthread)";
        }

        string config = Config != null ? Marshal.PtrToStringAnsi((nint)Config()) ?? "?" : "?";
        string core = CoreName != null ? Marshal.PtrToStringAnsi((nint)CoreName()) ?? "?" : "?";
        return $"{config}; core {core}";
    }

    /// <summary>openblas_set_num_threads.</summary>
    public static void SetNumThreads(int threads) => SetThreads(threads);

    /// <summary>cblas_sgemm, row-major.</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            Sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }
}
