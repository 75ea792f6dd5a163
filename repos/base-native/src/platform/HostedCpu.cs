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
        public readonly SemaphoreSlim Baton = new(0);
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
            target.Baton.Release();
        }
        // A dead thread must not run on: its host stack unwinds without touching the kernel.
        if (fromIsDead)
            throw new ThreadKilledException();
        var self = _contexts[from]!;
        self.Baton.Wait();
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
            ctx.Baton.Release();
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
