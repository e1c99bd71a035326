using BenchmarkDotNet.Running;

namespace Lapicque.Benchmarks;

internal static class Program
{
    // Stopwatch runners that time Lapicque beside a peer or train a published model; anything else goes to BenchmarkDotNet.
    private static readonly Dictionary<string, Func<string[], int>> Runners = new(StringComparer.Ordinal)
    {
        ["gemm"] = GemmRunner.Run,
        ["train-fc"] = TrainFcRunner.Run,
        ["conv-kernels"] = ConvKernelRunner.Run,
        ["convert"] = ConversionRunner.Run,
        ["train-ann"] = AnnTrainRunner.Run,
        ["scnn"] = ScnnRunner.Run,
        ["diehlcook"] = DiehlCookRunner.Run,
        ["exact"] = a => { ExactRunner.Run(a); return 0; },
    };

    private static int Main(string[] args)
    {
        if (args.Length > 0 && Runners.TryGetValue(args[0], out var run))
        {
            return run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
