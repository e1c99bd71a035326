using System.Diagnostics;
using System.Globalization;
using Lapicque.Numerics;

namespace Lapicque.Benchmarks;

/// <summary>
/// `-- gemm --spike`: the density crossover of <see cref="SpikeGemm"/>. On the FC layer of issue 4 (X: 3200 x 784
/// Bernoulli spikes, W: 784 x 1000, G: 3200 x 1000) it times, interleaved, the event-driven forward (index + strips)
/// against the dense SGEMM X*W, and the event-driven weight gradient against the dense X^T*G, over a range of densities.
/// </summary>
internal static class GemmSpikeRunner
{
    public static int Run(int reps, int threads)
    {
        const int m = 3200, k = 784, n = 1000;
        Parallelism.MaxThreads = threads;
        var rng = new Rng(7);
        float[] x = new float[m * k], w = new float[k * n], g = new float[m * n], y = new float[m * n], dw = new float[k * n];
        rng.FillUniform(w, -1f, 1f);
        rng.FillUniform(g, -1f, 1f);
        var index = new SpikeIndex();
        Console.WriteLine($"spike vs dense, {m}x{k} spikes, {k}x{n} weights, {threads} thread(s), best of {reps} (ms{(threads == 1 ? " of CPU time" : " of wall time")})");
        Console.WriteLine("density   fwd spike  fwd dense  dense/spike   wgrad spike  wgrad dense  dense/spike");
        foreach (double density in new[] { 0.005, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5 })
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = rng.NextDouble() < density ? 1f : 0f;
            }

            double fs = double.MaxValue, fd = double.MaxValue, ws = double.MaxValue, wd = double.MaxValue;
            for (int r = -1; r < reps; r++)
            {
                double t0 = Clock(threads);
                index.FromRows(x, m, k, k);
                SpikeGemm.Multiply(index, w, n, n, 0f, y, n);
                double a = (Clock(threads) - t0) * 1e3;
                t0 = Clock(threads);
                Gemm.Multiply(Transpose.None, Transpose.None, m, n, k, 1f, x, k, w, n, 0f, y, n);
                double b = (Clock(threads) - t0) * 1e3;
                t0 = Clock(threads);
                index.FromColumns(x, m, k, k);
                SpikeGemm.Multiply(index, g, n, n, 1f, dw, n);
                double c = (Clock(threads) - t0) * 1e3;
                t0 = Clock(threads);
                Gemm.Multiply(Transpose.Transposed, Transpose.None, k, n, m, 1f, x, k, g, n, 1f, dw, n);
                double d = (Clock(threads) - t0) * 1e3;
                if (r >= 0)
                {
                    (fs, fd, ws, wd) = (Math.Min(fs, a), Math.Min(fd, b), Math.Min(ws, c), Math.Min(wd, d));
                }
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{density,7:F3}  {fs,9:F2}  {fd,9:F2}  {fd / fs,11:F2}   {ws,11:F2}  {wd,11:F2}  {wd / ws,11:F2}"));
        }

        Parallelism.MaxThreads = Environment.ProcessorCount;
        return 0;
    }

    // One thread: CPU time of the process (robust to other jobs on a shared machine); more: wall time.
    private static double Clock(int threads) =>
        threads == 1 ? GemmRunner.ProcessCpuSeconds() : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}
