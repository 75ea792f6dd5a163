using Framework.Base.Kernel;
using Framework.Kernel.Native.Hal;

namespace Framework.Kernel.Native.Platform;

/// <summary>
/// The hosted HAL: every kernel thread is a host thread, and a baton decides which one runs.
/// Exactly one host thread executes kernel or user code at a time, so the kernel needs no locks
/// and every run is deterministic.
/// </summary>
internal sealed class HostedCpu : IHalCpu
{
    /// <summary>Host stacks are reserved, not committed; half a megabyte is plenty for components.</summary>
    private const int StackSize = 512 * 1024;

    private readonly Context?[] _contexts;
    private readonly Action<int> _exitCurrent;

    public HostedCpu(int maxThreads, Action<int> exitCurrent)
    {
        _contexts = new Context?[maxThreads];
        _exitCurrent = exitCurrent;
        // Thread 0, the idle thread, is whichever host thread calls Run.
        _contexts[0] = new Context(0, "idle", static () => { });
        _contexts[0]!.Started = true;
        _contexts[0]!.ManagedThreadId = Environment.CurrentManagedThreadId;
    }

    public Action<int, Exception>? ThreadCrashed { get; set; }

    private sealed class Context(int id, string name, Action entry)
    {
        public readonly int Id = id;
        public readonly string Name = name;
        public readonly Action Entry = entry;
        public readonly Baton Baton = new();
        public Thread? Host;
        public int ManagedThreadId = -1;
        public bool Started;
        public volatile bool Killed;
        public bool Exited;
    }

    public void Register(int thread, string name, Action entry)
    {
        _contexts[thread] = new Context(thread, name, entry);
    }

    /// <summary>Marks the calling host thread as the idle thread.</summary>
    public void BecomeIdle() => _contexts[0]!.ManagedThreadId = Environment.CurrentManagedThreadId;

    /// <summary>Throws unless the calling host thread is kernel thread <paramref name="current"/>.</summary>
    public void CheckCaller(int current)
    {
        var ctx = _contexts[current];
        if (ctx is null || ctx.ManagedThreadId != Environment.CurrentManagedThreadId)
        {
            // A killed thread unwinding, or a host thread the kernel does not know (a component
            // that used Task.Run): neither may touch kernel state.
            throw new ThreadKilledException();
        }
    }

    public void Switch(int from, int to, bool fromIsDead)
    {
        var target = _contexts[to]!;
        if (fromIsDead && _contexts[from] is { } dying)
        {
            dying.Exited = true;
            _contexts[from] = null;
        }
        if (!target.Started)
        {
            target.Started = true;
            var thread = new Thread(() => RunThread(target), StackSize)
            {
                IsBackground = true,
                Name = target.Name,
            };
            target.Host = thread;
            thread.Start();
        }
        else
        {
            target.Baton.Pass();
        }
        // A dead thread must not run on: its host stack unwinds without touching the kernel.
        if (fromIsDead)
            throw new ThreadKilledException();
        var self = _contexts[from]!;
        self.Baton.Take();
        if (self.Killed)
            throw new ThreadKilledException();
    }

    public void Release(int thread)
    {
        var ctx = _contexts[thread];
        if (ctx is null)
            return;
        ctx.Killed = true;
        if (ctx.Started)
            ctx.Baton.Pass();
        _contexts[thread] = null;
    }

    private void RunThread(Context ctx)
    {
        ctx.ManagedThreadId = Environment.CurrentManagedThreadId;
        if (ctx.Killed)
            return;
        try
        {
            ctx.Entry();
        }
        catch (ThreadKilledException)
        {
            return;
        }
        catch (Exception e)
        {
            if (ctx.Killed)
                return;
            ThreadCrashed?.Invoke(ctx.Id, e);
        }
        if (ctx.Killed || ctx.Exited)
            return;
        try
        {
            _exitCurrent(ctx.Id);
        }
        catch (ThreadKilledException)
        {
            // The switch away from a dead thread ends here.
        }
    }
}

/// <summary>
/// The hand-off of the CPU to one host thread: spin briefly, then block.
/// </summary>
/// <remarks>
/// An RPC is two hand-offs, and the thread that gave the CPU away usually gets it back within a
/// few microseconds (the server's reply). Blocking at once (SemaphoreSlim, which also yields to
/// other processes while it spins) makes every hand-off an OS wake-up, which on a busy 2-core
/// machine costs far more than the RPC itself. So the waiter spins on a flag for a bounded time
/// (pause instructions only) and parks only then; the passer signals the OS only when
/// the waiter has parked. At most the few threads that handed off within the last spin window
/// spin, never 1,000 idle ones.
/// </remarks>
internal sealed class Baton
{
    private const int Waiting = 0;
    private const int Passed = 1;
    private const int Parked = 2;

    /// <summary>Longest spin before parking (20 us): a null RPC round trip through a server fits, and an idle thread stops spinning at once.</summary>
    private static readonly long s_maxSpinTicks = System.Diagnostics.Stopwatch.Frequency / 50_000;

    /// <summary>Shortest spin (about 1 us): cheap enough to keep probing whether spinning pays again.</summary>
    private static readonly long s_minSpinTicks = System.Diagnostics.Stopwatch.Frequency / 1_000_000 + 1;

    /// <summary>
    /// The current spin budget, adapted like an adaptive mutex: doubled when a spin caught the
    /// pass, halved when it did not. When the machine is busy and the two threads do not run at
    /// the same time, spinning only burns the core the other thread needs; then the budget
    /// shrinks and a hand-off costs about a plain semaphore wake-up. Only the owner touches it.
    /// </summary>
    private long _spinTicks = s_maxSpinTicks;

    /// <summary>
    /// Where a waiter parks. SemaphoreSlim spins once more, yielding, before it blocks; on a
    /// loaded machine that second phase is what catches a pass when the passer and the waiter
    /// share one core (measured: a non-spinning event made a null RPC 25x slower there).
    /// </summary>
    private readonly SemaphoreSlim _park = new(0);
    private int _state;

    /// <summary>Gives the CPU to the owner of this baton. Called once per <see cref="Take"/> (or to release a killed thread).</summary>
    public void Pass()
    {
        if (Interlocked.Exchange(ref _state, Passed) == Parked)
            _park.Release();
    }

    /// <summary>Waits until <see cref="Pass"/> was called, then consumes it.</summary>
    public void Take()
    {
        if (Spin())
            _spinTicks = Math.Min(s_maxSpinTicks, _spinTicks * 2);
        else
        {
            _spinTicks = Math.Max(s_minSpinTicks, _spinTicks / 2);
            // Announce the park; a Pass that came first leaves Passed, and we need not block.
            if (Interlocked.CompareExchange(ref _state, Parked, Waiting) == Waiting)
                _park.Wait();
        }
        // Only this thread resets the state, and only after a Pass: no pass is lost.
        Volatile.Write(ref _state, Waiting);
    }

    private bool Spin()
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            // A normalised SpinWait(1) is some tens of nanoseconds: read the clock often enough
            // that a 1 us budget stays about 1 us.
            for (var i = 0; i < 8; i++)
            {
                if (Volatile.Read(ref _state) == Passed)
                    return true;
                Thread.SpinWait(1);
            }
            if (System.Diagnostics.Stopwatch.GetTimestamp() - start > _spinTicks)
                return false;
        }
    }
}
