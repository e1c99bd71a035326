using System.Globalization;
using Lapicque.Numerics;

namespace Lapicque.Benchmarks;

/// <summary>
/// `conv-kernels [--reps N] [--density D]`: times every convolution and pooling kernel of the mnist-conv network
/// (12C5-MP2-64C5-MP2, T * B = 25 * 128 = 3200 images) on one thread, in process CPU time (robust on a loaded,
/// shared machine): conv forward, input gradient and weight gradient of both layers, max pooling forward and
/// backward. The second convolution's input is binary with spike density --density (default 0.15), as the spikes
/// of the first LIF layer.
/// </summary>
internal static class ConvKernelRunner
{
    public static int Run(string[] args)
    {
        int reps = 3;
        double density = 0.15;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reps":
                    reps = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--density":
                    density = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"conv-kernels: unknown option '{args[i]}'; expected --reps N or --density D.");
                    return 2;
            }
        }

        int saved = Parallelism.MaxThreads;
        Parallelism.MaxThreads = 1;
        Console.WriteLine(FormattableString.Invariant($"conv and pool kernels of mnist-conv, 3200 images, 1 thread, best of {reps} (CPU ms); load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        var rng = new Rng(5);
        Conv2dShape[] convs = [new(3200, 1, 28, 28, 12, 5, 5), new(3200, 12, 12, 12, 64, 5, 5)];
        for (int l = 0; l < convs.Length; l++)
        {
            var s = convs[l];
            float[] x = new float[s.InputLength], w = new float[s.WeightLength], y = new float[s.OutputLength];
            float[] dx = new float[s.InputLength], dw = new float[s.WeightLength], db = new float[s.OutChannels];
            if (l == 0)
            {
                rng.FillUniform(x, 0f, 1f);
            }
            else
            {
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = rng.NextDouble() < density ? 1f : 0f;
                }
            }

            rng.FillUniform(w, -1f, 1f);
            if (Conv2d.UsesDirect(s))
            {
                // Direct and lowered alternately, so that both see the same machine load.
                double df = double.MaxValue, lf = double.MaxValue, dwt = double.MaxValue, lwt = double.MaxValue;
                for (int r = 0; r < reps; r++)
                {
                    Conv2d.LoweredOnly = true;
                    lf = Math.Min(lf, Best(1, () => Conv2d.Forward(s, x, w, [], y)));
                    lwt = Math.Min(lwt, Best(1, () => Conv2d.BackwardWeight(s, x, y, 0f, dw, db)));
                    Conv2d.LoweredOnly = false;
                    df = Math.Min(df, Best(1, () => Conv2d.Forward(s, x, w, [], y)));
                    dwt = Math.Min(dwt, Best(1, () => Conv2d.BackwardWeight(s, x, y, 0f, dw, db)));
                }

                // The same work on 32 images at a time (in cache), to separate compute from memory traffic.
                var small = s with { Batch = 32 };
                double sf = Best(reps, () => { for (int k = 0; k < 100; k++) { Conv2d.Forward(small, x.AsSpan(0, small.InputLength), w, [], y.AsSpan(0, small.OutputLength)); } });
                double sw = Best(reps, () => { for (int k = 0; k < 100; k++) { Conv2d.BackwardWeight(small, x.AsSpan(0, small.InputLength), y.AsSpan(0, small.OutputLength), 0f, dw, []); } });
                Console.WriteLine(FormattableString.Invariant($"  conv {s.InChannels}->{s.OutChannels} direct, 100 x 32 images in cache: forward {sf:F1}, weight grad {sw:F1}"));
                Console.WriteLine(FormattableString.Invariant($"  conv {s.InChannels}->{s.OutChannels} direct: forward {df:F1}, weight grad {dwt:F1}; im2col + GEMM: forward {lf:F1}, weight grad {lwt:F1}"));
            }

            if (l == 1)
            {
                // Event-driven against lowered, alternately, at several spike densities.
                foreach (double d in new[] { 0.03, 0.06, 0.1, 0.15, 0.2, 0.3 })
                {
                    var sr = new Rng(17);
                    for (int i = 0; i < x.Length; i++)
                    {
                        x[i] = sr.NextDouble() < d ? 1f : 0f;
                    }

                    double ef = double.MaxValue, lf = double.MaxValue, ew = double.MaxValue, lw = double.MaxValue;
                    for (int r = 0; r < reps; r++)
                    {
                        Conv2d.LoweredOnly = true;
                        lf = Math.Min(lf, Best(1, () => Conv2d.Forward(s, x, w, [], y)));
                        lw = Math.Min(lw, Best(1, () => Conv2d.BackwardWeight(s, x, y, 0f, dw, [])));
                        Conv2d.LoweredOnly = false;
                        Conv2d.SpikesAlways = true;
                        ef = Math.Min(ef, Best(1, () => Conv2d.Forward(s, x, w, [], y)));
                        ew = Math.Min(ew, Best(1, () => Conv2d.BackwardWeight(s, x, y, 0f, dw, [])));
                        Conv2d.SpikesAlways = false;
                    }

                    Console.WriteLine(FormattableString.Invariant($"  conv 12->64 density {d:F2}: event-driven forward {ef:F1}, weight grad {ew:F1}; im2col + GEMM forward {lf:F1}, weight grad {lw:F1}"));
                }

                var fr = new Rng(19);
                for (int i = 0; i < x.Length; i++)
                {
                    x[i] = fr.NextDouble() < density ? 1f : 0f;
                }
            }

            double f = Best(reps, () => Conv2d.Forward(s, x, w, [], y));
            double bi = Best(reps, () => Conv2d.BackwardInput(s, y, w, dx));
            double bw = Best(reps, () => Conv2d.BackwardWeight(s, x, y, 0f, dw, db));
            Console.WriteLine(FormattableString.Invariant(
                $"  conv {s.InChannels}->{s.OutChannels} on {s.Height}x{s.Width}{(l == 1 ? $" (spike density {density})" : "")}: forward {f:F1}, input grad {bi:F1}, weight grad {bw:F1}"));
        }

        Pool2dShape[] pools = [Pool2dShape.Square(3200, 12, 24, 24, 2), Pool2dShape.Square(3200, 64, 8, 8, 2)];
        foreach (var s in pools)
        {
            float[] x = new float[s.InputLength], y = new float[s.OutputLength], dx = new float[s.InputLength];
            int[] arg = new int[s.OutputLength];
            rng.FillUniform(x, -1f, 1f);
            double f = Best(reps, () => Pool2d.MaxForward(s, x, y, arg));
            double b = Best(reps, () => Pool2d.MaxBackward(s, y, arg, dx));
            double sum = Best(reps, () => Pool2d.SumForward(s, x, y));
            double copy = Best(reps, () => x.AsSpan(0, y.Length).CopyTo(y));
            Console.WriteLine(FormattableString.Invariant($"  sum pool {sum:F1}, copy {copy:F1}"));
            Console.WriteLine(FormattableString.Invariant($"  max pool 2x2 on {s.Channels}x{s.Height}x{s.Width}: forward {f:F1}, backward {b:F1}"));
        }

        Parallelism.MaxThreads = saved;
        return 0;
    }

    private static double Best(int reps, Action run)
    {
        double best = double.MaxValue;
        for (int r = -1; r < reps; r++)
        {
            double t0 = GemmRunner.ProcessCpuSeconds();
            run();
            double t = (GemmRunner.ProcessCpuSeconds() - t0) * 1e3;
            if (r >= 0)
            {
                best = Math.Min(best, t);
            }
        }

        return best;
    }
}
