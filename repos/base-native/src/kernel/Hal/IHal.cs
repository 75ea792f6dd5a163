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

    /// <summary>
    /// Whether <paramref name="thread"/>, blocked receiving, can run on the context of a caller
    /// (<see cref="Lend"/>). A HAL that cannot do that answers false, and every call is a
    /// <see cref="Switch"/>.
    /// </summary>
    bool CanLend(int thread);

    /// <summary>
    /// As <see cref="Switch"/> from a caller <paramref name="from"/> to the server thread
    /// <paramref name="to"/> that received its call, but <paramref name="to"/> runs on the
    /// caller's context until it waits for its next request. Returns when <paramref name="from"/>
    /// runs again. The kernel does not resume <paramref name="from"/> before the server gave the
    /// context back (<see cref="NativeKernel.ReturnContext"/>) or died.
    /// </summary>
    void Lend(int from, int to);
}

/// <summary>Records kernel events for the structured syscall trace.</summary>
public interface IHalTrace
{
    void Record(in TraceRecord record);
}
