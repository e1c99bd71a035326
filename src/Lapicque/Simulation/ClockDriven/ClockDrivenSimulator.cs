using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lapicque.Learning.Plasticity;
using Lapicque.Networks;
using Lapicque.Neurons;
using Lapicque.Numerics;

namespace Lapicque.Simulation;

/// <summary>
/// Steps a <see cref="Network"/> with a fixed time step. Step n advances every neuron from n*dt to (n+1)*dt in this order:
/// <list type="number">
/// <item>deliver: spikes due in this step are added to their receptors (exponential currents and conductances), to the
/// membrane (delta synapses) or to the step's input (instant synapses);</item>
/// <item>input: injected currents plus receptor currents, x for current synapses and g (E - v) for conductances, with v at
/// the start of the step; exponential receptors contribute their mean over the step, x tau/dt (1 - exp(-dt/tau));</item>
/// <item>update, threshold, reset: each population's model kernel; spikes are stamped (n+1)*dt;</item>
/// <item>receptors decay by exp(-dt/tau);</item>
/// <item>record monitors; plasticity: each rule added with <see cref="AddPlasticity"/> sees the indices of the pre- and
/// postsynaptic neurons that fired in this step and updates its projection's weights in place, so a spike is sent with the
/// weight after its own update;</item>
/// <item>send: each spike is written into the delivery ring of its targets, due in step n + 1 + D where
/// D = round(delay/dt), so that a spike with delay d acts exactly d after it was emitted.</item>
/// </list>
/// Spike delivery touches only the outgoing rows of neurons that fired. Work is split over threads by neuron (updates) and by
/// target range (delivery); each target's sum is formed in the same order whatever the thread count, so a seed gives the same
/// spikes on any number of threads.
/// </summary>
public sealed class ClockDrivenSimulator
{
    private readonly RuntimePopulation[] _pops;
    private readonly Receptor[] _receptors;
    private readonly Receptor[][] _popReceptors;
    private readonly RuntimeProjection[] _projections;
    private readonly List<SpikeMonitor>[] _spikeMonitors;
    private readonly List<StateMonitor> _stateMonitors = [];
    private readonly List<RateMonitor>[] _rateMonitors;
    private readonly int _threads;
    private readonly List<(RuntimeProjection Projection, IPlasticityRule Rule)> _plasticity = [];

    /// <summary>Prepares a run: builds the network's weights if needed, creates the neuron state and the delivery rings.</summary>
    public ClockDrivenSimulator(Network network, SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        Network = network;
        Options = options;
        DtMs = options.DtMs;
        _threads = Math.Min(MaxParts, options.Threads == 0 ? Parallelism.MaxThreads : options.Threads);
        if (!network.IsBuilt)
        {
            network.Build(options.Seed);
        }

        int np = network.Populations.Count;
        _pops = new RuntimePopulation[np];
        _spikeMonitors = new List<SpikeMonitor>[np];
        _rateMonitors = new List<RateMonitor>[np];
        for (int i = 0; i < np; i++)
        {
            var d = network.Populations[i];
            var pop = d.Model.CreatePopulation(d.Size, DtMs);
            _pops[i] = new RuntimePopulation(d, pop);
            _spikeMonitors[i] = [];
            _rateMonitors[i] = [];
        }

        var receptors = new List<Receptor>();
        var projections = new List<RuntimeProjection>();
        foreach (var p in network.Projections)
        {
            if (p.Matrix is null)
            {
                throw new NotSupportedException($"The clock-driven simulator does not support projection '{p.Name}' ({p.Connectivity.GetType().Name}); use neuron-to-neuron connectivity.");
            }

            int target = network.IndexOf(p.Target);
            var receptor = receptors.Find(r => r.Target == target && r.Name == p.ReceptorName);
            if (receptor is null)
            {
                if (_pops[target].Pop.StateNames.Contains(p.ReceptorName))
                {
                    throw new ArgumentException($"Projection '{p.Name}': receptor name '{p.ReceptorName}' is already a state variable of '{p.Target}'; choose another.");
                }

                receptor = new Receptor(target, p.ReceptorName, p.Synapse, _pops[target].Pop, DtMs);
                receptors.Add(receptor);
            }
            else if (receptor.Synapse != p.Synapse)
            {
                throw new ArgumentException($"Projection '{p.Name}': receptor '{p.ReceptorName}' of '{p.Target}' is shared with another projection whose synapse is {receptor.Synapse}; this one has {p.Synapse}. Shared receptors need equal synapses.");
            }

            var rp = new RuntimeProjection(p, network.IndexOf(p.Source), receptor, DtMs);
            receptor.MaxDelaySteps = Math.Max(receptor.MaxDelaySteps, rp.MaxDelaySteps);
            projections.Add(rp);
        }

        foreach (var r in receptors)
        {
            r.AllocateRing();
        }

        _receptors = [.. receptors];
        _popReceptors = new Receptor[np][];
        for (int i = 0; i < np; i++)
        {
            _popReceptors[i] = receptors.Where(r => r.Target == i).OrderBy(r => r.Order).ToArray();
        }
        _projections = [.. projections];
        _currents = network.Currents.Select(c => (network.IndexOf(c.Target), c)).ToArray();
        _currentAmplitudes = new float[_currents.Length];
        _neuronPhase = new NeuronPhase(this);
        _sendPhase = new SendPhase(this);
        _calibrationLeft = _threads > 1 ? CalibrationSteps : 0;
        Reset();
        SetupTime = clock.Elapsed;
    }

    private readonly (int Target, CurrentInjection Current)[] _currents;

    // Steps timed on one thread before deciding whether to start the worker team.
    private const int CalibrationSteps = 16;

    /// <summary>The simulated network.</summary>
    public Network Network { get; }

    /// <summary>The options of the run.</summary>
    public SimulationOptions Options { get; }

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; }

    /// <summary>Number of steps done.</summary>
    public long StepIndex { get; private set; }

    /// <summary>Simulated time in ms.</summary>
    public double TimeMs => StepIndex * DtMs;

    /// <summary>Time spent preparing the run (weights, state, rings).</summary>
    public TimeSpan SetupTime { get; }

    /// <summary>The live state of population <paramref name="name"/>.</summary>
    public NeuronPopulation State(string name) => _pops[Network.IndexOf(name)].Pop;

    /// <summary>Records the spikes of <paramref name="population"/> (all neurons, or <paramref name="neurons"/>).</summary>
    public SpikeMonitor MonitorSpikes(string population, int[]? neurons = null)
    {
        int i = Network.IndexOf(population);
        var m = new SpikeMonitor(population, _pops[i].Size, DtMs, neurons);
        _spikeMonitors[i].Add(m);
        return m;
    }

    /// <summary>Records <paramref name="variable"/> of <paramref name="neurons"/> every <paramref name="everySteps"/> steps.</summary>
    public StateMonitor MonitorState(string population, string variable, int[] neurons, int everySteps = 1)
    {
        int i = Network.IndexOf(population);
        var pop = _pops[i].Pop;
        int v = pop.StateNames.ToList().IndexOf(variable);
        if (v < 0)
        {
            throw new ArgumentException($"State monitor on '{population}': unknown variable '{variable}'; expected one of: {string.Join(", ", pop.StateNames)}.", nameof(variable));
        }

        foreach (int n in neurons)
        {
            if ((uint)n >= (uint)pop.Size)
            {
                throw new ArgumentException($"State monitor on '{population}': neuron {n} is out of range 0..{pop.Size - 1}.", nameof(neurons));
            }
        }

        Check.That(everySteps >= 1, nameof(everySteps), ">= 1", everySteps);
        var m = new StateMonitor(population, variable, pop.StateUnits[v], neurons, everySteps, DtMs);
        _stateMonitors.Add(m);
        _stateIndex.Add(i);
        return m;
    }

    private readonly List<int> _stateIndex = [];

    /// <summary>Records the population rate of <paramref name="population"/> in every step.</summary>
    public RateMonitor MonitorRate(string population)
    {
        int i = Network.IndexOf(population);
        var m = new RateMonitor(population, _pops[i].Size, DtMs);
        _rateMonitors[i].Add(m);
        return m;
    }

    /// <summary>
    /// Lets <paramref name="rule"/> learn on the weights of <paramref name="projection"/>: the rule is bound once here and then
    /// called in every step after the spikes are recorded and before they are sent. Rules run in the order added.
    /// </summary>
    public void AddPlasticity(string projection, IPlasticityRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var p = Array.Find(_projections, q => q.Description.Name == projection)
            ?? throw new ArgumentException($"No projection named '{projection}'; expected one of: {string.Join(", ", _projections.Select(q => q.Description.Name))}.", nameof(projection));
        rule.Bind(new PlasticityContext(p.Description, p.Matrix, _pops[p.Source].Size, p.Receptor.Size, DtMs));
        _plasticity.Add((p, rule));
    }

    /// <summary>Returns to step 0: initial states drawn again from the seed, receptors and rings cleared.</summary>
    public void Reset()
    {
        StepIndex = 0;
        foreach (var (_, rule) in _plasticity)
        {
            rule.Reset();
        }

        for (int i = 0; i < _pops.Length; i++)
        {
            var rp = _pops[i];
            rp.Pop.Reset();
            rp.Pop.Seed(Rng.ForStream(Options.Seed, 0x100000UL + (ulong)i));
            var init = Rng.ForStream(Options.Seed, 0x200000UL + (ulong)i);
            foreach (var r in _receptors)
            {
                if (r.Target == i)
                {
                    r.Clear();
                }
            }

            // Initial values in the order given; receptor states may be set by their receptor names.
            foreach ((string name, InitialValue value) in rp.Description.Initial)
            {
                var receptor = Array.Find(_receptors, r => r.Target == i && r.Name == name);
                if (receptor?.State is not null)
                {
                    value.Fill(receptor.State, init);
                }
                else if (rp.Pop.StateNames.Contains(name))
                {
                    value.Fill(rp.Pop.State(name), init);
                }
                else
                {
                    var known = rp.Pop.StateNames.Concat(_receptors.Where(r => r.Target == i && r.State is not null).Select(r => r.Name));
                    throw new ArgumentException($"Population '{rp.Description.Name}': initial value for unknown state variable '{name}'; expected one of: {string.Join(", ", known)}.");
                }
            }
        }
    }

    /// <summary>Runs for <paramref name="durationMs"/> (rounded to whole steps), reporting progress in [0, 1] if asked.</summary>
    public void Run(double durationMs, Action<double>? progress = null)
    {
        Check.NonNegative(durationMs, nameof(durationMs));
        long steps = (long)Math.Round(durationMs / DtMs);
        long every = Math.Max(1, steps / 200);
        for (long k = 0; k < steps; k++)
        {
            Advance();
            if (progress is not null && (k % every == 0 || k == steps - 1))
            {
                progress((k + 1) / (double)steps);
            }
        }
    }

    /// <summary>Advances the network by one step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Advance()
    {
        long n = StepIndex;

        // 1-4. Deliver into receptors, form the input, update, threshold, reset, receptors decay, spike extraction:
        // one fused pass per neuron range, every population in one phase (their updates are independent within a step).
        for (int k = 0; k < _currents.Length; k++)
        {
            _currentAmplitudes[k] = (float)_currents[k].Current.Amplitude(n, DtMs);
        }

        _phaseStep = n;
        if (_team is not null)
        {
            _team.Run(_neuronPhase);
        }
        else if (_calibrationLeft > 0)
        {
            Calibrate();
        }
        else
        {
            _neuronPhase.Run(0, 1);
        }

        for (int i = 0; i < _pops.Length; i++)
        {
            _pops[i].GatherFiring();
        }

        // 5. Record and send.
        for (int i = 0; i < _pops.Length; i++)
        {
            var rp = _pops[i];
            var firing = rp.Firing.AsSpan(0, rp.FiringCount);
            foreach (var m in _spikeMonitors[i])
            {
                m.Record(n, firing);
            }

            foreach (var m in _rateMonitors[i])
            {
                m.Record(rp.FiringCount);
            }
        }

        for (int k = 0; k < _stateMonitors.Count; k++)
        {
            var m = _stateMonitors[k];
            m.Record(n, _pops[_stateIndex[k]].Pop.State(m.Variable));
        }

        foreach (var (p, rule) in _plasticity)
        {
            var pre = _pops[p.Source];
            var post = _pops[p.Receptor.Target];
            rule.Step(n, pre.Firing.AsSpan(0, pre.FiringCount), post.Firing.AsSpan(0, post.FiringCount));
        }

        foreach (var p in _projections)
        {
            var src = _pops[p.Source];
            if (src.FiringCount > 0)
            {
                Send(p, src.Firing, src.FiringCount, n);
            }
        }

        StepIndex = n + 1;
    }

    // Times the first steps on the calling thread alone and starts the worker team only when a step is long enough for
    // splitting to pay (two barrier crossings per step cost about a microsecond on an idle machine, far more on a
    // loaded one). The minimum over the calibration steps is used, as preemption only ever adds time. The choice
    // changes the speed, never the result: every neuron gets the same bits on any split.
    private void Calibrate()
    {
        long t0 = Stopwatch.GetTimestamp();
        _neuronPhase.Run(0, 1);
        long ticks = Stopwatch.GetTimestamp() - t0;
        _calibrationMinTicks = Math.Min(_calibrationMinTicks, ticks);
        if (--_calibrationLeft == 0)
        {
            double us = _calibrationMinTicks * 1e6 / Stopwatch.Frequency;
            if (us >= Options.ParallelMinStepMicroseconds)
            {
                _team = new WorkerTeam(_threads, this);
            }
        }
    }

    /// <summary>True once the run has split its steps over a worker team (decided after the first steps; see <see cref="SimulationOptions.ParallelMinStepMicroseconds"/>).</summary>
    public bool IsMultithreaded => _team is not null;

    private WorkerTeam? _team;
    private int _calibrationLeft;
    private long _calibrationMinTicks = long.MaxValue;
    private long _phaseStep;
    private readonly float[] _currentAmplitudes;
    private readonly NeuronPhase _neuronPhase;
    private readonly SendPhase _sendPhase;

    // Neuron ranges start on multiples of 16 floats (one cache line): no two threads write the same line of the input
    // and spike buffers, and SIMD kernels see whole vectors except at the population's end.
    private const int RangeAlignment = 16;

    private static (int Start, int End) AlignedRange(int size, int parts, int part)
    {
        int Bound(int k) => k >= parts ? size : (int)((long)size * k / parts) & ~(RangeAlignment - 1);
        return (Bound(part), Bound(part + 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepRange(RuntimePopulation rp, int index, int part, int parts, long step)
    {
        int size = rp.Size;
        int a, b;
        if (parts > 1 && rp.Pop.SupportsRanges && size >= parts * 4 * RangeAlignment)
        {
            (a, b) = AlignedRange(size, parts, part);
        }
        else if (part == index % parts)
        {
            (a, b) = (0, size);
        }
        else
        {
            rp.SetPartFiring(part, 0, 0);
            return;
        }

        int len = b - a;
        var input = rp.Input.AsSpan(a, len);
        if (!rp.IsSource)
        {
            input.Clear();
        }

        for (int k = 0; k < _currents.Length; k++)
        {
            float amp = _currentAmplitudes[k];
            if (_currents[k].Target != index || amp == 0f)
            {
                continue;
            }

            if (_currents[k].Current.Neurons is not { } neurons)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(input, amp, input);
            }
            else
            {
                foreach (int i in neurons)
                {
                    if (i >= a && i < b)
                    {
                        rp.Input[i] += amp;
                    }
                }
            }
        }

        foreach (var r in _popReceptors[index])
        {
            r.Apply(step, rp.Input, a, b);
        }

        if (a == 0 && b == size)
        {
            rp.Pop.Step(rp.Input, rp.Spikes);
        }
        else
        {
            rp.Pop.StepRange(a, b, rp.Input, rp.Spikes);
        }

        var firing = rp.Firing.AsSpan(a, len);
        int count = VectorMath.NonZeroIndices(rp.Spikes.AsSpan(a, len), firing);
        if (a != 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(firing[..count], a, firing[..count]);
        }

        rp.SetPartFiring(part, a, count);
    }

    private sealed class NeuronPhase(ClockDrivenSimulator sim) : ITeamWork
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int part, int parts)
        {
            var pops = sim._pops;
            for (int i = 0; i < pops.Length; i++)
            {
                sim.StepRange(pops[i], i, part, parts, sim._phaseStep);
            }
        }
    }

    private sealed class SendPhase(ClockDrivenSimulator sim) : ITeamWork
    {
        public RuntimeProjection? Projection { get; set; }

        public int[] Firing { get; set; } = [];

        public int Count { get; set; }

        public void Run(int part, int parts)
        {
            var p = Projection!;
            (int a, int b) = AlignedRange(p.Receptor.Size, parts, part);
            p.Send(Firing, Count, sim._phaseStep, a, b);
        }
    }

    // Sending is split over target ranges only when a step sends much: a typical step of the standard networks adds a
    // few hundred to a few thousand weights, less than a barrier costs.
    private const long ParallelSendWork = 1 << 16;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Send(RuntimeProjection p, int[] firing, int count, long step)
    {
        int targets = p.Receptor.Size;
        long work = (long)count * Math.Max(1, p.Matrix.Count / Math.Max(1, p.Matrix.SourceCount));
        if (_team is null || work < ParallelSendWork || targets < _team.Parts * 4 * RangeAlignment)
        {
            p.Send(firing, count, step, 0, targets);
            return;
        }

        _phaseStep = step;
        _sendPhase.Projection = p;
        _sendPhase.Firing = firing;
        _sendPhase.Count = count;
        _team.Run(_sendPhase);
        _sendPhase.Projection = null;
    }

    // The most threads a run splits its steps over.
    private const int MaxParts = 64;

    private sealed class RuntimePopulation(Population description, NeuronPopulation pop)
    {
        public Population Description { get; } = description;

        public NeuronPopulation Pop { get; } = pop;

        public int Size { get; } = pop.Size;

        public bool IsSource { get; } = description.IsSource;

        public float[] Input { get; } = new float[pop.Size];

        public float[] Spikes { get; } = new float[pop.Size];

        public int[] Firing { get; } = new int[pop.Size];

        public int FiringCount { get; private set; }

        // Where each part's spikes were written in Firing (their range start) and how many; gathered after the phase.
        private readonly int[] _partStart = new int[MaxParts];
        private readonly int[] _partCount = new int[MaxParts];

        public void SetPartFiring(int part, int start, int count)
        {
            _partStart[part] = start;
            _partCount[part] = count;
        }

        // Moves the parts' spike indices together, in part order, so that the list is ascending whatever the split.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void GatherFiring()
        {
            int total = 0;
            for (int k = 0; k < _partCount.Length; k++)
            {
                int c = _partCount[k];
                if (c > 0 && _partStart[k] != total)
                {
                    Firing.AsSpan(_partStart[k], c).CopyTo(Firing.AsSpan(total, c));
                }

                total += c;
                _partCount[k] = 0;
            }

            FiringCount = total;
        }
    }

    private sealed class Receptor
    {
        private readonly NeuronPopulation _pop;
        private readonly float _decay;
        private readonly float _mean;
        private float[][] _ring = [];

        public Receptor(int target, string name, Synapse synapse, NeuronPopulation pop, double dtMs)
        {
            Target = target;
            Name = name;
            Synapse = synapse;
            _pop = pop;
            Size = pop.Size;
            double tau = synapse switch
            {
                Synapse.Current c => c.TauMs,
                Synapse.Conductance g => g.TauMs,
                _ => 0,
            };
            if (tau > 0)
            {
                State = new float[Size];
                _decay = (float)Math.Exp(-dtMs / tau);
                _mean = (float)(-double.ExpM1(-dtMs / tau) * tau / dtMs);
            }

            if (synapse is Synapse.Delta or Synapse.Conductance && !pop.StateNames.Contains("v"))
            {
                throw new NotSupportedException($"{synapse.GetType().Name} synapses need a membrane variable 'v'; model '{pop.Model.ModelName}' has: {string.Join(", ", pop.StateNames)}.");
            }
        }

        public int Target { get; }

        public string Name { get; }

        public Synapse Synapse { get; }

        public int Size { get; }

        public float[]? State { get; }

        public int MaxDelaySteps { get; set; }

        public int RingLength => _ring.Length;

        public float[] Slot(long step) => _ring[(int)(step % _ring.Length)];

        public void AllocateRing()
        {
            _ring = new float[MaxDelaySteps + 1][];
            for (int i = 0; i < _ring.Length; i++)
            {
                _ring[i] = new float[Size];
            }
        }

        public void Clear()
        {
            foreach (var slot in _ring)
            {
                Array.Clear(slot);
            }

            if (State is not null)
            {
                Array.Clear(State);
            }
        }

        public int Order => Synapse switch
        {
            Synapse.Delta => 0,
            Synapse.Instant => 1,
            _ => 2,
        };

        // Adds the spikes due in this step for neurons [a, b), adds the receptor's current to the input and lets the
        // receptor decay, in one pass. Delta receptors run first (Order), so conductances see the membrane after jumps.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Apply(long step, float[] input, int a, int b)
        {
            int n = b - a;
            var due = Slot(step).AsSpan(a, n);
            var inp = input.AsSpan(a, n);
            switch (Synapse)
            {
                case Synapse.Delta:
                    {
                        var v = _pop.State("v").Slice(a, n);
                        System.Numerics.Tensors.TensorPrimitives.Add(v, due, v);
                        break;
                    }

                case Synapse.Instant:
                    System.Numerics.Tensors.TensorPrimitives.Add(inp, due, inp);
                    break;
                case Synapse.Current:
                    ReceptorKernels.Current(State.AsSpan(a, n), due, inp, _mean, _decay);
                    break;
                case Synapse.Conductance g:
                    ReceptorKernels.Conductance(State.AsSpan(a, n), due, inp, _pop.State("v").Slice(a, n), _mean, _decay, (float)g.ReversalMv);
                    break;
            }

            due.Clear();
        }
    }

    private sealed class RuntimeProjection
    {
        private readonly int _uniformDelay;
        private readonly int[]? _delays;

        public RuntimeProjection(Projection p, int source, Receptor receptor, double dtMs)
        {
            Description = p;
            Source = source;
            Receptor = receptor;
            Matrix = p.Matrix!;
            if (Matrix.DelaysMs is { } d)
            {
                _delays = new int[d.Length];
                for (int k = 0; k < d.Length; k++)
                {
                    _delays[k] = (int)Math.Round(d[k] / dtMs);
                    MaxDelaySteps = Math.Max(MaxDelaySteps, _delays[k]);
                }
            }
            else
            {
                _uniformDelay = p.Delay is DelayInit.Constant c ? (int)Math.Round(c.Ms / dtMs) : 0;
                MaxDelaySteps = _uniformDelay;
            }
        }

        public Projection Description { get; }

        public int Source { get; }

        public Receptor Receptor { get; }

        public SynapseMatrix Matrix { get; }

        public int MaxDelaySteps { get; }

        // Adds the rows of the firing sources to the ring slots of targets in [t0, t1).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Send(int[] firingBuffer, int count, long step, int t0, int t1)
        {
            var m = Matrix;
            var w = m.Weights;
            var firing = firingBuffer.AsSpan(0, count);
            if (m.IsDense && _delays is not null)
            {
                int tc = m.TargetCount;
                foreach (int s in firing)
                {
                    int row = s * tc;
                    for (int t = t0; t < t1; t++)
                    {
                        Receptor.Slot(step + 1 + _delays[row + t])[t] += w[row + t];
                    }
                }

                return;
            }

            if (m.IsDense)
            {
                float[] slot = Receptor.Slot(step + 1 + _uniformDelay);
                int tc = m.TargetCount;
                foreach (int s in firing)
                {
                    var row = w.AsSpan((s * tc) + t0, t1 - t0);
                    var dst = slot.AsSpan(t0, t1 - t0);
                    System.Numerics.Tensors.TensorPrimitives.Add(dst, row, dst);
                }

                return;
            }

            int[] targets = m.Targets!;
            int[] rowStart = m.RowStart!;
            bool whole = t0 == 0 && t1 == Receptor.Size;
            if (_delays is null)
            {
                float[] slot = Receptor.Slot(step + 1 + _uniformDelay);
                foreach (int s in firing)
                {
                    int a = rowStart[s], b = rowStart[s + 1];
                    if (!whole)
                    {
                        a = LowerBound(targets, a, b, t0);
                    }

                    for (int k = a; k < b; k++)
                    {
                        int t = targets[k];
                        if (t >= t1)
                        {
                            break;
                        }

                        slot[t] += w[k];
                    }
                }

                return;
            }

            foreach (int s in firing)
            {
                int a = rowStart[s], b = rowStart[s + 1];
                if (!whole)
                {
                    a = LowerBound(targets, a, b, t0);
                }

                for (int k = a; k < b; k++)
                {
                    int t = targets[k];
                    if (t >= t1)
                    {
                        break;
                    }

                    Receptor.Slot(step + 1 + _delays[k])[t] += w[k];
                }
            }
        }

        private static int LowerBound(int[] values, int a, int b, int key)
        {
            while (a < b)
            {
                int mid = (a + b) >>> 1;
                if (values[mid] < key)
                {
                    a = mid + 1;
                }
                else
                {
                    b = mid;
                }
            }

            return a;
        }
    }
}
