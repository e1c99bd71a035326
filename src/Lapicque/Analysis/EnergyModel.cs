namespace Lapicque.Analysis;

/// <summary>
/// Energy per arithmetic operation and memory access of a generic digital implementation, used to compare an SNN run
/// (accumulates per synaptic operation) with the same network run as a dense ANN (multiply-accumulates). Every constant is
/// in picojoules and can be overridden with a <c>with</c> expression.
/// </summary>
/// <remarks>
/// <para>Defaults (<see cref="Horowitz45nm"/>): M. Horowitz, "Computing's energy problem (and what we can do about it)",
/// ISSCC 2014, Fig. 1.1.9, 45 nm CMOS at 0.9 V: 32-bit float add 0.9 pJ, 32-bit float multiply 3.7 pJ, so a float
/// multiply-accumulate is 3.7 + 0.9 = 4.6 pJ; 8-bit integer add 0.03 pJ, multiply 0.2 pJ; 32-bit integer add 0.1 pJ,
/// multiply 3.1 pJ; a 64-bit SRAM read costs 10 pJ (8 KB), 20 pJ (32 KB), 100 pJ (1 MB), and DRAM 1.3 to 2.6 nJ.</para>
/// <para>SNN energy = SynOps x (<see cref="AccumulatePj"/> + <see cref="WeightReadPj"/>) + neuron updates x
/// <see cref="NeuronUpdatePj"/>. ANN energy = MACs x (<see cref="MacPj"/> + <see cref="WeightReadPj"/>) + additions x
/// <see cref="AccumulatePj"/>. The neuron update default, one multiply-accumulate for the leak and input plus one add for the
/// threshold comparison (5.5 pJ), is our estimate for a LIF neuron, not a published figure. <see cref="WeightReadPj"/> is 0
/// by default (arithmetic only, the usual convention in SNN energy papers); <see cref="Horowitz45nmWithSram"/> charges half a
/// 64-bit 32 KB SRAM read (10 pJ) per 32-bit weight.</para>
/// </remarks>
public sealed record EnergyModel
{
    /// <summary>Horowitz (ISSCC 2014) 45 nm float32 arithmetic, no memory cost.</summary>
    public static EnergyModel Horowitz45nm { get; } = new();

    /// <summary>As <see cref="Horowitz45nm"/> plus one 32-bit weight read from a 32 KB SRAM (20 pJ per 64 bits, so 10 pJ) per operation.</summary>
    public static EnergyModel Horowitz45nmWithSram { get; } = new() { Name = "45 nm float32 + 32 KB SRAM weight reads", WeightReadPj = 10.0 };

    /// <summary>Horowitz (ISSCC 2014) 45 nm 8-bit integer arithmetic: add 0.03 pJ, multiply 0.2 pJ, MAC 0.23 pJ.</summary>
    public static EnergyModel Horowitz45nmInt8 { get; } = new()
    {
        Name = "45 nm int8 (Horowitz 2014)", AccumulatePj = 0.03, MultiplyPj = 0.2, MacPj = 0.23, NeuronUpdatePj = 0.26,
    };

    /// <summary>Name shown in reports.</summary>
    public string Name { get; init; } = "45 nm float32 (Horowitz 2014)";

    /// <summary>Energy of one accumulate (an add), pJ: the cost of one synaptic operation. Default 0.9 (32-bit float add).</summary>
    public double AccumulatePj { get; init; } = 0.9;

    /// <summary>Energy of one multiply, pJ. Default 3.7 (32-bit float multiply).</summary>
    public double MultiplyPj { get; init; } = 3.7;

    /// <summary>Energy of one multiply-accumulate, pJ: the cost of one ANN synapse. Default 4.6 = 3.7 + 0.9.</summary>
    public double MacPj { get; init; } = 4.6;

    /// <summary>Energy of one neuron update, pJ. Default 5.5 = one MAC (leak and input) + one add (threshold): an estimate.</summary>
    public double NeuronUpdatePj { get; init; } = 5.5;

    /// <summary>Energy of reading one weight from memory per operation, pJ. Default 0 (arithmetic only).</summary>
    public double WeightReadPj { get; init; }

    /// <summary>Checks every constant is finite and non-negative.</summary>
    public void Validate()
    {
        Check.NonNegative(AccumulatePj);
        Check.NonNegative(MultiplyPj);
        Check.NonNegative(MacPj);
        Check.NonNegative(NeuronUpdatePj);
        Check.NonNegative(WeightReadPj);
    }

    /// <summary>Energy of the SNN run per sample, in pJ, split into synaptic, neuron and memory parts.</summary>
    public EnergyEstimate Snn(ActivityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Validate();
        double n = report.Samples;
        return new EnergyEstimate(
            Name,
            report.SynapticOperations * AccumulatePj / n,
            report.NeuronUpdates * NeuronUpdatePj / n,
            report.SynapticOperations * WeightReadPj / n,
            []);
    }

    /// <summary>Energy per sample, in pJ, of the same network as a dense ANN: one forward pass, MACs plus pooling additions.</summary>
    public EnergyEstimate Ann(ActivityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Validate();
        double n = report.Samples;
        return new EnergyEstimate(
            Name + ", dense ANN",
            ((report.AnnMacs * MacPj) + (report.AnnAdds * AccumulatePj)) / n,
            0,
            (report.AnnMacs + report.AnnAdds) * WeightReadPj / n,
            []);
    }
}
