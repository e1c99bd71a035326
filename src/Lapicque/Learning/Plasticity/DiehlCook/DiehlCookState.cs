using System.Numerics.Tensors;
using Lapicque.Neurons;
using Lapicque.Numerics;
using Lapicque.Simulation;

namespace Lapicque.Learning.Plasticity.DiehlCook;

/// <summary>
/// The fast variables of one Diehl &amp; Cook simulation (membranes, conductances, refractory counters, spike buffers) and
/// the specialised step loop over them. One state per thread: the weights and thresholds it reads belong to the
/// <see cref="DiehlCookNetwork"/>; the state owns nothing shared, so evaluation can run one state per worker.
/// </summary>
/// <remarks>
/// One step: Poisson input spikes are drawn only for non-zero pixels; each input spike adds its weight row to the
/// excitatory conductance (event-driven, only rows of inputs that spiked); the conductances go through the library's
/// exponential receptor kernel (<see cref="ReceptorKernels.Current"/>, which gives their mean over the step), the
/// membrane is integrated exactly for those conductances (<see cref="ConductanceDrive"/>); excitatory thresholds, resets,
/// blocking and theta follow Brian 1.4 (<c>FireBlocked</c>; <see cref="AdaptiveLif.Step"/> with the held-membrane option),
/// the inhibitory layer runs <see cref="AdaptiveLif.Step"/>. Excitatory spikes
/// reach their inhibitory partner in the same step; inhibitory spikes reach all other excitatory neurons one step later.
/// </remarks>
internal sealed class DiehlCookState
{
    private readonly DiehlCookParameters _p;
    private readonly AdaptiveLifPropagator _exc, _inh;
    private readonly float _meanE, _decayE, _meanI, _decayI, _dtOverTauE, _dtOverTauI;
    private readonly double _thetaDecay, _offsetA;
    private readonly float _blockSteps;
    private readonly float[] _vE, _refE, _geE, _giE, _inE, _spE, _dueE, _dueIE, _gE, _gI, _scratch;
    private readonly float[] _vI, _aI, _refI, _geI, _inI, _spI, _dueEI;
    private readonly int[] _pre, _post, _active;
    private readonly float[] _prob;

    public DiehlCookState(DiehlCookParameters p)
    {
        _p = p;
        double dt = p.DtMs;
        // theta is held within a presentation and decayed once per presentation (DecayTheta), in double.
        _exc = p.ExcitatoryNeuron.Propagator(dt) with { Rho = 1f };
        _inh = p.InhibitoryNeuron.Propagator(dt);
        _decayE = (float)Math.Exp(-dt / p.TauGeMs);
        _meanE = (float)(-double.ExpM1(-dt / p.TauGeMs) * p.TauGeMs / dt);
        _decayI = (float)Math.Exp(-dt / p.TauGiMs);
        _meanI = (float)(-double.ExpM1(-dt / p.TauGiMs) * p.TauGiMs / dt);
        _thetaDecay = Math.Exp(-(p.PresentSteps * dt + p.RestMs) / p.TauThetaMs);
        _offsetA = p.ThetaOffsetMv / p.ThetaPlusMv;

        // Brian 1.4 allows the next spike once t >= t_spike + RefractoryMs - dt / 2: the steps strictly in between are blocked.
        _blockSteps = Math.Max(0, (int)Math.Ceiling((p.ExcRefractoryMs / dt) - 0.5) - 1);
        _dtOverTauE = (float)(dt / p.ExcTauMemMs);
        _dtOverTauI = (float)(dt / p.InhTauMemMs);
        int n = p.Excitatory;
        _vE = new float[n]; _refE = new float[n]; _geE = new float[n]; _giE = new float[n];
        _inE = new float[n]; _spE = new float[n]; _dueE = new float[n]; _dueIE = new float[n];
        _gE = new float[n]; _gI = new float[n]; _scratch = new float[n];
        _vI = new float[n]; _aI = new float[n]; _refI = new float[n]; _geI = new float[n];
        _inI = new float[n]; _spI = new float[n]; _dueEI = new float[n];
        _pre = new int[p.Inputs];
        _post = new int[n];
        _active = new int[p.Inputs];
        _prob = new float[p.Inputs];
        Rest();
    }

    /// <summary>Excitatory membrane potentials in mV (for tests and inspection).</summary>
    public ReadOnlySpan<float> ExcitatoryV => _vE;

    /// <summary>Resets every fast variable to rest: what the 150 ms pause between images does to within exp(-150/40).</summary>
    public void Rest()
    {
        Array.Fill(_vE, (float)_p.ExcRestMv);
        Array.Fill(_vI, (float)_p.InhRestMv);
        Array.Clear(_refE); Array.Clear(_geE); Array.Clear(_giE); Array.Clear(_dueIE);
        Array.Clear(_refI); Array.Clear(_geI); Array.Clear(_aI); Array.Clear(_dueEI);
    }

    /// <summary>
    /// Decays theta over one presentation and its rest: theta *= exp(-(PresentMs + RestMs) / TauThetaMs), on the
    /// adaptation a = (theta - offset) / theta+, i.e. a = (a + offset / theta+) d - offset / theta+, in double.
    /// </summary>
    public void DecayTheta(Span<float> adaptation)
    {
        for (int j = 0; j < adaptation.Length; j++)
        {
            adaptation[j] = (float)(((adaptation[j] + _offsetA) * _thetaDecay) - _offsetA);
        }
    }

    /// <summary>
    /// Presents one image for PresentMs: pixel intensities in [0, 1] fire at intensity x MaxRateHz x rateScale.
    /// Adds each excitatory neuron's spike count to <paramref name="counts"/> and returns the total.
    /// <paramref name="rule"/> (may be null) learns on the input weights in <paramref name="weights"/> (row-major
    /// Inputs x Excitatory); <paramref name="adaptation"/> is the excitatory threshold state (theta = ThetaPlusMv x a).
    /// </summary>
    public int Present(ReadOnlySpan<float> image, double rateScale, Rng rng, float[] weights, Span<float> adaptation, IPlasticityRule? rule, Span<int> counts)
    {
        int n = _p.Excitatory;
        int nActive = 0;
        double perStep = _p.MaxRateHz * rateScale * _p.DtMs / 1000.0;
        for (int i = 0; i < image.Length; i++)
        {
            if (image[i] > 0f)
            {
                _active[nActive] = i;
                _prob[nActive++] = (float)Math.Min(1.0, image[i] * perStep);
            }
        }

        float wEI = (float)_p.ExcToInhWeight, wIE = (float)_p.InhToExcWeight;
        float eExc = (float)_p.ExcReversalMv, eInhE = (float)_p.ExcInhReversalMv;
        int steps = _p.PresentSteps;
        int total = 0;
        for (int step = 0; step < steps; step++)
        {
            int nPre = 0;
            for (int k = 0; k < nActive; k++)
            {
                if (rng.NextFloat() < _prob[k])
                {
                    _pre[nPre++] = _active[k];
                }
            }

            Array.Clear(_dueE);
            for (int k = 0; k < nPre; k++)
            {
                TensorPrimitives.Add(_dueE, weights.AsSpan(_pre[k] * n, n), _dueE);
            }

            // Step-mean conductances from the library's exponential receptor kernel, then the exact membrane drive.
            Array.Clear(_gE);
            Array.Clear(_gI);
            ReceptorKernels.Current(_geE, _dueE, _gE, _meanE, _decayE);
            ReceptorKernels.Current(_giE, _dueIE, _gI, _meanI, _decayI);
            if (_p.ExcRefractoryHoldsMembrane)
            {
                ConductanceDrive.Exact(_vE, _gE, _gI, _inE, _scratch, _exc.RestMv, eExc, eInhE, _dtOverTauE, _exc.Beta, _exc.InputGain);
                AdaptiveLif.Step(_exc, _vE, adaptation, _refE, _inE, _spE);
            }
            else
            {
                ConductanceDrive.Next(_vE, _gE, _gI, _inE, _scratch, _exc.RestMv, eExc, eInhE, _dtOverTauE);
                FireBlocked(_inE, adaptation);
            }

            int nPost = 0;
            for (int j = 0; j < n; j++)
            {
                if (_spE[j] != 0f)
                {
                    _post[nPost++] = j;
                    counts[j]++;
                }
            }

            total += nPost;

            // Excitatory -> inhibitory is one-to-one and acts in the same step; there are no I -> I synapses.
            TensorPrimitives.Multiply(_spE, wEI, _dueEI);
            Array.Clear(_gE);
            Array.Clear(_gI);
            ReceptorKernels.Current(_geI, _dueEI, _gE, _meanE, _decayE);
            ConductanceDrive.Exact(_vI, _gE, _gI, _inI, _scratch, _inh.RestMv, eExc, eExc, _dtOverTauI, _inh.Beta, _inh.InputGain);
            AdaptiveLif.Step(_inh, _vI, _aI, _refI, _inI, _spI);

            // Inhibitory -> excitatory is all-to-all but self: every neuron gets wIE x (all inhibitory spikes - its own).
            float nI = TensorPrimitives.Sum(_spI);
            if (nI > 0f)
            {
                float all = wIE * nI;
                for (int j = 0; j < n; j++)
                {
                    _dueIE[j] = all - (wIE * _spI[j]);
                }
            }
            else
            {
                Array.Clear(_dueIE);
            }

            rule?.Step(step, _pre.AsSpan(0, nPre), _post.AsSpan(0, nPost));
        }

        return total;
    }

    /// <summary>
    /// The excitatory threshold, reset and refractoriness of the Brian 1.4 code: the membrane keeps integrating after a
    /// spike (a string reset gets no clamp there) and only further spikes are blocked, until RefractoryMs - dt / 2 has
    /// passed (Brian's next allowed spike time). A neuron fires when its new potential is strictly above
    /// ExcThresholdMv + ThetaPlusMv a; it is then reset and a += 1.
    /// </summary>
    private void FireBlocked(ReadOnlySpan<float> next, Span<float> adaptation)
    {
        float threshold0 = _exc.ThresholdMv, thetaPlus = _exc.AdaptationMv, reset = _exc.ResetMv;
        float blockSteps = _blockSteps;
        for (int j = 0; j < next.Length; j++)
        {
            float x = next[j];
            bool blocked = _refE[j] > 0f;
            if (blocked)
            {
                _refE[j] -= 1f;
            }

            if (!blocked && x > threshold0 + (thetaPlus * adaptation[j]))
            {
                x = reset;
                adaptation[j] += 1f;
                _refE[j] = blockSteps;
                _spE[j] = 1f;
            }
            else
            {
                _spE[j] = 0f;
            }

            _vE[j] = x;
        }
    }
}
