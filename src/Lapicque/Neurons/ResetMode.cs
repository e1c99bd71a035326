namespace Lapicque.Neurons;

/// <summary>What happens to the membrane potential when a neuron fires.</summary>
public enum ResetMode
{
    /// <summary>Set to the reset potential.</summary>
    ToValue,

    /// <summary>Subtract (threshold - reset) and keep the excess (snnTorch's "subtract", Norse's soft reset).</summary>
    Subtract,

    /// <summary>No reset: the potential keeps its value.</summary>
    None,
}

/// <summary>How a step's input enters the membrane of a leaky model.</summary>
public enum InputMode
{
    /// <summary>
    /// The input is a drive (R*I in mV) held constant over the step and integrated exactly:
    /// V(t+dt) = Vrest + (V - Vrest) beta + (1 - beta) R I.
    /// </summary>
    Current,

    /// <summary>
    /// The input is added to the membrane once per step (the discrete form of snnTorch and Norse's LIF box):
    /// V(t+dt) = Vrest + (V - Vrest) beta + I.
    /// </summary>
    Direct,
}
