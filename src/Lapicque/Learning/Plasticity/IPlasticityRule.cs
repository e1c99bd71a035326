namespace Lapicque.Learning.Plasticity;

/// <summary>
/// A local learning rule acting on the weights of one projection while the clock-driven simulator runs
/// (<see cref="Simulation.ClockDrivenSimulator.AddPlasticity"/>). The simulator calls <see cref="Bind"/> once and then
/// <see cref="Step"/> in every step, after the step's spikes are known and before they are sent, with the indices of the
/// presynaptic and postsynaptic neurons that fired in that step (both stamped (step + 1) * dt). Rules should make their cost
/// follow the number of spikes: touch the outgoing row of each pre neuron that fired and the incoming column
/// (<see cref="SynapseColumns"/>) of each post neuron that fired, and decay traces in one SIMD pass per step.
/// </summary>
public interface IPlasticityRule
{
    /// <summary>Attaches the rule to a projection's synapses; called once, before the first step.</summary>
    void Bind(PlasticityContext context);

    /// <summary>
    /// Applies the rule for step <paramref name="step"/>: <paramref name="preFired"/> and <paramref name="postFired"/> are
    /// the indices, ascending, of the source and target neurons that fired in this step.
    /// </summary>
    void Step(long step, ReadOnlySpan<int> preFired, ReadOnlySpan<int> postFired);

    /// <summary>Clears the rule's state (traces, eligibilities), not the weights; the simulator calls it on reset.</summary>
    void Reset();
}
