namespace Framework.Kernel.Native.Selftest;

/// <summary>
/// The scheduler with real contexts: priority order, round robin on yield, blocking and waking on
/// a semaphore. Each test records the order in which its threads ran.
/// </summary>
internal sealed class SchedulerSelftests
{
    private readonly int[] _order = new int[16];
    private int _count;
    private int _semaphore;

    public SelftestSuite Suite() => new("scheduler", new SelftestCase[]
    {
        new("priority_order", PriorityOrder),
        new("yield_round_robin", YieldRoundRobin),
        new("semaphore_wakes_waiter", SemaphoreWakesWaiter),
    });

    private void Record(int thread)
    {
        if (_count < _order.Length)
        {
            _order[_count++] = thread;
        }
    }

    private void RunOnce(NativeKernel kernel, int thread) => Record(thread);

    private void RunYieldRun(NativeKernel kernel, int thread)
    {
        Record(thread);
        kernel.Yield();
        Record(thread);
    }

    private void Waiter(NativeKernel kernel, int thread)
    {
        SyscallStatus s = kernel.SemDown(_semaphore, 0);
        Record(s == SyscallStatus.Ok ? thread : -thread);
    }

    private void Waker(NativeKernel kernel, int thread)
    {
        Record(thread);
        kernel.SemUp(_semaphore);
        Record(thread);
    }

    private bool Order(SelftestContext t, int a, int b, int c, int d, int n)
    {
        bool ok = _count == n
            && (n < 1 || _order[0] == a) && (n < 2 || _order[1] == b)
            && (n < 3 || _order[2] == c) && (n < 4 || _order[3] == d);
        return t.Check(ok, "threads ran in the expected order");
    }

    private SyscallStatus PriorityOrder(SelftestContext t)
    {
        ISelftestMachine? m = t.Machine;
        if (m == null)
        {
            return SyscallStatus.Unavailable;
        }

        _count = 0;
        NativeKernel k = m.Kernel;
        var pd = (int)k.CreatePd(new PdMemory(32, 16)).Value;
        int low = Start(m, pd, 2, RunOnce);
        int high1 = Start(m, pd, 5, RunOnce);
        int high2 = Start(m, pd, 5, RunOnce);
        m.RunUntilIdle();
        k.DestroyPd(pd);
        return Order(t, high1, high2, low, 0, 3) ? SyscallStatus.Ok : SyscallStatus.Failed;
    }

    private SyscallStatus YieldRoundRobin(SelftestContext t)
    {
        ISelftestMachine? m = t.Machine;
        if (m == null)
        {
            return SyscallStatus.Unavailable;
        }

        _count = 0;
        NativeKernel k = m.Kernel;
        var pd = (int)k.CreatePd(new PdMemory(32, 16)).Value;
        int a = Start(m, pd, 3, RunYieldRun);
        int b = Start(m, pd, 3, RunYieldRun);
        m.RunUntilIdle();
        k.DestroyPd(pd);
        return Order(t, a, b, a, b, 4) ? SyscallStatus.Ok : SyscallStatus.Failed;
    }

    private SyscallStatus SemaphoreWakesWaiter(SelftestContext t)
    {
        ISelftestMachine? m = t.Machine;
        if (m == null)
        {
            return SyscallStatus.Unavailable;
        }

        _count = 0;
        NativeKernel k = m.Kernel;
        var pd = (int)k.CreatePd(new PdMemory(32, 16)).Value;
        var sem = (int)k.CreateSemaphore(pd, 0).Value;
        _semaphore = (int)k.InstallCap(pd, CapKind.Semaphore, sem).Value;
        // The waiter (higher priority) blocks first; the waker's up preempts the waker at once.
        int waiter = Start(m, pd, 6, Waiter);
        int waker = Start(m, pd, 4, Waker);
        m.RunUntilIdle();
        k.DestroyPd(pd);
        return Order(t, waker, waiter, waker, 0, 3) ? SyscallStatus.Ok : SyscallStatus.Failed;
    }

    internal static int Start(ISelftestMachine m, int pd, int priority, SelftestThreadBody body)
    {
        var thread = (int)m.Kernel.CreateThread(pd, priority).Value;
        m.Prepare(thread, body);
        m.Kernel.StartThread(thread);
        return thread;
    }
}
