namespace Lapicque.Neurons;

/// <summary>
/// The registry of neuron models by name ("lif", "hh", ...): each entry gives the model's parameter record with its
/// defaults, its named presets, and the settable parameters, so that the CLI and file readers can build any model
/// from text. Registering a model is one line in <see cref="Models"/>.
/// </summary>
public static class NeuronCatalog
{
    // One line per model. The name is the record's ModelName; presets come from its optional static Presets property.
    private static readonly NeuronModelInfo[] Models =
    [
        NeuronModelInfo.Of<LifParameters>("leaky integrate-and-fire (Lapicque 1907)"),
        NeuronModelInfo.Of<CubaLifParameters>("current-based LIF with an exponential synaptic current"),
        NeuronModelInfo.Of<IntegrateAndFireParameters>("non-leaky integrate-and-fire"),
        NeuronModelInfo.Of<LeakyIntegratorParameters>("leaky integrator, non-spiking readout"),
        NeuronModelInfo.Of<AdaptiveLifParameters>("LIF with an adaptive threshold (Bellec et al. 2018)"),
        NeuronModelInfo.Of<QifParameters>("quadratic integrate-and-fire, normal form"),
        NeuronModelInfo.Of<KlosQifParameters>("QIF with exponential synaptic current (Klos and Memmesheimer 2025)"),
        NeuronModelInfo.Of<ThetaParameters>("theta neuron, phase form (Ermentrout and Kopell 1986)"),
        NeuronModelInfo.Of<IzhikevichParameters>("Izhikevich 2003 simple model, with named presets"),
        NeuronModelInfo.Of<HodgkinHuxleyParameters>("Hodgkin-Huxley 1952 squid axon"),
        NeuronModelInfo.Of<TraubMilesParameters>("Traub-Miles Hodgkin-Huxley cell of the COBAHH benchmark"),
        NeuronModelInfo.Of<AdExParameters>("adaptive exponential integrate-and-fire (Brette and Gerstner 2005), Naud et al. 2008 presets"),
    ];

    /// <summary>Every registered model, in registration order.</summary>
    public static IReadOnlyList<NeuronModelInfo> All => Models;

    /// <summary>The registered model names.</summary>
    public static IReadOnlyList<string> Names { get; } = Models.Select(m => m.Name).ToArray();

    /// <summary>Finds a model by name (case-insensitive); false when there is none.</summary>
    public static bool TryGet(string name, out NeuronModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var m in Models)
        {
            if (string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                model = m;
                return true;
            }
        }

        model = null!;
        return false;
    }

    /// <summary>The model called <paramref name="name"/>; throws <see cref="ArgumentException"/> listing the known names.</summary>
    public static NeuronModelInfo Get(string name) =>
        TryGet(name, out var model)
            ? model
            : throw new ArgumentException($"Unknown neuron model '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name));
}
