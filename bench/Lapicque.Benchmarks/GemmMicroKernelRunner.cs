using System.Diagnostics;
using System.Globalization;
using Lapicque.Numerics;

namespace Lapicque.Benchmarks;

/// <summary>
/// `-- gemm --micro`: the AVX-512 micro-kernel alone, on packed panels that sit in L1/L2 (one 14 x 196 A panel,
/// 24 of them per B panel of 196 x 32, as in the real loop), so that the figure is the kernel's ceiling without packing
/// or memory traffic. Reported in flops per CPU-second (see <see cref="GemmRunner"/>), best of several rounds.
/// </summary>
internal static class GemmMicroKernelRunner
{
    public static unsafe int Run(int reps)
    {
        const int kc = 196, panels = 24;
        int mr = Avx512MicroKernel.Mr, nr = Avx512MicroKernel.Nr;
        float[] a = new float[(panels * mr * kc) + 16], b = new float[(nr * kc) + 16], c = new float[mr * 1024];
        new Rng(3).FillUniform(a, -1f, 1f);
        new Rng(4).FillUniform(b, -1f, 1f);
        double best = 0;
        fixed (float* pa = a, pb = b, pc = c)
        {
            for (int r = 0; r < reps + 1; r++)
            {
                const int calls = 20000;
                double c0 = GemmRunner.ProcessCpuSeconds();
                for (int i = 0; i < calls; i++)
                {
                    Avx512MicroKernel.Run(kc, pa + ((i % panels) * mr * kc), pb, pc + ((i % 16) * 32), 1024, GemmStore.Accumulate, 1f);
                }

                double s = GemmRunner.ProcessCpuSeconds() - c0;
                best = Math.Max(best, 2.0 * mr * nr * kc * calls / s / 1e9);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AVX-512 {mr}x{nr} micro-kernel, kc {kc}, panels in cache: {best:F1} GFLOP/s per CPU-second"));
        return 0;
    }
}
