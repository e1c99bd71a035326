namespace Lapicque.Simulation;

/// <summary>One phase of a step, split into <c>parts</c> pieces that may run on different threads.</summary>
internal interface ITeamWork
{
    /// <summary>Does piece <paramref name="part"/> of <paramref name="parts"/>.</summary>
    void Run(int part, int parts);
}

/// <summary>
/// A persistent team of worker threads for the per-step phases of the clock-driven simulator. A step is a few
/// microseconds to a few hundred microseconds of work, too short for a task-scheduler round trip per phase, so the
/// workers stay alive between steps and meet the caller at a hybrid barrier: they spin for a short while (the next
/// phase usually follows within microseconds) and then block, so that an idle or preempted team does not burn the
/// CPU that the other threads of a loaded machine need. The caller always does part 0 itself.
/// </summary>
/// <remarks>
/// Workers hold the owner only weakly: when the owner has been collected, an idle worker notices on its next wake-up
/// and exits, so a simulator that is never disposed does not leak threads.
/// </remarks>
internal sealed class WorkerTeam
{
    // About 20-50 microseconds of spinning before a thread blocks (SpinWait escalates from pause to yield).
    private const int SpinIterations = 60;
    private const int IdleCheckMs = 250;

    private readonly object _gate = new();
    private readonly WeakReference<object> _owner;
    private readonly int _parts;
    private ITeamWork? _work;
    private int _generation;
    private int _pending;
    private int _sleepingWorkers;
    private int _callerSleeping;
    private Exception? _failure;

    /// <summary>Starts <paramref name="parts"/> - 1 background workers for an <paramref name="owner"/>.</summary>
    public WorkerTeam(int parts, object owner)
    {
        _parts = parts;
        _owner = new WeakReference<object>(owner);
        for (int p = 1; p < parts; p++)
        {
            int part = p;
            var thread = new Thread(() => WorkerLoop(part)) { IsBackground = true, Name = $"Lapicque step worker {part}" };
            thread.Start();
        }
    }

    /// <summary>Number of parts a phase is split into (threads, the caller included).</summary>
    public int Parts => _parts;

    /// <summary>Runs every part of <paramref name="work"/> and returns when all are done; rethrows a worker's exception.</summary>
    public void Run(ITeamWork work)
    {
        _work = work;
        Volatile.Write(ref _pending, _parts - 1);
        Interlocked.Increment(ref _generation);
        if (Volatile.Read(ref _sleepingWorkers) > 0)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }

        Exception? own = null;
        try
        {
            work.Run(0, _parts);
        }
        catch (Exception ex)
        {
            own = ex;
        }

        WaitForWorkers();
        _work = null;
        if (own is not null)
        {
            throw own;
        }

        if (_failure is { } failure)
        {
            _failure = null;
            throw new InvalidOperationException("A simulation worker thread failed.", failure);
        }
    }

    private void WaitForWorkers()
    {
        var spin = default(SpinWait);
        for (int k = 0; k < SpinIterations && Volatile.Read(ref _pending) > 0; k++)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        if (Volatile.Read(ref _pending) == 0)
        {
            return;
        }

        lock (_gate)
        {
            Interlocked.Exchange(ref _callerSleeping, 1);
            while (Volatile.Read(ref _pending) > 0)
            {
                Monitor.Wait(_gate);
            }

            Interlocked.Exchange(ref _callerSleeping, 0);
        }
    }

    private void WorkerLoop(int part)
    {
        int seen = 0;
        while (true)
        {
            // Wait for the next generation: spin briefly, then block.
            var spin = default(SpinWait);
            for (int k = 0; k < SpinIterations && Volatile.Read(ref _generation) == seen; k++)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            if (Volatile.Read(ref _generation) == seen)
            {
                lock (_gate)
                {
                    Interlocked.Increment(ref _sleepingWorkers);
                    while (Volatile.Read(ref _generation) == seen)
                    {
                        if (!Monitor.Wait(_gate, IdleCheckMs) && !_owner.TryGetTarget(out _))
                        {
                            Interlocked.Decrement(ref _sleepingWorkers);
                            return;
                        }
                    }

                    Interlocked.Decrement(ref _sleepingWorkers);
                }
            }

            seen = Volatile.Read(ref _generation);
            try
            {
                _work?.Run(part, _parts);
            }
            catch (Exception ex)
            {
                _failure = ex;
            }

            if (Interlocked.Decrement(ref _pending) == 0 && Volatile.Read(ref _callerSleeping) != 0)
            {
                lock (_gate)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
