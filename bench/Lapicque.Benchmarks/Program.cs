using BenchmarkDotNet.Running;

namespace Lapicque.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        // `gemm`: the Stopwatch side-by-side runner against OpenBLAS; anything else goes to BenchmarkDotNet.
        if (args.Length > 0 && args[0] == "gemm")
        {
            return GemmRunner.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "train-fc")
        {
            return TrainFcRunner.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "train-fc-step")
        {
            return TrainStepRunner.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
