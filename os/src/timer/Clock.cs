using Framework.Base;

namespace Framework.Os.Timer;

/// <summary>
/// What the timer service needs from a time source: the time and a way for the timer thread to
/// wait until a deadline or until it is told that the deadlines changed. A driver for a hardware
/// timer device implements the same (its wait blocks on the device's interrupt), and the
/// sessions, thus the clients, stay as they are.
/// </summary>
internal interface ITimeSource
{
    /// <summary>Microseconds since boot.</summary>
    ulong NowUs { get; }

    /// <summary>Blocks the timer thread until <paramref name="deadlineUs"/> (null: forever) or <see cref="Interrupt"/>.</summary>
    void WaitUntil(ulong? deadlineUs);

    /// <summary>Wakes a <see cref="WaitUntil"/> early; called from the entrypoint when deadlines change.</summary>
    void Interrupt();
}

/// <summary>
/// The kernel's clock: virtual time in scenarios (a 10-second timeout costs nothing) and the
/// wall clock in interactive mode. The timer thread waits on a kernel semaphore with a timeout.
/// </summary>
internal sealed class KernelClock(Env env) : ITimeSource
{
    private readonly Blockade _wakeup = new(env);

    public ulong NowUs => (ulong)(env.Uptime.Ticks / 10);

    public void WaitUntil(ulong? deadlineUs)
    {
        if (deadlineUs is not { } deadline)
        {
            _wakeup.Block();
            return;
        }
        var now = NowUs;
        if (deadline > now)
            _wakeup.Block(TimeSpan.FromTicks(checked((long)(deadline - now) * 10)));
    }

    public void Interrupt() => _wakeup.Wakeup();
}
