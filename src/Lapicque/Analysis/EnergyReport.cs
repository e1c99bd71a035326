using System.Globalization;
using System.Text;

namespace Lapicque.Analysis;

/// <summary>
/// The activity of a run with its energy on a generic 45 nm implementation, on neuromorphic chips and as a dense ANN on a
/// GPU, per inference. <see cref="ToText"/> renders the table that <c>lapicque analyze --energy</c> prints.
/// </summary>
/// <param name="Activity">The counted activity.</param>
/// <param name="Snn">The SNN on the generic energy model.</param>
/// <param name="Ann">The dense ANN on the generic energy model.</param>
/// <param name="Gpu">The dense ANN on the GPU.</param>
/// <param name="GpuDenseSnn">The SNN itself stepped densely on the GPU: every synapse every step one MAC (as PyTorch SNN libraries do).</param>
/// <param name="Chips">Fit and energy per chip.</param>
public sealed record EnergyReport(ActivityReport Activity, EnergyEstimate Snn, EnergyEstimate Ann, EnergyEstimate Gpu, EnergyEstimate GpuDenseSnn, IReadOnlyList<HardwareFit> Chips)
{
    /// <summary>Builds the report; defaults: <see cref="EnergyModel.Horowitz45nm"/>, <see cref="GpuProfile.A100Fp32"/>, every chip.</summary>
    public static EnergyReport Create(ActivityReport activity, EnergyModel? model = null, GpuProfile? gpu = null, IEnumerable<ChipProfile>? chips = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        model ??= EnergyModel.Horowitz45nm;
        gpu ??= GpuProfile.A100Fp32;
        var fits = (chips ?? ChipProfiles.All).Select(c => c.Fit(activity)).ToArray();
        return new EnergyReport(activity, model.Snn(activity), model.Ann(activity), gpu.Ann(activity), gpu.DenseSnn(activity), fits);
    }

    /// <summary>A plain-text table of the counts and energies (invariant culture).</summary>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var a = Activity;
        double n = a.Samples;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Network '{a.Network.Name}': {a.Samples} sample(s) x {a.Steps} steps");
        sb.AppendLine(c, $"{"population",-16} {"neurons",10} {"spikes/sample",14} {"rate/step",10}");
        foreach (var p in a.Populations)
        {
            sb.AppendLine(c, $"{p.Name,-16} {p.Neurons,10} {p.Spikes / n,14:G6} {p.SpikesPerNeuronStep(a.Steps, a.Samples),10:G4}");
        }

        sb.AppendLine(c, $"{"projection",-16} {"synapses",12} {"SynOps/sample",14} {"ANN ops/sample",15}");
        foreach (var p in a.Projections)
        {
            sb.AppendLine(c, $"{p.Name,-16} {p.Connections,12} {p.SynapticOperations / n,14:G6} {p.AnnOperations / n,15:G6}");
        }

        sb.AppendLine(c, $"neuron updates/sample {a.NeuronUpdates / n:G6}; weights {a.WeightBytes} B; state {a.StateBytes} B");
        sb.AppendLine();
        sb.AppendLine(c, $"{"platform",-44} {"uJ/inference",14}  notes");
        Row(sb, Snn, string.Empty);
        Row(sb, Ann, string.Empty);
        Row(sb, Gpu, string.Join("; ", Gpu.Caveats));
        Row(sb, GpuDenseSnn, "every synapse every step");
        foreach (var f in Chips)
        {
            string fit = f.Fits ? $"fits, {f.CoresNeeded} of {f.Chip.Cores} cores" : "does not fit: " + string.Join("; ", f.Problems);
            if (f.Energy is { } e)
            {
                Row(sb, e, fit + (e.Caveats.Count > 0 ? "; " + string.Join("; ", e.Caveats) : string.Empty));
            }
            else
            {
                sb.AppendLine(c, $"{f.Chip.Name,-44} {"n/a",14}  {fit}; no published energy per operation");
            }
        }

        return sb.ToString();
    }

    private static void Row(StringBuilder sb, EnergyEstimate e, string notes) =>
        sb.AppendLine(CultureInfo.InvariantCulture, $"{e.Platform,-44} {e.TotalMicrojoules,14:G4}  {notes}");
}
