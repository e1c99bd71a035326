namespace Lapicque.Plotting;

/// <summary>
/// Panels stacked vertically over one shared x axis: the x range covers every panel's data (or the bottom panel's
/// fixed bounds), the plotting areas line up, and only the bottom panel shows the x tick labels and title.
/// </summary>
/// <example><code>
/// var stack = new PanelStack { Title = "LIF neuron" };
/// stack.Add(membrane, weight: 3).Add(current, weight: 1);
/// stack.Save("trace.svg");
/// </code></example>
public sealed class PanelStack : Chart
{
    private readonly List<(XYChart Panel, double Weight)> _panels = [];

    /// <summary>The panels, top to bottom, with their relative heights.</summary>
    public IReadOnlyList<(XYChart Panel, double Weight)> Panels => _panels;

    /// <summary>Adds a panel under the others; <paramref name="weight"/> (&gt; 0) is its share of the height.</summary>
    public PanelStack Add(XYChart panel, double weight = 1)
    {
        ArgumentNullException.ThrowIfNull(panel);
        Check.Positive(weight, nameof(weight));
        _panels.Add((panel, weight));
        return this;
    }

    /// <inheritdoc/>
    public override void Render(SvgWriter svg, Box box)
    {
        var inner = RenderTitle(svg, box);
        if (_panels.Count == 0)
        {
            return;
        }

        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var (panel, _) in _panels)
        {
            var (a, b) = panel.DataRangeX();
            if (double.IsFinite(a) && double.IsFinite(b))
            {
                lo = Math.Min(lo, a);
                hi = Math.Max(hi, b);
            }
        }

        // The bottom panel also carries the x labels; give it that extra height so the plotting areas keep their weights.
        const double labels = 36;
        double total = _panels.Sum(p => p.Weight);
        double usable = inner.Height - labels;
        var heights = _panels.Select((p, i) => (usable * p.Weight / total) + (i == _panels.Count - 1 ? labels : 0)).ToArray();

        var bottom = _panels[^1].Panel;
        var x = bottom.XAxis.Resolve(lo <= hi ? lo : double.NaN, lo <= hi ? hi : double.NaN, XYChart.TickBudget(inner.Width, 70));
        var ys = _panels.Select((p, i) => p.Panel.ResolveY(x, heights[i])).ToArray();
        double left = 0;
        for (int i = 0; i < _panels.Count; i++)
        {
            left = Math.Max(left, _panels[i].Panel.LeftMargin(ys[i]));
        }

        double y = inner.Y;
        for (int i = 0; i < _panels.Count; i++)
        {
            bool last = i == _panels.Count - 1;
            _panels[i].Panel.RenderPanel(svg, new Box(inner.X, y, inner.Width, heights[i]), x, ys[i], left, showXLabels: last);
            y += heights[i];
        }
    }
}
