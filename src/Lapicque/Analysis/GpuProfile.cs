namespace Lapicque.Analysis;

/// <summary>
/// Energy per multiply-accumulate of a GPU running the dense ANN, derived from the datasheet as board power / peak MAC rate.
/// This is a lower bound on real energy per MAC: it assumes the GPU runs at peak throughput at its rated power, while small
/// networks reach a few percent of peak, and it ignores host and memory-transfer energy.
/// </summary>
/// <param name="Name">The GPU and precision.</param>
/// <param name="PjPerMac">Energy per multiply-accumulate, pJ.</param>
/// <param name="Source">Where the numbers come from and how the figure was derived.</param>
public sealed record GpuProfile(string Name, double PjPerMac, string Source)
{
    /// <summary>
    /// NVIDIA A100 SXM, float32: 19.5 TFLOPS peak (9.75e12 MAC/s) at 400 W maximum board power (NVIDIA A100 datasheet, 2020)
    /// gives 400 / 9.75e12 = 41 pJ per MAC.
    /// </summary>
    public static GpuProfile A100Fp32 { get; } = new("NVIDIA A100 (fp32)", 400.0 / 9.75e12 * 1e12, "NVIDIA A100 datasheet: 19.5 TFLOPS fp32, 400 W (SXM); 400 W / 9.75e12 MAC/s = 41 pJ/MAC at peak");

    /// <summary>
    /// NVIDIA H100 SXM, float32: 67 TFLOPS peak (33.5e12 MAC/s) at 700 W maximum board power (NVIDIA H100 datasheet, 2022)
    /// gives 700 / 33.5e12 = 20.9 pJ per MAC.
    /// </summary>
    public static GpuProfile H100Fp32 { get; } = new("NVIDIA H100 SXM (fp32)", 700.0 / 33.5e12 * 1e12, "NVIDIA H100 datasheet: 67 TFLOPS fp32, 700 W (SXM); 700 W / 33.5e12 MAC/s = 20.9 pJ/MAC at peak");

    /// <summary>Energy per sample of the dense ANN of <paramref name="report"/> on this GPU, pJ.</summary>
    public EnergyEstimate Ann(ActivityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Check.NonNegative(PjPerMac);
        return new EnergyEstimate(
            Name + ", dense ANN",
            (report.AnnMacs + report.AnnAdds) * PjPerMac / report.Samples,
            0,
            0,
            ["board power at peak throughput; real utilisation is lower, so real energy per MAC is higher"]);
    }

    /// <summary>
    /// Energy per sample, pJ, of the SNN itself stepped densely on this GPU: every synapse every step is one MAC (a spike
    /// vector times the weight matrix), as clock-driven GPU frameworks do; neuron updates are not counted.
    /// </summary>
    public EnergyEstimate DenseSnn(ActivityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Check.NonNegative(PjPerMac);
        return new EnergyEstimate(
            Name + ", SNN stepped densely",
            report.DenseSynapticOperations * PjPerMac / report.Samples,
            0,
            0,
            ["board power at peak throughput; neuron updates not counted"]);
    }
}
