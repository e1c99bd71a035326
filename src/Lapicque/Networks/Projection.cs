namespace Lapicque.Networks;

/// <summary>
/// A named projection from one population to another: which neurons connect (<see cref="Connectivity"/>), their initial
/// weights, what a spike does at the target (<see cref="Synapse"/>) and the transmission delay. After
/// <see cref="Network.Build"/> it holds its weights: <see cref="Matrix"/> for neuron-to-neuron connectivity, or
/// <see cref="Kernel"/> (and <see cref="Bias"/>) for convolutions.
/// </summary>
public sealed class Projection
{
    /// <summary>Unique name within the network.</summary>
    public required string Name { get; init; }

    /// <summary>Name of the source population.</summary>
    public required string Source { get; init; }

    /// <summary>Name of the target population.</summary>
    public required string Target { get; init; }

    /// <summary>Which neurons connect.</summary>
    public required Connectivity Connectivity { get; init; }

    /// <summary>How the weights are initialised.</summary>
    public WeightInit Weights { get; init; } = new WeightInit.Constant(1.0);

    /// <summary>What an arriving spike does to the target.</summary>
    public Synapse Synapse { get; init; } = new Synapse.Delta();

    /// <summary>Transmission delay; null means none (a spike emitted in step n acts in step n + 1).</summary>
    public DelayInit? Delay { get; init; }

    /// <summary>
    /// Name of the receptor variable at the target (for example "ge"): projections onto the same target with the same receptor
    /// name share its state, and must then have equal synapses. Null gives a name derived from the synapse, so projections with
    /// equal synapses share a receptor. A population's <see cref="Population.Initial"/> may set a receptor by this name.
    /// </summary>
    public string? Receptor { get; init; }

    /// <summary>The receptor name in effect: <see cref="Receptor"/>, or one derived from the synapse.</summary>
    public string ReceptorName => Receptor ?? Synapse switch
    {
        Synapse.Delta => "delta",
        Synapse.Instant => "instant",
        Synapse.Current c => FormattableString.Invariant($"current_{c.TauMs:G6}ms"),
        Synapse.Conductance g => FormattableString.Invariant($"conductance_{g.TauMs:G6}ms_{g.ReversalMv:G6}mV"),
        _ => Synapse.GetType().Name,
    };

    /// <summary>Name of a plasticity rule acting on this projection (used by the plasticity engine), or null.</summary>
    public string? Plasticity { get; init; }

    /// <summary>The synapses and weights, once built; null for convolution and pooling.</summary>
    public SynapseMatrix? Matrix { get; internal set; }

    /// <summary>Convolution weights [Cout, Cin, KernelH, KernelW], once built; null otherwise.</summary>
    public float[]? Kernel { get; internal set; }

    /// <summary>Convolution bias [Cout] when the convolution has one; null otherwise.</summary>
    public float[]? Bias { get; internal set; }

    /// <summary>True once <see cref="Network.Build"/> has created the weights.</summary>
    public bool IsBuilt => Matrix is not null || Kernel is not null || Connectivity is Connectivity.Pool2d;
}
