using Lapicque.Neurons;

namespace Lapicque.Networks;

/// <summary>
/// The standard benchmark networks of Brette et al. 2007 (after Vogels and Abbott 2005), built as in Brian2's examples:
/// 4000 neurons (3200 excitatory, 800 inhibitory), 2% random connectivity, to be run with dt = 0.1 ms for 1 s.
/// </summary>
public static class StandardNetworks
{
    /// <summary>Number of excitatory neurons.</summary>
    public const int Excitatory = 3200;

    /// <summary>Number of inhibitory neurons.</summary>
    public const int Inhibitory = 800;

    /// <summary>
    /// CUBA: LIF neurons (tau_m 20 ms, V_t -50 mV, V_r -60 mV, E_l -49 mV, refractory 5 ms) with exponential currents
    /// (tau_e 5 ms, tau_i 10 ms); weights 60*0.27/10 mV (excitatory) and -20*4.5/10 mV (inhibitory); V uniform in [V_r, V_t).
    /// </summary>
    public static Network Cuba(double connectionProbability = 0.02)
    {
        var lif = new LifParameters
        {
            TauMemMs = 20, RestMv = -49, ThresholdMv = -50, ResetMv = -60, InitialMv = -60, RefractoryMs = 5,
            Reset = ResetMode.ToValue, Input = InputMode.Current,
        };
        var v0 = new Dictionary<string, InitialValue> { ["v"] = new InitialValue.Uniform(-60, -50) };
        return BalancedNetwork(
            "cuba",
            lif,
            v0,
            new Synapse.Current(5),
            new Synapse.Current(10),
            60 * 0.27 / 10,
            -20 * 4.5 / 10,
            connectionProbability);
    }

    /// <summary>
    /// COBA: LIF neurons (tau_m 20 ms, E_l -60 mV, V_t -50 mV, V_r -60 mV, refractory 5 ms) with exponential conductances
    /// (tau_e 5 ms to E_e 0 mV, tau_i 10 ms to E_i -80 mV). Conductances are relative to the leak (10 nS, C = 200 pF): weights
    /// 6 nS and 67 nS are 0.6 and 6.7. Initial V uniform in [V_r, V_t), g_e ~ N(4, 1.5), g_i ~ N(20, 12), as in Brian2's benchmark.
    /// </summary>
    public static Network Coba(double connectionProbability = 0.02)
    {
        var lif = new LifParameters
        {
            TauMemMs = 20, RestMv = -60, ThresholdMv = -50, ResetMv = -60, InitialMv = -60, RefractoryMs = 5,
            Reset = ResetMode.ToValue, Input = InputMode.Current,
        };
        var initial = new Dictionary<string, InitialValue>
        {
            ["v"] = new InitialValue.Uniform(-60, -50),
            ["ge"] = new InitialValue.Normal(4, 1.5),
            ["gi"] = new InitialValue.Normal(20, 12),
        };
        return BalancedNetwork(
            "coba",
            lif,
            initial,
            new Synapse.Conductance(5, 0),
            new Synapse.Conductance(10, -80),
            6.0 / 10.0,
            67.0 / 10.0,
            connectionProbability);
    }

    /// <summary>
    /// COBAHH: Traub-Miles Hodgkin-Huxley cells (area 20000 um^2; see <see cref="TraubMilesParameters"/>) with exponential
    /// conductances (tau_e 5 ms to 0 mV, tau_i 10 ms to -80 mV), weights 6 nS and 67 nS, as Brian2's COBAHH example: initial
    /// V ~ N(-65, 5) mV, g_e ~ N(40, 15) nS, g_i ~ N(200, 120) nS, gates m = h = n = 0.
    /// </summary>
    public static Network CobaHH(double connectionProbability = 0.02)
    {
        var initial = new Dictionary<string, InitialValue>
        {
            ["v"] = new InitialValue.Normal(-65, 5),
            ["m"] = new InitialValue.Constant(0),
            ["h"] = new InitialValue.Constant(0),
            ["n"] = new InitialValue.Constant(0),
            ["ge"] = new InitialValue.Normal(40, 15),
            ["gi"] = new InitialValue.Normal(200, 120),
        };
        return BalancedNetwork(
            "cobahh",
            new TraubMilesParameters(),
            initial,
            new Synapse.Conductance(5, 0),
            new Synapse.Conductance(10, -80),
            6.0,
            67.0,
            connectionProbability);
    }

    /// <summary>The two-population balanced network with the given model, synapses and weights.</summary>
    public static Network BalancedNetwork(
        string name, INeuronModel model, IReadOnlyDictionary<string, InitialValue> initial, Synapse excitatory, Synapse inhibitory,
        double weightExcitatory, double weightInhibitory, double connectionProbability)
    {
        var pops = new[]
        {
            new Population { Name = "exc", Model = model, Shape = [Excitatory], Initial = initial },
            new Population { Name = "inh", Model = model, Shape = [Inhibitory], Initial = initial },
        };
        var projections = new List<Projection>();
        foreach (string source in new[] { "exc", "inh" })
        {
            foreach (string target in new[] { "exc", "inh" })
            {
                bool e = source == "exc";
                projections.Add(new Projection
                {
                    Name = $"{source}_{target}",
                    Source = source,
                    Target = target,
                    Connectivity = new Connectivity.FixedProbability(connectionProbability),
                    Weights = new WeightInit.Constant(e ? weightExcitatory : weightInhibitory),
                    Synapse = e ? excitatory : inhibitory,
                    Receptor = e ? "ge" : "gi",
                });
            }
        }

        return new Network(name, pops, projections);
    }
}
