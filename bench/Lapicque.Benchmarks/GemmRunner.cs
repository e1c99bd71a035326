using System.Diagnostics;
using System.Globalization;
using Lapicque.Numerics;

namespace Lapicque.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Lapicque.Benchmarks -- gemm [--reps N] [--threads 1,2] [--kernel Avx512] [--spike | --micro | --conv]`:
/// times Lapicque's SGEMM and OpenBLAS's cblas_sgemm on the same operands, interleaved call by call so that load
/// from other processes hits both alike, and prints GFLOP/s (best and median) and the ratio Lapicque / OpenBLAS.
/// </summary>
internal static class GemmRunner
{
    private static readonly (string Name, Transpose TransA, Transpose TransB, int M, int N, int K)[] Shapes =
    [
        ("fc forward  X*W      ", Transpose.None, Transpose.None, 3200, 1000, 784),
        ("fc wgrad    G^T*X    ", Transpose.Transposed, Transpose.None, 1000, 784, 3200),
        ("fc dgrad    G*W^T    ", Transpose.None, Transpose.Transposed, 3200, 784, 1000),
        ("square 2048^3        ", Transpose.None, Transpose.None, 2048, 2048, 2048),
    ];

    public static int Run(string[] args)
    {
        int reps = 7;
        int[] threadCounts = [1, 2];
        GemmKernel kernel = GemmKernel.Auto;
        string? only = null;
        bool spike = false;
        bool micro = false;
        bool conv = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reps":
                    reps = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--threads":
                    threadCounts = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--kernel":
                    kernel = Enum.Parse<GemmKernel>(args[++i], ignoreCase: true);
                    break;
                case "--conv":
                    conv = true;
                    break;
                case "--micro":
                    micro = true;
                    break;
                case "--spike":
                    spike = true;
                    break;
                case "--shape":
                    only = args[++i];
                    break;
                default:
                    Console.Error.WriteLine($"gemm: unknown option '{args[i]}'; expected --reps N, --threads 1,2, --kernel Auto|Avx512|Avx2|Portable, --shape MxNxK, --spike, --micro, --conv.");
                    return 2;
            }
        }

        if (conv)
        {
            foreach (int threads in threadCounts)
            {
                GemmConvRunner.Run(reps, threads);
            }

            return 0;
        }

        if (micro)
        {
            return GemmMicroKernelRunner.Run(reps);
        }

        if (spike)
        {
            foreach (int threads in threadCounts)
            {
                GemmSpikeRunner.Run(reps, threads);
            }

            return 0;
        }

        Console.WriteLine($"Lapicque SGEMM kernel: {(kernel == GemmKernel.Auto ? Gemm.BestKernel : kernel)}; Vector<float>.Count {System.Numerics.Vector<float>.Count}; {Environment.ProcessorCount} CPUs");
        Console.WriteLine($"OpenBLAS: {GemmOpenBlas.Describe()}");
        Console.WriteLine("shape                  M x N x K          thr  Lapicque GF/s best (median)  OpenBLAS GF/s best (median)  ratio best (median)   per CPU-second: ours  OpenBLAS  ratio");
        var shapes = Shapes.ToList();
        if (only != null)
        {
            int[] d = only.Split('x').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            shapes = [("custom NN            ", Transpose.None, Transpose.None, d[0], d[1], d[2])];
        }

        foreach (var s in shapes)
        {
            bool ta = s.TransA == Transpose.Transposed;
            bool tb = s.TransB == Transpose.Transposed;
            int lda = ta ? s.M : s.K;
            int ldb = tb ? s.K : s.N;
            var rng = new Rng(42);
            float[] a = new float[s.M * s.K];
            float[] b = new float[s.K * s.N];
            float[] c1 = new float[s.M * s.N];
            float[] c2 = new float[s.M * s.N];
            rng.FillUniform(a, -1f, 1f);
            rng.FillUniform(b, -1f, 1f);
            double flops = 2.0 * s.M * s.N * s.K;
            foreach (int threads in threadCounts)
            {
                Parallelism.MaxThreads = threads;
                if (GemmOpenBlas.Available)
                {
                    GemmOpenBlas.SetNumThreads(threads);
                }

                var ours = new List<double>();
                var theirs = new List<double>();
                double oursCpu = 0, theirsCpu = 0;
                for (int r = -1; r < reps; r++)
                {
                    double c0 = ProcessCpuSeconds();
                    long t0 = Stopwatch.GetTimestamp();
                    Gemm.Multiply(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c1, s.N, kernel, threads);
                    double tl = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                    double cl = ProcessCpuSeconds() - c0;
                    double to = double.NaN, co = double.NaN;
                    if (GemmOpenBlas.Available)
                    {
                        c0 = ProcessCpuSeconds();
                        t0 = Stopwatch.GetTimestamp();
                        GemmOpenBlas.Multiply(ta, tb, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c2, s.N);
                        to = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                        co = ProcessCpuSeconds() - c0;
                    }

                    if (r >= 0)
                    {
                        ours.Add(flops / tl / 1e9);
                        theirs.Add(flops / to / 1e9);
                        oursCpu = Math.Max(oursCpu, flops / cl / 1e9);
                        theirsCpu = Math.Max(theirsCpu, flops / co / 1e9);
                    }
                }

                double maxDiff = 0;
                for (int i = 0; i < c1.Length && GemmOpenBlas.Available; i++)
                {
                    maxDiff = Math.Max(maxDiff, Math.Abs(c1[i] - c2[i]));
                }

                double ob = theirs.Max(), om = Median(theirs), lb = ours.Max(), lm = Median(ours);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{s.Name}  {s.M,5}x{s.N,5}x{s.K,5}  {threads,3}  {lb,8:F1} ({lm,6:F1})            {ob,8:F1} ({om,6:F1})           {lb / ob,5:F2} ({lm / om,4:F2})   {oursCpu,6:F1} {theirsCpu,6:F1} {oursCpu / theirsCpu,5:F2}   max|diff| {maxDiff:E1}"));
            }
        }

        Parallelism.MaxThreads = Environment.ProcessorCount;
        return 0;
    }

    /// <summary>
    /// CPU time of the whole process (CLOCK_PROCESS_CPUTIME_ID, ns resolution). On a machine shared with other jobs,
    /// flops per CPU-second is what a kernel achieves while it actually holds a core; wall time also counts the
    /// slices other processes took. With several threads it sums them, so it measures per-core efficiency.
    /// </summary>
    internal static double ProcessCpuSeconds()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(2, out Timespec ts) != 0)
        {
            return Environment.TickCount64 / 1e3;
        }

        return ts.Seconds + (ts.Nanoseconds / 1e9);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec ts);

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : 0.5 * (s[(s.Count / 2) - 1] + s[s.Count / 2]);
    }

    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
