using Framework.Base;
using Framework.Base.Session;
using Framework.Os.Api;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Os.Timer;

/// <summary>
/// The timeouts of all sessions and the timer thread that fires them. Sessions change the
/// schedule from the entrypoint; the timer thread waits for the earliest deadline and submits
/// the signals. Neither holds the lock across a kernel call, so neither can stall the other
/// (the kernel switches threads only at kernel calls).
/// </summary>
internal sealed class TimeoutScheduler
{
    private readonly Env _env;
    private readonly ITimeSource _clock;
    private readonly Lock _lock = new();
    private readonly TimeoutQueue<TimerSession> _queue = new(ReferenceEqualityComparer.Instance);

    public TimeoutScheduler(Env env, ITimeSource clock)
    {
        _env = env;
        _clock = clock;
    }

    public ulong NowUs => _clock.NowUs;

    public void Schedule(TimerSession session, ulong us, ulong period)
    {
        lock (_lock)
            _queue.Schedule(session, _clock.NowUs + us, period);
        _clock.Interrupt();
    }

    public void Cancel(TimerSession session)
    {
        lock (_lock)
            _queue.Cancel(session);
    }

    /// <summary>The timer thread: wait for the earliest deadline, then signal every session that is due.</summary>
    public void Run()
    {
        while (true)
        {
            ulong? next;
            lock (_lock)
                next = _queue.NextDeadline;
            _clock.WaitUntil(next);
            IReadOnlyList<TimerSession> due;
            lock (_lock)
                due = _queue.TakeDue(_clock.NowUs);
            foreach (var session in due)
                session.Fire(_env);
        }
    }
}

/// <summary>A Timer session: one timeout, one signal context.</summary>
internal sealed class TimerSession(TimeoutScheduler scheduler) : ITimerSession
{
    // Written by the entrypoint, read by the timer thread.
    private readonly Lock _lock = new();
    private Capability _sigh;

    public void TriggerOnce(ulong us) => scheduler.Schedule(this, us, 0);

    public void TriggerPeriodic(ulong us)
    {
        if (us == 0)
            scheduler.Cancel(this);
        else
            scheduler.Schedule(this, us, us);
    }

    public void Sigh(Capability context)
    {
        lock (_lock)
            _sigh = context;
    }

    public ulong ElapsedMs() => scheduler.NowUs / 1000;

    public ulong ElapsedUs() => scheduler.NowUs;

    /// <summary>Runs on the timer thread.</summary>
    public void Fire(Env env)
    {
        Capability sigh;
        lock (_lock)
            sigh = _sigh;
        if (sigh.IsValid)
            new SignalTransmitter(env, sigh).Submit();
    }
}

internal sealed class TimerRoot(Env env, TimeoutScheduler scheduler) : RootComponent<ITimerSession>(env, ITimerSession.Dispatch)
{
    protected override ITimerSession CreateSession(string args, SessionLabel label) => new TimerSession(scheduler);

    protected override void DestroySession(ITimerSession session) => scheduler.Cancel((TimerSession)session);
}

public static class Component
{
    public static void Construct(Env env)
    {
        var scheduler = new TimeoutScheduler(env, new KernelClock(env));
        new ComponentThread(env, "timer", scheduler.Run).Start();
        env.Announce(ITimerSession.ServiceName, env.Ep.Manage((IRoot)new TimerRoot(env, scheduler)));
    }
}
