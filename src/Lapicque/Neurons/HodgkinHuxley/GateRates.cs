using System.Numerics;
using System.Runtime.CompilerServices;

namespace Lapicque.Neurons;

/// <summary>
/// Opening (alpha) and closing (beta) rates in 1/ms of the m, h and n gates at membrane potential V (mV), in float and
/// lane by lane. The two forms evaluate the same expressions; they differ only in the exp routine's last bits.
/// </summary>
internal interface IGateRates
{
    void Rates(float v, out float am, out float bm, out float ah, out float bh, out float an, out float bn);

    void Rates(Vector<float> v, out Vector<float> am, out Vector<float> bm, out Vector<float> ah, out Vector<float> bh, out Vector<float> an, out Vector<float> bn);
}

/// <summary>
/// The squid giant axon rates of Hodgkin and Huxley (1952), in the modern convention (V in mV, rest near -65 mV),
/// each multiplied by the temperature factor phi = 3^((T - 6.3)/10):
/// alpha_m = 0.1 (V+40) / (1 - e^{-(V+40)/10}) = 1 / exprel(-(V+40)/10); beta_m = 4 e^{-(V+65)/18};
/// alpha_h = 0.07 e^{-(V+65)/20}; beta_h = 1 / (1 + e^{-(V+35)/10});
/// alpha_n = 0.01 (V+55) / (1 - e^{-(V+55)/10}) = 0.1 / exprel(-(V+55)/10); beta_n = 0.125 e^{-(V+65)/80}.
/// </summary>
internal readonly struct SquidAxonRates(float phi) : IGateRates
{
    private readonly float _phi = phi;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rates(float v, out float am, out float bm, out float ah, out float bh, out float an, out float bn)
    {
        am = _phi / Exprel.Of(-(v + 40f) * 0.1f);
        bm = _phi * 4f * MathF.Exp(-(v + 65f) * (1f / 18f));
        ah = _phi * 0.07f * MathF.Exp(-(v + 65f) * 0.05f);
        bh = _phi / (1f + MathF.Exp(-(v + 35f) * 0.1f));
        an = _phi * 0.1f / Exprel.Of(-(v + 55f) * 0.1f);
        bn = _phi * 0.125f * MathF.Exp(-(v + 65f) * 0.0125f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rates(Vector<float> v, out Vector<float> am, out Vector<float> bm, out Vector<float> ah, out Vector<float> bh, out Vector<float> an, out Vector<float> bn)
    {
        var phi = new Vector<float>(_phi);
        am = phi / Exprel.Of(-(v + new Vector<float>(40f)) * new Vector<float>(0.1f));
        bm = phi * new Vector<float>(4f) * Vector.Exp(-(v + new Vector<float>(65f)) * new Vector<float>(1f / 18f));
        ah = phi * new Vector<float>(0.07f) * Vector.Exp(-(v + new Vector<float>(65f)) * new Vector<float>(0.05f));
        bh = phi / (Vector<float>.One + Vector.Exp(-(v + new Vector<float>(35f)) * new Vector<float>(0.1f)));
        an = phi * new Vector<float>(0.1f) / Exprel.Of(-(v + new Vector<float>(55f)) * new Vector<float>(0.1f));
        bn = phi * new Vector<float>(0.125f) * Vector.Exp(-(v + new Vector<float>(65f)) * new Vector<float>(0.0125f));
    }
}

/// <summary>
/// The Traub-Miles rates of the Brette et al. (2007) benchmark 3 (Brian2 examples/COBAHH.py), with u = V - VT (mV):
/// alpha_m = 0.32 (13 - u) / (e^{(13-u)/4} - 1) = 1.28 / exprel((13-u)/4);
/// beta_m = 0.28 (u - 40) / (e^{(u-40)/5} - 1) = 1.4 / exprel((u-40)/5);
/// alpha_h = 0.128 e^{(17-u)/18}; beta_h = 4 / (1 + e^{(40-u)/5});
/// alpha_n = 0.032 (15 - u) / (e^{(15-u)/5} - 1) = 0.16 / exprel((15-u)/5); beta_n = 0.5 e^{(10-u)/40}.
/// </summary>
internal readonly struct TraubMilesRates(float vtMv) : IGateRates
{
    private readonly float _vt = vtMv;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rates(float v, out float am, out float bm, out float ah, out float bh, out float an, out float bn)
    {
        float u = v - _vt;
        am = 1.28f / Exprel.Of((13f - u) * 0.25f);
        bm = 1.4f / Exprel.Of((u - 40f) * 0.2f);
        ah = 0.128f * MathF.Exp((17f - u) * (1f / 18f));
        bh = 4f / (1f + MathF.Exp((40f - u) * 0.2f));
        an = 0.16f / Exprel.Of((15f - u) * 0.2f);
        bn = 0.5f * MathF.Exp((10f - u) * 0.025f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Rates(Vector<float> v, out Vector<float> am, out Vector<float> bm, out Vector<float> ah, out Vector<float> bh, out Vector<float> an, out Vector<float> bn)
    {
        var u = v - new Vector<float>(_vt);
        am = new Vector<float>(1.28f) / Exprel.Of((new Vector<float>(13f) - u) * new Vector<float>(0.25f));
        bm = new Vector<float>(1.4f) / Exprel.Of((u - new Vector<float>(40f)) * new Vector<float>(0.2f));
        ah = new Vector<float>(0.128f) * Vector.Exp((new Vector<float>(17f) - u) * new Vector<float>(1f / 18f));
        bh = new Vector<float>(4f) / (Vector<float>.One + Vector.Exp((new Vector<float>(40f) - u) * new Vector<float>(0.2f)));
        an = new Vector<float>(0.16f) / Exprel.Of((new Vector<float>(15f) - u) * new Vector<float>(0.2f));
        bn = new Vector<float>(0.5f) * Vector.Exp((new Vector<float>(10f) - u) * new Vector<float>(0.025f));
    }
}
