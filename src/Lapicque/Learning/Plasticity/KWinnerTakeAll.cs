using Lapicque.Neurons;

namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Direct k-winner-take-all competition around any neuron model with a membrane variable "v": the inner model steps as
/// usual, and when more neurons fire than the competition allows, only the most depolarised keep their spikes. A neuron's
/// score is its membrane at the start of the step (after delta synapses) plus its input in the step, which for
/// integrate-and-fire neurons with direct input is the potential that crossed the threshold, so the highest score is the
/// earliest crossing within the step; ties go to the lower index. A neuron that loses is reset as the inner model resets
/// after a spike, but its spike is removed: it is shunted, as by instantaneous strong inhibition. Use this instead of an
/// inhibitory population (<see cref="LateralInhibition"/>) when the competition itself, not its dynamics, is wanted, as in
/// Kheradpisheh et al. 2018.
/// </summary>
/// <param name="Inner">The neuron model that competes.</param>
/// <param name="K">Number of winners (&gt;= 1).</param>
/// <param name="Scope">Whether k limits each step or each presentation.</param>
public sealed record KWinnerTakeAll(INeuronModel Inner, int K = 1, WinnerScope Scope = WinnerScope.PerStep) : INeuronModel
{
    /// <inheritdoc/>
    public string ModelName => "kwta-" + Inner.ModelName;

    /// <inheritdoc/>
    public string InputUnit => Inner.InputUnit;

    /// <inheritdoc/>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Inner, nameof(Inner));
        Check.That(K >= 1, nameof(K), ">= 1", K);
        Check.That(Enum.IsDefined(Scope), nameof(Scope), "PerStep or PerPresentation", (int)Scope);
        Inner.Validate();
    }

    /// <inheritdoc/>
    public NeuronPopulation CreatePopulation(int size, double dtMs)
    {
        Validate();
        return new KWinnerTakeAllPopulation(this, Inner.CreatePopulation(size, dtMs));
    }
}
