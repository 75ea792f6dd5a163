namespace Framework.Kernel.Native.Hal;

/// <summary>
/// The CPU side of the hardware abstraction: how the kernel transfers the one simulated CPU
/// from one thread to another.
/// </summary>
/// <remarks>
/// The hosted HAL backs every kernel thread with a host thread and passes a baton: exactly one
/// host thread runs kernel or user code at any time, so kernel state needs no locks. A bare-metal
/// HAL saves and restores register contexts instead. Thread 0 is the idle thread: in the hosted
/// build it is the host thread that called <see cref="NativeKernel.Run"/>.
/// </remarks>
public interface IHalCpu
{
    /// <summary>
    /// Called on thread <paramref name="from"/>: gives the CPU to <paramref name="to"/> and returns
    /// when <paramref name="from"/> is scheduled again. If <paramref name="fromIsDead"/>, it returns
    /// at once without waiting, so the dead thread's context can be torn down.
    /// </summary>
    void Switch(int from, int to, bool fromIsDead);

    /// <summary>A killed thread is blocked: release it so that its context can unwind.</summary>
    void Release(int thread);
}

/// <summary>Records kernel events for the structured syscall trace.</summary>
public interface IHalTrace
{
    void Record(in TraceRecord record);
}
