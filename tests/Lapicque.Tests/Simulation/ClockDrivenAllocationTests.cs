using Lapicque.Networks;
using Lapicque.Simulation;

namespace Lapicque.Tests.Simulation;

public class ClockDrivenAllocationTests
{
    // The hot loop of a run must not allocate: after warm-up (JIT, calibration, the worker team's start), stepping the
    // network allocates exactly 0 bytes on the calling thread, whether the step runs inline or on the worker team.
    // Monitors are left out on purpose: they own growing lists, which is their job.
    [Theory]
    [InlineData("cuba", 1)]
    [InlineData("cuba", 2)]
    [InlineData("coba", 2)]
    [InlineData("cobahh", 2)]
    public void Advance_AfterWarmUp_AllocatesNothing(string name, int threads)
    {
        var net = name switch
        {
            "cuba" => StandardNetworks.Cuba(),
            "coba" => StandardNetworks.Coba(),
            _ => StandardNetworks.CobaHH(),
        };
        var sim = new ClockDrivenSimulator(net, new SimulationOptions { Seed = 5, Threads = threads, ParallelMinStepMicroseconds = 0 });
        sim.Run(30);
        Assert.Equal(threads > 1, sim.IsMultithreaded);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 300; k++)
        {
            sim.Advance();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
