namespace Framework.Kernel.Native.Selftest;

/// <summary>The body of a selftest thread: runs on the thread's own context, then the thread exits.</summary>
public delegate void SelftestThreadBody(NativeKernel kernel, int thread);

/// <summary>
/// What a booted kernel offers the scheduler and IPC selftests: the live kernel, and threads that
/// run C# bodies on real contexts (kernel threads on bare metal). The selftests run on the idle
/// context. Without a machine (the hosted unit tests) those suites report SKIP.
/// </summary>
public interface ISelftestMachine
{
    NativeKernel Kernel { get; }

    /// <summary>Gives <paramref name="thread"/> (created, not started) a context that runs <paramref name="body"/>.</summary>
    SyscallStatus Prepare(int thread, SelftestThreadBody body);

    /// <summary>Runs the kernel from the idle context until every thread is blocked or gone.</summary>
    RunResult RunUntilIdle();
}
