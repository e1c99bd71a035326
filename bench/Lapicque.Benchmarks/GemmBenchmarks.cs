using BenchmarkDotNet.Attributes;
using Lapicque.Numerics;

namespace Lapicque.Benchmarks;

/// <summary>
/// Lapicque's SGEMM against OpenBLAS's cblas_sgemm (P/Invoke, benchmark project only) on the shapes of issue 4, with 1
/// and 2 threads: `dotnet run -c Release --project bench/Lapicque.Benchmarks -- --filter *GemmBenchmarks*`. BenchmarkDotNet
/// reports the two side by side (OpenBLAS is the baseline, so the Ratio column is Lapicque / OpenBLAS in time; invert
/// it for speed). For a GFLOP/s table with the ratio, see `-- gemm` (<see cref="GemmRunner"/>).
/// </summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private int _m;
    private int _n;
    private int _k;
    private bool _transA;

    /// <summary>M x N x K; "wgrad" is op(A) = A^T, as in the weight gradient.</summary>
    [Params("3200x1000x784", "1000x784x3200 wgrad", "2048x2048x2048")]
    public string Shape { get; set; } = "";

    /// <summary>Threads for both libraries.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Shape.Split(' ');
        int[] d = parts[0].Split('x').Select(int.Parse).ToArray();
        (_m, _n, _k) = (d[0], d[1], d[2]);
        _transA = parts.Length > 1;
        var rng = new Rng(1);
        _a = new float[_m * _k];
        _b = new float[_k * _n];
        _c = new float[_m * _n];
        rng.FillUniform(_a, -1f, 1f);
        rng.FillUniform(_b, -1f, 1f);
        Parallelism.MaxThreads = Threads;
        if (GemmOpenBlas.Available)
        {
            GemmOpenBlas.SetNumThreads(Threads);
        }
    }

    [Benchmark(Baseline = true)]
    public void OpenBlas() =>
        GemmOpenBlas.Multiply(_transA, false, _m, _n, _k, 1f, _a, _transA ? _m : _k, _b, _n, 0f, _c, _n);

    [Benchmark]
    public void Lapicque() =>
        Gemm.Multiply(_transA ? Transpose.Transposed : Transpose.None, Transpose.None, _m, _n, _k, 1f, _a, _transA ? _m : _k, _b, _n, 0f, _c, _n);
}
