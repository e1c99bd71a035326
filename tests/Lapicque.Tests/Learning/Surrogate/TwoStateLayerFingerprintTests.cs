using System.Globalization;
using Lapicque.Learning.Surrogate;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Surrogate;

/// <summary>
/// Bit-exact fingerprints of <see cref="CubaLifLayer{TSurrogate}"/> and <see cref="AdaptiveLifLayer{TSurrogate}"/>:
/// two training windows (Forward + Backward, state carried between them) over fixed random inputs, for every reset
/// mode, learnable beta and threshold on and off, per-neuron constants on and off and detached reset on and off. The
/// outputs, input gradients and parameter gradients are hashed (FNV-1a over the float bits).
/// </summary>
/// <remarks>
/// The yardstick is the implementation before the two layers were moved onto
/// TwoStateSpikingLayer (main at d756500): the expected hashes were captured
/// from it, so this test proves that the refactoring changed no bit. The correctness of the gradients themselves is
/// checked against finite differences in <see cref="SpikingLayerGradientTests"/>. The kernels use only +, * and
/// comparisons and the surrogate is ATan (a rational derivative), so the bits do not depend on the vector width or
/// on a math library. A deliberate change of the numerics must re-capture these values (set
/// LAPICQUE_PRINT_FINGERPRINTS to a file name to have them appended there).
/// </remarks>
public class TwoStateLayerFingerprintTests
{
    private const int T = 7, B = 3, N = 13;

    public static TheoryData<string, ResetMode, bool, bool, bool, bool> Cases()
    {
        var data = new TheoryData<string, ResetMode, bool, bool, bool, bool>();
        foreach (string model in new[] { "cuba", "alif" })
        {
            foreach (var reset in new[] { ResetMode.Subtract, ResetMode.ToValue, ResetMode.None })
            {
                foreach (bool learnBeta in new[] { false, true })
                {
                    foreach (bool learnThreshold in new[] { false, true })
                    {
                        foreach (bool perNeuron in new[] { false, true })
                        {
                            foreach (bool detach in new[] { true, false })
                            {
                                data.Add(model, reset, learnBeta, learnThreshold, perNeuron, detach);
                            }
                        }
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardAndBackward_AreBitIdenticalToTheReference(string model, ResetMode reset, bool learnBeta, bool learnThreshold, bool perNeuron, bool detach)
    {
        var options = new SpikingOptions { LearnBeta = learnBeta, LearnThreshold = learnThreshold, PerNeuron = perNeuron, DetachReset = detach };
        var sg = new ATan(2f);
        Layer layer = model == "cuba"
            ? new CubaLifLayer<ATan>("cuba", N, CubaLifParameters.FromBeta(0.8, 0.9, reset: reset) with { ResetMv = reset == ResetMode.ToValue ? 0.1 : 0.0 }, 1.0, sg, options)
            : new AdaptiveLifLayer<ATan>("alif", N, AdaptiveLifParameters.FromBeta(0.9, 0.8, 0.3, reset: reset) with { ResetMv = reset == ResetMode.ToValue ? 0.1 : 0.0 }, 1.0, sg, options);

        // Per-neuron constants that differ from neuron to neuron, so that a wrong neuron index changes the result.
        foreach (var p in layer.Parameters)
        {
            for (int j = 0; j < p.Length; j++)
            {
                p.Value[j] += 0.01f * j;
            }
        }

        var rng = new Rng(5150);
        ulong hash = Fnv.Offset;
        for (int window = 0; window < 2; window++)
        {
            var input = GradientCheck.Random(rng, -0.2f, 0.8f, T, B, N);
            var c = GradientCheck.Random(rng, -1f, 1f, T, B, N);
            hash = Fnv.Add(hash, layer.Forward(input, training: true).Span);
            hash = Fnv.Add(hash, layer.Backward(c, needInputGradient: true)!.Span);
        }

        foreach (var p in layer.Parameters)
        {
            hash = Fnv.Add(hash, p.Gradient);
        }

        string key = string.Create(CultureInfo.InvariantCulture, $"{model} {reset} {learnBeta} {learnThreshold} {perNeuron} {detach}");
        string? print = Environment.GetEnvironmentVariable("LAPICQUE_PRINT_FINGERPRINTS");
        if (!string.IsNullOrEmpty(print))
        {
            File.AppendAllText(print, string.Create(CultureInfo.InvariantCulture, $"        [\"{key}\"] = 0x{hash:X16}UL,\n"));
        }

        Assert.True(Expected.TryGetValue(key, out ulong expected), $"no fingerprint for {key}");
        Assert.Equal(expected, hash);
    }

    private static class Fnv
    {
        public const ulong Offset = 14695981039346656037UL;

        public static ulong Add(ulong hash, ReadOnlySpan<float> values)
        {
            foreach (float f in values)
            {
                uint bits = BitConverter.SingleToUInt32Bits(f);
                for (int i = 0; i < 4; i++)
                {
                    hash = (hash ^ ((bits >> (8 * i)) & 0xFF)) * 1099511628211UL;
                }
            }

            return hash;
        }
    }

    private static readonly Dictionary<string, ulong> Expected = new()
    {
        ["cuba Subtract False False False True"] = 0x18A83917C4EC4707UL,
        ["cuba Subtract False False False False"] = 0xFE93989D08E66F54UL,
        ["cuba Subtract False False True True"] = 0x18A83917C4EC4707UL,
        ["cuba Subtract False False True False"] = 0xFE93989D08E66F54UL,
        ["cuba Subtract False True False True"] = 0x60D418668EA21953UL,
        ["cuba Subtract False True False False"] = 0x2574A919A69386E3UL,
        ["cuba Subtract False True True True"] = 0x02B018192A46740BUL,
        ["cuba Subtract False True True False"] = 0x58AA20730AB61531UL,
        ["cuba Subtract True False False True"] = 0xF19386ACF887C6B5UL,
        ["cuba Subtract True False False False"] = 0x5EAF9CE1E58C793CUL,
        ["cuba Subtract True False True True"] = 0x9CD0E4362C1A424BUL,
        ["cuba Subtract True False True False"] = 0x0695291DF4C20089UL,
        ["cuba Subtract True True False True"] = 0x5291B255BE8C7D15UL,
        ["cuba Subtract True True False False"] = 0xEDDF5D2E6852D40BUL,
        ["cuba Subtract True True True True"] = 0x669846FDF53AEF80UL,
        ["cuba Subtract True True True False"] = 0x068402E21F0EFC3DUL,
        ["cuba ToValue False False False True"] = 0x2DBF8629C211B542UL,
        ["cuba ToValue False False False False"] = 0x3F747178B8FA5C70UL,
        ["cuba ToValue False False True True"] = 0x2DBF8629C211B542UL,
        ["cuba ToValue False False True False"] = 0x3F747178B8FA5C70UL,
        ["cuba ToValue False True False True"] = 0xEA07216AB023CAB5UL,
        ["cuba ToValue False True False False"] = 0x8B9C54413CAD25A7UL,
        ["cuba ToValue False True True True"] = 0xEDC41971419014D5UL,
        ["cuba ToValue False True True False"] = 0x416550CDE553563DUL,
        ["cuba ToValue True False False True"] = 0x4F8669149921074EUL,
        ["cuba ToValue True False False False"] = 0x5EA4DF16080F50C9UL,
        ["cuba ToValue True False True True"] = 0xD0D40F887C05FB2DUL,
        ["cuba ToValue True False True False"] = 0x1FE0CA0B548FBBA4UL,
        ["cuba ToValue True True False True"] = 0x623969F32396AC71UL,
        ["cuba ToValue True True False False"] = 0x941A5F575AF4F12EUL,
        ["cuba ToValue True True True True"] = 0x696AC983F84EEBADUL,
        ["cuba ToValue True True True False"] = 0x69965B5AF7D1553AUL,
        ["cuba None False False False True"] = 0x96581ED8DF5A4B7CUL,
        ["cuba None False False False False"] = 0x96581ED8DF5A4B7CUL,
        ["cuba None False False True True"] = 0x96581ED8DF5A4B7CUL,
        ["cuba None False False True False"] = 0x96581ED8DF5A4B7CUL,
        ["cuba None False True False True"] = 0xF39132CA87BB63E1UL,
        ["cuba None False True False False"] = 0xF39132CA87BB63E1UL,
        ["cuba None False True True True"] = 0xF2DE5D3A9E6A4636UL,
        ["cuba None False True True False"] = 0xF2DE5D3A9E6A4636UL,
        ["cuba None True False False True"] = 0x5E6C4BC603C7E3CBUL,
        ["cuba None True False False False"] = 0x5E6C4BC603C7E3CBUL,
        ["cuba None True False True True"] = 0x090FC0230BA88F94UL,
        ["cuba None True False True False"] = 0x090FC0230BA88F94UL,
        ["cuba None True True False True"] = 0xB8EBD37E5E75B17EUL,
        ["cuba None True True False False"] = 0xB8EBD37E5E75B17EUL,
        ["cuba None True True True True"] = 0x144A1765CAB8F27EUL,
        ["cuba None True True True False"] = 0x144A1765CAB8F27EUL,
        ["alif Subtract False False False True"] = 0x5C991A5808F69F48UL,
        ["alif Subtract False False False False"] = 0x7FC8112FD4F1B0D9UL,
        ["alif Subtract False False True True"] = 0x5C991A5808F69F48UL,
        ["alif Subtract False False True False"] = 0x7FC8112FD4F1B0D9UL,
        ["alif Subtract False True False True"] = 0x70E4F77991BF9F48UL,
        ["alif Subtract False True False False"] = 0x22C74BDEE0FACB67UL,
        ["alif Subtract False True True True"] = 0xF6B119D4A58C2F7CUL,
        ["alif Subtract False True True False"] = 0xD5634CAED4E8F193UL,
        ["alif Subtract True False False True"] = 0xF84827B7022F23D6UL,
        ["alif Subtract True False False False"] = 0x980A09935DC852C4UL,
        ["alif Subtract True False True True"] = 0xD4A880E30B7F2288UL,
        ["alif Subtract True False True False"] = 0xC8295687DBECCA09UL,
        ["alif Subtract True True False True"] = 0x709D425DB4170A6EUL,
        ["alif Subtract True True False False"] = 0x60C20A7D658E6E9EUL,
        ["alif Subtract True True True True"] = 0x9FEEDFD56F5EB3EEUL,
        ["alif Subtract True True True False"] = 0x134927130E11626CUL,
        ["alif ToValue False False False True"] = 0xF2F49FAD6B2F7FBAUL,
        ["alif ToValue False False False False"] = 0x9B6EFD390E1B2B3DUL,
        ["alif ToValue False False True True"] = 0xF2F49FAD6B2F7FBAUL,
        ["alif ToValue False False True False"] = 0x9B6EFD390E1B2B3DUL,
        ["alif ToValue False True False True"] = 0x4ACBE32B68DB1F50UL,
        ["alif ToValue False True False False"] = 0x7D0EB79D599059B8UL,
        ["alif ToValue False True True True"] = 0xA9DD33CBE7EA465AUL,
        ["alif ToValue False True True False"] = 0xED8A0B212157EDCAUL,
        ["alif ToValue True False False True"] = 0xAE521AAE6C09A097UL,
        ["alif ToValue True False False False"] = 0x20A3E7FC2781484EUL,
        ["alif ToValue True False True True"] = 0xA2C4C85B4507F9D2UL,
        ["alif ToValue True False True False"] = 0x6564F6AD3B495B4EUL,
        ["alif ToValue True True False True"] = 0x760ECAFD51816821UL,
        ["alif ToValue True True False False"] = 0x0C40534245F990F7UL,
        ["alif ToValue True True True True"] = 0x1FFD308F31FBF4DAUL,
        ["alif ToValue True True True False"] = 0x1CD31AA2BC42BC2FUL,
        ["alif None False False False True"] = 0x07C2756E88B129CEUL,
        ["alif None False False False False"] = 0x07C2756E88B129CEUL,
        ["alif None False False True True"] = 0x07C2756E88B129CEUL,
        ["alif None False False True False"] = 0x07C2756E88B129CEUL,
        ["alif None False True False True"] = 0xE2AC31EA1B352C10UL,
        ["alif None False True False False"] = 0xE2AC31EA1B352C10UL,
        ["alif None False True True True"] = 0x93B6CDACFAC49C85UL,
        ["alif None False True True False"] = 0x93B6CDACFAC49C85UL,
        ["alif None True False False True"] = 0xCE624C588EE1C36FUL,
        ["alif None True False False False"] = 0xCE624C588EE1C36FUL,
        ["alif None True False True True"] = 0x7D74507F300C45F3UL,
        ["alif None True False True False"] = 0x7D74507F300C45F3UL,
        ["alif None True True False True"] = 0xB842BBA2C104D7A5UL,
        ["alif None True True False False"] = 0xB842BBA2C104D7A5UL,
        ["alif None True True True True"] = 0xFD1D443834D2A8AAUL,
        ["alif None True True True False"] = 0xFD1D443834D2A8AAUL,
    };
}
