namespace Lapicque.Neurons;

/// <summary>
/// Kernels of the theta neuron (<see cref="ThetaParameters"/>) in phase form: the maps between phase and potential, the
/// jump map of an input spike with its partial derivatives, the pseudospikes after the trial end, and the clock-driven
/// population step. Double precision.
/// </summary>
/// <remarks>
/// With psi = r phi / tau in [0, pi], V(phi) = 1/2 - r cot(psi) and (V - 1/2)^2 + c = r^2 / sin^2(psi). The jump map is
/// evaluated through these angles, H = (tau / r) atan2(r sin psi, r cos psi - w sin psi), which is exact up to rounding at
/// both ends of the period where V is infinite.
/// </remarks>
public static class Theta
{
    /// <summary>Phi(V) = (tau / r) (atan((V - 1/2)/r) + pi/2) in ms, in [0, Theta]; Phi(-infinity) = 0, Phi(+infinity) = Theta.</summary>
    public static double PhaseOf(in ThetaConstants k, double v) => k.TauMs / k.R * Math.Atan2(k.R, 0.5 - v);

    /// <summary>V(phi) = 1/2 + r tan(r phi / tau - pi/2); -infinity at phi &lt;= 0 and +infinity at phi &gt;= Theta.</summary>
    public static double PotentialOf(in ThetaConstants k, double phaseMs)
    {
        if (phaseMs <= 0)
        {
            return double.NegativeInfinity;
        }

        if (phaseMs >= k.PeriodMs)
        {
            return double.PositiveInfinity;
        }

        (double sp, double cp) = Math.SinCos(k.R * phaseMs / k.TauMs);
        return 0.5 - (k.R * cp / sp);
    }

    /// <summary>
    /// The phase after an input spike of weight <paramref name="w"/>: H(phi, w) = Phi(V(phi) + w), in (0, Theta). Within
    /// epsilon of 0 or Theta (V = -+infinity) the phase is left unchanged (dH/dw = 0, dH/dphi = 1).
    /// </summary>
    public static ThetaJump Jump(in ThetaConstants k, double phaseMs, double w)
    {
        if (phaseMs <= k.EpsilonMs || phaseMs >= k.PeriodMs - k.EpsilonMs)
        {
            return new ThetaJump(phaseMs, 0.0, 1.0);
        }

        (double sp, double cp) = Math.SinCos(k.R * phaseMs / k.TauMs);
        double psi = Math.Atan2(k.R * sp, (k.R * cp) - (w * sp));
        double sq = Math.Sin(psi);
        return new ThetaJump(k.TauMs * psi / k.R, k.TauMs * sq * sq / (k.R * k.R), sq * sq / (sp * sp));
    }

    /// <summary>The phase of <see cref="Jump"/> alone, for hot loops.</summary>
    public static double JumpPhase(in ThetaConstants k, double phaseMs, double w)
    {
        if (phaseMs <= k.EpsilonMs || phaseMs >= k.PeriodMs - k.EpsilonMs)
        {
            return phaseMs;
        }

        (double sp, double cp) = Math.SinCos(k.R * phaseMs / k.TauMs);
        return k.TauMs / k.R * Math.Atan2(k.R * sp, (k.R * cp) - (w * sp));
    }

    /// <summary>
    /// The <paramref name="index"/>-th pseudospike (index &gt;= 1) of a neuron with phase phi(T) at the trial end
    /// <paramref name="trialEndMs"/>: it receives one fictitious pulse u at T, phi+ = H(phi(T), u), and then oscillates
    /// freely, so t_k = T + k Theta - phi+. As an ordinary spike moves out through T, phi(T) tends to Theta and t_1 to T.
    /// </summary>
    public static ThetaPseudo PseudoSpikeTime(in ThetaConstants k, double trialEndMs, int index, double phaseMs, double u)
    {
        ThetaJump h = Jump(k, phaseMs, u);
        return new ThetaPseudo(trialEndMs + (index * k.PeriodMs) - h.Phase, -h.DPhaseDPhase, -h.DPhaseDw);
    }

    /// <summary>The pseudo rate rho = phi+ / Theta in [0, 1] with phi+ = H(phi(T), u), for the layer-wise rate pass.</summary>
    public static ThetaPseudo PseudoRate(in ThetaConstants k, double phaseMs, double u)
    {
        ThetaJump h = Jump(k, phaseMs, u);
        return new ThetaPseudo(h.Phase / k.PeriodMs, h.DPhaseDPhase / k.PeriodMs, h.DPhaseDw / k.PeriodMs);
    }

    /// <summary>
    /// Advances every neuron by one clock step: the input (summed weights of the step's input spikes) is applied at the
    /// start of the step with the jump map, then the phase advances by dt; reaching Theta is a spike and the phase wraps
    /// to phase - Theta (several times if dt &gt; Theta). spikes receives 1 where a neuron fired in the step, else 0.
    /// </summary>
    public static void Step(in ThetaConstants k, double dtMs, Span<float> phase, ReadOnlySpan<float> input, Span<float> spikes)
    {
        int n = phase.Length;
        if (input.Length != n || spikes.Length != n)
        {
            throw new ArgumentException($"Span lengths differ: phase {n}, input {input.Length}, spikes {spikes.Length}; all must equal phase.Length.");
        }

        for (int j = 0; j < n; j++)
        {
            double p = phase[j];
            if (input[j] != 0f)
            {
                p = JumpPhase(k, p, input[j]);
            }

            p += dtMs;
            bool fired = false;
            while (p >= k.PeriodMs)
            {
                p -= k.PeriodMs;
                fired = true;
            }

            phase[j] = (float)p;
            spikes[j] = fired ? 1f : 0f;
        }
    }
}
