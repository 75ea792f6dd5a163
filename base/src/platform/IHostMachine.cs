namespace Framework.Platform;

/// <summary>
/// What the host (the run tool, the bench, a test) needs of the machine it booted: running it,
/// its virtual clock, the syscall trace, and word of threads that died of an exception. Core does
/// not use this interface; the kernel does not know who drives it.
/// </summary>
public interface IHostMachine
{
    /// <summary>
    /// Runs the machine on the calling host thread (it becomes the idle thread) until every thread
    /// blocks with no timeout pending, until virtual time reaches <paramref name="timeLimit"/>, or
    /// until a thread hands the CPU back (<see cref="PreemptToIdle"/>).
    /// </summary>
    KernelRunResult Run(ulong timeLimit);

    /// <summary>Called by the thread holding the CPU: return to the host, which sees <see cref="KernelRunResult.Stopped"/>; the thread goes on when run again.</summary>
    void PreemptToIdle();

    /// <summary>Time since boot in microseconds.</summary>
    ulong Now { get; }

    /// <summary>Moves virtual time forward to <paramref name="now"/> (interactive mode follows the wall clock this way).</summary>
    void AdvanceTime(ulong now);

    /// <summary>The earliest pending timeout, or <see cref="ulong.MaxValue"/>.</summary>
    ulong NextDeadline { get; }

    /// <summary>Starts (or, with null, stops) the structured syscall trace, in the kernel's own vocabulary.</summary>
    void SetTrace(Action<string>? sink);

    /// <summary>Called when a thread's code ends with an exception nothing handled.</summary>
    Action<ThreadHandle, Exception>? ThreadCrashed { get; set; }

    /// <summary>
    /// Moves whenever the kernel runs a system call, so that a host-side watchdog can tell a
    /// machine that makes progress from one whose CPU holder spins.
    /// </summary>
    long Progress { get; }

    /// <summary>Who holds the CPU, for a watchdog's message: component label and thread name.</summary>
    string CpuHolder { get; }

    /// <summary>
    /// Ends every thread (their host threads unwind and exit); the machine does not run again.
    /// For hosts that boot many machines in one process (the bench, tests).
    /// </summary>
    void Shutdown();
}
