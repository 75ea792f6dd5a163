using Framework.Rpc;

namespace Framework.Base.Kernel;

/// <summary>
/// The kernel-facing interface: everything core and the base library need from a kernel
/// backend. One implementation per backend (repos/base-*); chosen at boot.
/// </summary>
/// <remarks>
/// Handles are small positive integers owned by the backend; 0 is never valid. Every call is
/// made by the thread that currently holds the (simulated) CPU, except <see cref="Run"/>,
/// which the host calls on the idle thread. Selectors are per protection domain.
/// </remarks>
public interface IKernel
{
    /// <summary>Short backend name, e.g. "native".</summary>
    string Name { get; }

    /// <summary>Largest message payload in bytes.</summary>
    int MaxMessageBytes { get; }

    /// <summary>The machine's RAM.</summary>
    IPhysicalMemory Ram { get; }

    /// <summary>Virtual time since boot, in microseconds.</summary>
    ulong Now { get; }

    // protection domains and threads

    int CreatePd(string label, int capSlots);
    /// <summary>Creates a PD whose page table holds <paramref name="mappingCapacity"/> pages.</summary>
    int CreatePd(string label, int capSlots, int mappingCapacity);
    void DestroyPd(int pd);
    int CapSlotsUsed(int pd);

    /// <summary>Creates a thread running <paramref name="entry"/> once started. Priority 0 is the lowest.</summary>
    int CreateThread(int pd, string name, int priority, Action entry);
    void StartThread(int thread);
    void PauseThread(int thread);
    void ResumeThread(int thread);
    void KillThread(int thread);
    /// <summary>The thread holding the CPU (the caller).</summary>
    int CurrentThread { get; }
    int PdOfThread(int thread);
    KernelThreadState ThreadState(int thread);
    bool IsPaused(int thread);

    // IPC objects and capabilities

    int CreateEndpoint(int pd);
    void DestroyEndpoint(int endpoint);
    int MintObject(int endpoint, ulong badge);
    void RevokeObject(int obj);
    /// <summary>Installs a capability for the object in <paramref name="pd"/> and returns its selector.</summary>
    int InstallObjectCap(int pd, int obj);
    void InstallObjectCapAt(int pd, int selector, int obj);
    /// <summary>Which endpoint and badge a selector of <paramref name="pd"/> names (core identifies received capabilities).</summary>
    bool IdentifyObject(int pd, int selector, out int endpoint, out ulong badge);
    void DeleteCap(int pd, int selector);
    /// <summary>The RPC object a selector of <paramref name="pd"/> names, or 0.</summary>
    int ObjectOfCap(int pd, int selector);

    /// <summary>The IPC door of a protection domain, for its components' capabilities.</summary>
    IIpcPort PortOf(int pd);

    /// <summary>
    /// Replies (if <paramref name="reply"/> is not null and a caller waits) and waits on
    /// <paramref name="endpoint"/>; the result arrives in <paramref name="receive"/>.
    /// </summary>
    ReceiveInfo ReplyAndWait(int endpoint, MessageBuffer? reply, MessageBuffer receive);

    /// <summary>As <see cref="ReplyAndWait"/>, but returns <see cref="ReceiveKind.Nothing"/> instead of blocking.</summary>
    ReceiveInfo ReplyAndPoll(int endpoint, MessageBuffer? reply, MessageBuffer receive);

    /// <summary>
    /// The serve loop of the current thread on <paramref name="endpoint"/>: replies, waits, hands
    /// what arrived to <paramref name="handle"/> (the received message is in
    /// <paramref name="receive"/>) and sends what it returns as the reply (null: none), until the
    /// wait is aborted. A backend may run the handling of a call on the caller's context.
    /// </summary>
    void Serve(int endpoint, MessageBuffer receive, Func<ReceiveInfo, MessageBuffer?> handle);

    /// <summary>Detaches the current caller for a later reply (0: none).</summary>
    ulong DeferReply();
    void ReplyDeferred(ulong token, MessageBuffer? reply);

    // signals, semaphores, IRQs, faults

    int CreateSignalContext(int endpoint, ulong imprint);
    void FreeSignalContext(int context);
    int InstallSignalCap(int pd, int context);
    /// <summary>Never blocks. False if the selector names no live signal context.</summary>
    bool Submit(int pd, int selector, uint count);
    void SubmitContext(int context, uint count);

    int CreateSemaphore(int pd, long initial);
    int InstallSemaphoreCap(int pd, int semaphore);
    void SemUp(int pd, int selector);
    /// <summary>Returns false on timeout; 0 waits forever.</summary>
    bool SemDown(int pd, int selector, ulong timeoutMicroseconds);

    int CreateIrq(int number);
    int InstallIrqCap(int pd, int irq);
    void WaitIrq(int pd, int selector);
    void RaiseIrq(int number);

    // memory mappings (core only): the page tables the pager fills on faults

    /// <summary>Maps physical pages into <paramref name="pd"/>; replaces what was mapped there.</summary>
    void Map(int pd, ulong virt, ulong phys, ulong size, bool writable);
    void Unmap(int pd, ulong virt, ulong size);
    /// <summary>
    /// The physical address of an access in <paramref name="phys"/> if every page is mapped; on
    /// <see cref="Translation.Fault"/>, <paramref name="phys"/> is the first address that faults.
    /// </summary>
    Translation Translate(int pd, ulong virt, ulong length, bool write, out ulong phys);
    int MappedPages(int pd);

    void SetPager(int thread, int pagerObject);
    /// <summary>Reports a fault of the current thread to its pager; returns when resolved, false if it has no pager.</summary>
    bool Fault(ulong address, bool write);

    void Yield();

    // the host side

    /// <summary>Runs until all threads block; advances virtual time up to <paramref name="timeLimit"/>.</summary>
    KernelRunResult Run(ulong timeLimit);
    /// <summary>The current thread returns the CPU to the host, which sees <see cref="KernelRunResult.Stopped"/>.</summary>
    void PreemptToIdle();
    void AdvanceTime(ulong now);
    ulong NextDeadline { get; }

    /// <summary>Starts or stops the structured syscall trace; lines go to <paramref name="sink"/>.</summary>
    void SetTrace(Action<string>? sink);

    /// <summary>Called when a thread's entry throws an exception that nothing handled.</summary>
    Action<int, Exception>? ThreadCrashed { get; set; }
}

public enum KernelThreadState
{
    Free, Created, Ready, Running, BlockedSend, BlockedReply, BlockedReceive, BlockedSemaphore, BlockedIrq, Dead,
}

public enum Translation
{
    Mapped,
    /// <summary>Some page is not mapped (or lacks the right): the access faults.</summary>
    Fault,
    /// <summary>Every page is mapped, but not to contiguous physical memory: the access spans attachments.</summary>
    Conflict,
}

public enum KernelRunResult
{
    Idle,
    TimeLimit,
    Stopped,
}

/// <summary>What <see cref="IKernel.ReplyAndWait"/> received.</summary>
public readonly record struct ReceiveInfo(ReceiveKind Kind, ulong Badge, ulong Imprint, uint SignalCount,
    ulong FaultAddress, bool FaultWrite, int FaultThread);

public enum ReceiveKind
{
    Call,
    Signal,
    Fault,
    /// <summary>The endpoint was destroyed or the thread is being killed.</summary>
    Aborted,
    /// <summary>A poll found nothing pending.</summary>
    Nothing,
}

/// <summary>Thrown into a thread whose component is being destroyed, to unwind its stack.</summary>
public sealed class ThreadKilledException() : Exception("thread killed");

/// <summary>A kernel operation failed in a way the caller could not have avoided or handled.</summary>
public sealed class KernelException(string message) : Exception(message);
