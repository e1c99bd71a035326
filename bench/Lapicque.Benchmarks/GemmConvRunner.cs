using System.Diagnostics;
using System.Globalization;
using Lapicque.Numerics;

namespace Lapicque.Benchmarks;

/// <summary>
/// `-- gemm --conv`: times the im2col + SGEMM convolution on the MNIST conv network of issue 4 (12C5-MP2-64C5-MP2) for
/// a whole sequence (T * B = 25 * 128 = 3200 images): forward, input gradient and weight gradient, with the flops each
/// one does and the GFLOP/s that makes.
/// </summary>
internal static class GemmConvRunner
{
    public static int Run(int reps, int threads)
    {
        Parallelism.MaxThreads = threads;
        Conv2dShape[] layers =
        [
            new Conv2dShape(3200, 1, 28, 28, 12, 5, 5),
            new Conv2dShape(3200, 12, 12, 12, 64, 5, 5),
        ];
        Console.WriteLine($"conv im2col + SGEMM, {threads} thread(s), best of {reps} ({(threads == 1 ? "CPU" : "wall")} time)");
        foreach (Conv2dShape s in layers)
        {
            var rng = new Rng(5);
            float[] x = new float[s.InputLength], w = new float[s.WeightLength], y = new float[s.OutputLength];
            float[] dx = new float[s.InputLength], dw = new float[s.WeightLength], db = new float[s.OutChannels], bias = new float[s.OutChannels];
            rng.FillUniform(x, 0f, 1f);
            rng.FillUniform(w, -1f, 1f);
            double flops = 2.0 * s.Batch * s.OutChannels * s.OutHeight * s.OutWidth * s.InChannels * s.KernelHeight * s.KernelWidth;
            double f = double.MaxValue, bi = double.MaxValue, bw = double.MaxValue;
            for (int r = -1; r < reps; r++)
            {
                double t0 = Clock(threads);
                Conv2d.Forward(s, x, w, bias, y);
                double t1 = Clock(threads);
                Conv2d.BackwardInput(s, y, w, dx);
                double t2 = Clock(threads);
                Conv2d.BackwardWeight(s, x, y, 0f, dw, db);
                double t3 = Clock(threads);
                if (r >= 0)
                {
                    (f, bi, bw) = (Math.Min(f, t1 - t0), Math.Min(bi, t2 - t1), Math.Min(bw, t3 - t2));
                }
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{s.InChannels,2}->{s.OutChannels,2} {s.KernelHeight}x{s.KernelWidth} on {s.Height}x{s.Width}, batch {s.Batch}: {flops / 1e9:F2} GFLOP each; forward {f * 1e3:F1} ms ({flops / f / 1e9:F0} GF/s), input grad {bi * 1e3:F1} ms ({flops / bi / 1e9:F0}), weight grad {bw * 1e3:F1} ms ({flops / bw / 1e9:F0})"));
        }

        Parallelism.MaxThreads = Environment.ProcessorCount;
        return 0;
    }

    private static double Clock(int threads) =>
        threads == 1 ? GemmRunner.ProcessCpuSeconds() : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
}
