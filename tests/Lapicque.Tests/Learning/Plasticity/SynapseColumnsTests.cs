using Lapicque.Learning.Plasticity;
using Lapicque.Networks;
using Lapicque.Numerics;

namespace Lapicque.Tests.Learning.Plasticity;

public class SynapseColumnsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Columns_ListEachTargetsIncomingSynapses_InSourceOrder(bool dense)
    {
        var rng = new Rng(7);
        const int s = 13, t = 9;
        SynapseMatrix m;
        if (dense)
        {
            m = SynapseMatrix.Dense(s, t, new float[s * t]);
        }
        else
        {
            var src = new List<int>();
            var dst = new List<int>();
            for (int i = 0; i < s; i++)
            {
                for (int j = 0; j < t; j++)
                {
                    if (rng.NextDouble() < 0.3)
                    {
                        src.Add(i);
                        dst.Add(j);
                    }
                }
            }

            m = SynapseMatrix.FromPairs(s, t, src.ToArray(), dst.ToArray(), out _);
        }

        var cols = new SynapseColumns(m);
        Assert.Equal(m.Count, cols.ColumnStart[t]);
        var seen = new bool[m.Count];
        for (int j = 0; j < t; j++)
        {
            (int a, int b) = cols.Column(j);
            for (int e = a; e < b; e++)
            {
                int k = cols.SynapseIds[e];
                Assert.Equal(j, m.TargetOf(k));
                (int r0, int r1) = m.Row(cols.Sources[e]);
                Assert.InRange(k, r0, r1 - 1);
                Assert.False(seen[k]);
                seen[k] = true;
                if (e > a)
                {
                    Assert.True(cols.Sources[e] > cols.Sources[e - 1]);
                }
            }
        }

        Assert.All(seen, Assert.True);
    }
}
