using System.Runtime.ExceptionServices;
using Framework.Rpc;

namespace Framework.Hosted;

/// <summary>
/// The one simulated CPU of a hosted machine: every kernel thread has a host thread, and a baton
/// decides which one runs. Exactly one host thread executes kernel or user code at a time, so a
/// kernel model needs no locks and every run is deterministic. The kernel model's scheduler
/// decides who runs next; this class only moves the CPU (<see cref="Switch"/>, <see cref="Lend"/>).
/// </summary>
/// <remarks>
/// <para>
/// Thread numbers are the kernel model's own (an index below the model's thread limit); thread 0
/// is the idle thread, the host thread that runs the machine.
/// </para>
/// <para>
/// A host thread is a context: a stack and a baton. A kernel thread normally runs on its own
/// host thread, and a switch passes the baton from one host thread to another, which costs a
/// cache-line transfer when the other one spins and an OS wake-up when it sleeps.
/// </para>
/// <para>
/// A call to a server that waits at the top of its serve loop (a backend's <c>Serve</c>, which
/// registers the loop body with <see cref="SetServe"/>) does not switch host threads: the caller's
/// host thread runs the server's loop body itself, one request, as a nested call
/// (<see cref="Lend"/>), the way a migrating-thread kernel lets a call run on the caller's
/// execution context. When the server waits again it gives the context back; the caller resumes
/// there without any hand-off. The kernel state is the same either way: the kernel model sees a
/// switch to the server and one back, and it must keep the caller from running while its context
/// is lent (doc/native-kernel.md, "Lent contexts", says how the native kernel does it). Only a
/// server whose next request is already queued when it finishes one continues on its own host
/// thread.
/// </para>
/// </remarks>
public sealed class HostedCpu
{
    /// <summary>Host stacks are reserved, not committed; half a megabyte is plenty for components.</summary>
    private const int StackSize = 512 * 1024;

    private readonly Context?[] _contexts;
    private readonly Action<int> _exitCurrent;

    /// <summary>The kernel thread that holds the CPU; only the holder reads or writes it.</summary>
    private Context? _running;

    public HostedCpu(int maxThreads, Action<int> exitCurrent)
    {
        _contexts = new Context?[maxThreads];
        _exitCurrent = exitCurrent;
        // Thread 0, the idle thread, is whichever host thread calls Run.
        var idle = new Context(0, "idle", static () => { }) { Started = true };
        idle.Home = idle.Current = new Host { ManagedThreadId = Environment.CurrentManagedThreadId, Top = idle };
        _contexts[0] = idle;
    }

    public Action<int, Exception>? ThreadCrashed { get; set; }

    /// <summary>A host thread: its stack holds the frames of one kernel thread and of the servers it lent its context to.</summary>
    private sealed class Host
    {
        public readonly Baton Baton = new();
        public int ManagedThreadId = -1;

        /// <summary>The kernel thread whose frames are innermost: the only one that can run here.</summary>
        public Context? Top;
    }

    private sealed class Context(int id, string name, Action entry)
    {
        public readonly int Id = id;
        public readonly string Name = name;
        public readonly Action Entry = entry;

        /// <summary>The thread's own host thread, once started.</summary>
        public Host? Home;

        /// <summary>Where its innermost frames are: <see cref="Home"/>, or a caller's host while it runs on a lent context.</summary>
        public Host? Current;

        /// <summary>On a lent context: the caller that lent it.</summary>
        public Context? Below;

        public bool Started;
        public volatile bool Killed;
        public bool Exited;

        /// <summary>The body of its serve loop, while it has one (<see cref="SetServe"/>).</summary>
        public Func<bool>? Serve;

        /// <summary>Its own host thread waits at the top of the serve loop: a caller may run the loop body.</summary>
        public bool Parked;

        /// <summary>On a lent context: the wait it is starting ends its turn there.</summary>
        public bool Leaving;

        /// <summary>An exception that escaped the loop body on a lent context, for its own host thread to rethrow.</summary>
        public ExceptionDispatchInfo? Pending;

        public bool Borrowing => Current != Home;
    }

    public void Register(int thread, string name, Action entry)
    {
        _contexts[thread] = new Context(thread, name, entry);
    }

    /// <summary>Marks the calling host thread as the idle thread.</summary>
    public void BecomeIdle() => _contexts[0]!.Home!.ManagedThreadId = Environment.CurrentManagedThreadId;

    /// <summary>Throws unless the calling host thread is where kernel thread <paramref name="current"/> runs.</summary>
    public void CheckCaller(int current)
    {
        var ctx = _contexts[current];
        if (ctx?.Current is not { } host || host.ManagedThreadId != Environment.CurrentManagedThreadId)
        {
            // A killed thread unwinding, or a host thread the kernel does not know (a component
            // that used Task.Run): neither may touch kernel state.
            throw new ThreadKilledException();
        }
    }

    /// <summary>
    /// The context of <paramref name="thread"/>, as a handle for <see cref="SetServe"/> and
    /// <see cref="SetParked"/>: the frames of a killed thread that unwind after its number was
    /// given to a new thread still touch only their own context.
    /// </summary>
    public object Handle(int thread) => _contexts[thread]!;

    /// <summary>
    /// Registers (or, with null, removes) the body of a thread's serve loop: the rest of its
    /// wait, the handling of one request and the start of the next wait. It returns true when
    /// that wait blocked (the thread waits on at home, and the caller's host thread holds the
    /// CPU), false when the thread went home with the CPU (<see cref="ReturnHome"/>).
    /// </summary>
    public static void SetServe(object handle, Func<bool>? body) => ((Context)handle).Serve = body;

    /// <summary>Whether a thread's own host thread is at the top of its serve loop.</summary>
    public static void SetParked(object handle, bool parked) => ((Context)handle).Parked = parked;

    /// <summary>The lent context's thread is about to wait for its next request, which ends its turn there.</summary>
    public void SetLeaving(int thread) => _contexts[thread]!.Leaving = true;

    /// <summary>
    /// The wait that was to end the turn on a lent context returned at once (a request was
    /// queued): the thread's own host thread goes on from its parked wait, with the CPU.
    /// </summary>
    public void ReturnHome(int thread)
    {
        var ctx = _contexts[thread]!;
        ctx.Leaving = false;
        GoHome(ctx);
    }

    /// <summary>
    /// Whether <paramref name="thread"/>, blocked receiving, can run on the context of a caller
    /// (<see cref="Lend"/>): its own host thread waits at the top of its serve loop.
    /// </summary>
    public bool CanLend(int thread) =>
        _contexts[thread] is { Parked: true, Killed: false, Serve: not null } ctx && !ctx.Borrowing;

    /// <summary>
    /// As <see cref="Switch"/> from a caller <paramref name="from"/> to the server thread
    /// <paramref name="to"/> that received its call, but <paramref name="to"/> runs on the
    /// caller's host thread until it waits for its next request. Returns when <paramref name="from"/>
    /// runs again. The kernel model must not resume <paramref name="from"/> before the server gave
    /// the context back or died.
    /// </summary>
    public void Lend(int from, int to)
    {
        var self = _contexts[from]!;
        var server = _contexts[to]!;
        var host = self.Current!;
        server.Current = host;
        server.Below = self;
        host.Top = server;
        _running = server;
        var held = false;
        try
        {
            // The answer comes back as a value: once the server went home, its own host thread
            // runs, may be lent again at once, and its fields are no longer this thread's to read.
            held = server.Serve!();
        }
        catch (Exception) when (server.Killed)
        {
            // The server died on this context; its frames are gone, and whoever killed it holds the CPU.
        }
        catch (Exception e)
        {
            // Escaped the server's request handling: its own host thread rethrows it, as if it had
            // happened there. The server holds the CPU and keeps it.
            server.Pending = ExceptionDispatchInfo.Capture(e);
            GoHome(server);
        }
        finally
        {
            if (server.Current == host)
                Restore(server, host);
        }
        if (held)
        {
            var next = _running!;
            if (next == self)
                return;
            Resume(next);
        }
        Wait(self, host);
    }

    /// <summary>
    /// Called on thread <paramref name="from"/>: gives the CPU to <paramref name="to"/> and returns
    /// when <paramref name="from"/> is scheduled again. If <paramref name="fromIsDead"/>, the dead
    /// thread's host stack unwinds (<see cref="ThreadKilledException"/>) instead of waiting.
    /// </summary>
    public void Switch(int from, int to, bool fromIsDead)
    {
        var target = _contexts[to]!;
        var self = _contexts[from];
        if (fromIsDead && self is not null)
        {
            self.Exited = true;
            _contexts[from] = null;
            if (self.Borrowing)
                Abandon(self, parked: false);
        }
        _running = target;
        if (!fromIsDead && self!.Leaving)
        {
            // The end of a turn on a lent context: the thread waits on at home, and the lender's
            // host thread, unwinding to Lend, goes on with the CPU.
            self.Leaving = false;
            return;
        }
        // Read before the resume: from then on another thread holds the CPU, and may lend this
        // thread's context (when it waits in its serve loop) by changing Current.
        var host = self?.Current;
        Resume(target);
        // A dead thread must not run on: its host stack unwinds without touching the kernel.
        if (fromIsDead)
            throw new ThreadKilledException();
        Wait(self!, host!);
    }

    /// <summary>A killed thread is blocked: release it so that its host stack can unwind.</summary>
    public void Release(int thread)
    {
        var ctx = _contexts[thread];
        if (ctx is null)
            return;
        ctx.Killed = true;
        _contexts[thread] = null;
        if (!ctx.Started)
            return;
        if (ctx.Borrowing)
        {
            Abandon(ctx, parked: true);
            return;
        }
        // Below a borrower, its frames unwind when the borrower gives the context back.
        if (ctx.Home!.Top == ctx)
            ctx.Home.Baton.Pass();
    }

    /// <summary>Gives <paramref name="target"/> the CPU on the host thread its frames are on.</summary>
    private void Resume(Context target)
    {
        if (!target.Started)
        {
            StartHost(target);
            return;
        }
        var host = target.Current!;
        if (host.Top != target)
        {
            // The kernel keeps a lender from running until its context comes back.
            throw new InvalidOperationException(
                $"hosted CPU: thread {target.Id} ({target.Name}) cannot run, thread {host.Top?.Id} ({host.Top?.Name}) runs on its context");
        }
        host.Baton.Pass();
    }

    /// <summary>Waits on <paramref name="host"/> (where its frames are) until the kernel switches back to <paramref name="self"/>.</summary>
    private static void Wait(Context self, Host host)
    {
        if (self.Killed)
            throw new ThreadKilledException();
        host.Baton.Take();
        if (self.Killed)
            throw new ThreadKilledException();
        if (self.Pending is { } pending)
        {
            self.Pending = null;
            pending.Throw();
        }
    }

    /// <summary>Moves a thread that holds the CPU from a lent context back to its own host thread, and lets that one run.</summary>
    private static void GoHome(Context ctx)
    {
        // Before the pass: from then on the home host thread runs and checks these fields.
        Restore(ctx, ctx.Current!);
        ctx.Home!.Baton.Pass();
    }

    private static void Restore(Context ctx, Host lent)
    {
        if (lent.Top == ctx)
        {
            var below = ctx.Below;
            while (below is { Killed: true, Below: not null })
                below = below.Below;
            lent.Top = below;
        }
        ctx.Current = ctx.Home;
        ctx.Below = null;
    }

    /// <summary>
    /// A thread dies on a lent context: its frames there unwind, and so does its parked wait at
    /// home. <paramref name="parked"/>: it waits there (killed by another thread), rather than
    /// running (its own exit), so it must be woken to unwind.
    /// </summary>
    private static void Abandon(Context ctx, bool parked)
    {
        ctx.Killed = true;
        var lent = ctx.Current!;
        if (lent.Top == ctx)
        {
            Restore(ctx, lent);
            if (parked)
                lent.Baton.Pass();
        }
        // Else it is buried under a borrower of its own: it unwinds when that one gives the
        // context back, and the lend that ran it puts it back home then.
        ctx.Home!.Baton.Pass();
    }

    /// <summary>
    /// Starts the host thread of a kernel thread on its first switch. A method of its own: the
    /// closure it creates would otherwise be allocated on every <see cref="Switch"/>.
    /// </summary>
    private void StartHost(Context target)
    {
        target.Started = true;
        var host = new Host { Top = target };
        target.Home = target.Current = host;
        var thread = new Thread(() => RunThread(target, host), StackSize)
        {
            IsBackground = true,
            Name = target.Name,
        };
        thread.Start();
    }

    private void RunThread(Context ctx, Host host)
    {
        host.ManagedThreadId = Environment.CurrentManagedThreadId;
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
