using Framework.Base;
using Framework.Rpc;

namespace Framework.Os.Api;

/// <summary>
/// A session at the Timer service (Genode's Timer::Connection): the session's own one-shot and
/// periodic timeout, blocking sleeps, and any number of <see cref="Timeout"/>s multiplexed over
/// the session's timeout and handled on the entrypoint.
/// </summary>
/// <remarks>
/// Use either the raw session functions (<see cref="Sigh"/>, <see cref="TriggerOnce"/>,
/// <see cref="TriggerPeriodic"/>) or the multiplexed timeouts (<see cref="Schedule"/>) on one
/// connection, not both: they program the same session timeout. <see cref="Sleep"/> and
/// <see cref="USleep"/> touch neither, so they mix with both.
/// </remarks>
public sealed class TimerConnection : IDisposable
{
    /// <summary>RAM donated with the session; covers the server's bookkeeping.</summary>
    public const ulong RamQuota = 8 * 1024;

    private readonly Env _env;
    private readonly Connection<ITimerSession> _connection;
    private readonly Blockade _sleep;
    private readonly TimeoutQueue<Timeout> _timeouts = new(ReferenceEqualityComparer.Instance);
    private SignalHandler? _handler;
    private ulong? _programmed;

    public TimerConnection(Env env, string label = "")
    {
        _env = env;
        _connection = new Connection<ITimerSession>(env, ITimerSession.ServiceName, c => new ITimerSession.Client(c),
            label, RamQuota);
        _sleep = new Blockade(env);
    }

    public ITimerSession Session => _connection.Session;

    public void Sigh(Capability context) => Session.Sigh(context);

    public void TriggerOnce(ulong us) => Session.TriggerOnce(us);

    public void TriggerPeriodic(ulong us) => Session.TriggerPeriodic(us);

    public ulong ElapsedMs() => Session.ElapsedMs();

    public ulong ElapsedUs() => Session.ElapsedUs();

    /// <summary>Blocks the calling thread for <paramref name="ms"/> milliseconds of the timer's time.</summary>
    public void Sleep(ulong ms) => USleep(ms * 1000);

    /// <summary>
    /// Blocks the calling thread for <paramref name="us"/> microseconds of the timer's time. Works
    /// on any thread, the entrypoint included: it waits on a kernel semaphore with a timeout (no
    /// signal has to be dispatched to wake it) and re-checks the timer until its time has passed,
    /// so a timer whose clock is not the kernel's still decides when the sleep ends.
    /// </summary>
    public void USleep(ulong us)
    {
        var deadline = ElapsedUs() + us;
        for (var now = ElapsedUs(); now < deadline; now = ElapsedUs())
            _sleep.Block(TimeSpan.FromTicks(checked((long)(deadline - now) * 10)));
    }

    /// <summary>
    /// Calls <paramref name="handler"/> on the entrypoint once <paramref name="after"/> has passed
    /// (every <paramref name="after"/> if <paramref name="periodic"/>). Dispose the result to cancel.
    /// </summary>
    public Timeout Schedule(TimeSpan after, Action handler, bool periodic = false)
    {
        var us = (ulong)Math.Max(0, after.Ticks / 10);
        var timeout = new Timeout(this, handler);
        _handler ??= InstallHandler();
        _timeouts.Schedule(timeout, ElapsedUs() + us, periodic ? Math.Max(1, us) : 0);
        Reprogram();
        return timeout;
    }

    private SignalHandler InstallHandler()
    {
        var handler = new SignalHandler(_env.Ep, HandleTimeouts);
        Session.Sigh(handler);
        return handler;
    }

    internal void Cancel(Timeout timeout)
    {
        if (_timeouts.Cancel(timeout))
            Reprogram();
    }

    private void HandleTimeouts()
    {
        _programmed = null;
        foreach (var timeout in _timeouts.TakeDue(ElapsedUs()))
            timeout.Fire();
        Reprogram();
    }

    /// <summary>Programs the session's one-shot timeout for the earliest pending deadline.</summary>
    private void Reprogram()
    {
        if (_timeouts.NextDeadline is not { } next || next == _programmed)
            return;
        var now = ElapsedUs();
        _programmed = next;
        Session.TriggerOnce(next > now ? next - now : 0);
    }

    public void Dispose()
    {
        _handler?.Dispose();
        _connection.Dispose();
    }

    /// <summary>A timeout scheduled with <see cref="Schedule"/>; disposing it cancels it.</summary>
    public sealed class Timeout : IDisposable
    {
        private readonly TimerConnection _timer;
        private readonly Action _handler;

        internal Timeout(TimerConnection timer, Action handler)
        {
            _timer = timer;
            _handler = handler;
        }

        public bool Pending => _timer._timeouts.IsScheduled(this);

        internal void Fire() => _handler();

        public void Dispose() => _timer.Cancel(this);
    }
}
