using System.Numerics.Tensors;
using Lapicque.Numerics;

namespace Lapicque.Learning.Plasticity;

/// <summary>
/// Reward-modulated STDP (<see cref="RewardStdpParameters"/>). Per step: the STDP traces, the eligibilities and the dopamine
/// decay; the spikes of the step add their STDP terms to the eligibilities of the rows and columns they touch; rewards
/// given with <see cref="Reward"/> since the last step are added to the dopamine; then, while d - dbar + d_tonic is not zero,
/// every weight moves by LearningRate dt c (d - dbar + d_tonic). Cost: the eligibility decay and, while there is dopamine,
/// the weight update are SIMD passes over all synapses; the STDP terms follow the spikes. Dopamine and its baseline below
/// 1e-6 of the largest reward are set to zero, so that the weight pass stops between rewards.
/// </summary>
public sealed class RewardModulatedStdp : IPlasticityRule
{
    private PlasticityContext? _context;
    private SpikeTrace _pre = null!;
    private SpikeTrace _post = null!;
    private float[] _c = [];
    private float _cDecay;
    private double _dDecay;
    private double _pending;
    private double _floor;
    private double _bRate;

    /// <summary>Creates the rule; the parameters are checked here.</summary>
    public RewardModulatedStdp(RewardStdpParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
    }

    /// <summary>The rule's parameters.</summary>
    public RewardStdpParameters Parameters { get; }

    /// <summary>The dopamine level d after the last step.</summary>
    public double Dopamine { get; private set; }

    /// <summary>The running dopamine mean dbar subtracted in the weight update (0 unless <see cref="RewardStdpParameters.BaselineTauMs"/> &gt; 0).</summary>
    public double DopamineBaseline { get; private set; }

    /// <summary>The eligibility trace c of each synapse (same order as the weights).</summary>
    public ReadOnlySpan<float> Eligibility => _c;

    /// <inheritdoc/>
    public void Bind(PlasticityContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var p = Parameters;
        _pre = new SpikeTrace(context.PreCount, p.TauPlusMs, context.DtMs);
        _post = new SpikeTrace(context.PostCount, p.TauMinusMs, context.DtMs);
        _c = new float[context.Matrix.Count];
        _cDecay = p.TauEligibilityMs > 0 ? (float)Math.Exp(-context.DtMs / p.TauEligibilityMs) : 0f;
        _dDecay = p.TauDopamineMs > 0 ? Math.Exp(-context.DtMs / p.TauDopamineMs) : 0;
        _bRate = p.BaselineTauMs > 0 ? -double.ExpM1(-context.DtMs / p.BaselineTauMs) : 0;
    }

    /// <summary>Delivers reward <paramref name="amount"/>; it reaches the dopamine in the next step.</summary>
    public void Reward(double amount)
    {
        Check.Finite(amount);
        _pending += amount;
        _floor = Math.Max(_floor, 1e-6 * Math.Abs(amount));
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _pre?.Clear();
        _post?.Clear();
        Array.Clear(_c);
        Dopamine = 0;
        _pending = 0;
        DopamineBaseline = 0;
    }

    /// <inheritdoc/>
    public void Step(long step, ReadOnlySpan<int> preFired, ReadOnlySpan<int> postFired)
    {
        var ctx = _context ?? throw new InvalidOperationException("RewardModulatedStdp.Step was called before Bind.");
        var p = Parameters;
        _pre.Decay();
        _post.Decay();
        if (_cDecay == 0f)
        {
            Array.Clear(_c);
        }
        else
        {
            VectorMath.Decay(_c, _cDecay);
        }

        var m = ctx.Matrix;
        var c = _c;
        float aPlus = (float)p.APlus, aMinus = (float)p.AMinus;
        var y = _post.Values;
        foreach (int i in preFired)
        {
            (int a, int b) = m.Row(i);
            for (int k = a; k < b; k++)
            {
                c[k] -= aMinus * y[m.TargetOf(k)];
            }
        }

        _pre.Spike(preFired, p.Pairing);
        if (postFired.Length > 0)
        {
            var x = _pre.Values;
            var cols = ctx.Columns;
            int[] ids = cols.SynapseIds, src = cols.Sources;
            foreach (int j in postFired)
            {
                (int a, int b) = cols.Column(j);
                for (int e = a; e < b; e++)
                {
                    c[ids[e]] += aPlus * x[src[e]];
                }
            }
        }

        _post.Spike(postFired, p.Pairing);

        // Dopamine: decays, then takes the rewards. With tau_d = 0 a reward is an impulse that acts in this step only.
        double impulse = 0;
        if (p.TauDopamineMs > 0)
        {
            Dopamine = (Dopamine * _dDecay) + _pending;
            if (Math.Abs(Dopamine) < _floor)
            {
                Dopamine = 0;
            }
        }
        else
        {
            impulse = _pending;
        }

        _pending = 0;
        if (_bRate > 0)
        {
            // The running mean follows the level the weights see: d, or an impulse spread over its step.
            double level = Dopamine + (impulse / ctx.DtMs);
            DopamineBaseline += _bRate * (level - DopamineBaseline);
            if (Math.Abs(DopamineBaseline) < _floor)
            {
                DopamineBaseline = 0;
            }
        }

        // Weight update. A continuous dopamine level integrates over the step (dt); an impulse or MSTDP's delta-shaped terms jump.
        double gain = p.TauEligibilityMs > 0
            ? p.LearningRate * (((Dopamine - DopamineBaseline + p.TonicDopamine) * ctx.DtMs) + impulse)
            : p.LearningRate * (Dopamine - DopamineBaseline + p.TonicDopamine + impulse);
        if (gain != 0)
        {
            var w = m.Weights;
            TensorPrimitives.MultiplyAdd(c, (float)gain, w, w);
            VectorMath.Clamp(w, (float)p.WMin, (float)p.WMax);
        }
    }
}
