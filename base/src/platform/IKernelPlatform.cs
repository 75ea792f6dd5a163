using Framework.Rpc;

namespace Framework.Platform;

/// <summary>
/// The kernel-facing interface: what core needs of a kernel backend, in Genode's terms the
/// platform-specific parts of core (Platform_pd, Platform_thread, the pager, the capability
/// session) and of the base library's IPC. One implementation per backend (repos/base-*), which
/// maps these operations onto that kernel's own system calls, the way base-foc maps them onto
/// Fiasco.OC and base-codezero onto Codezero.
/// </summary>
/// <remarks>
/// <para>
/// Every call is made by the thread that holds the (one, simulated) CPU. Handles and capabilities
/// are opaque: what they hold is the backend's business. A PD's capabilities
/// (<see cref="KernelCapability"/>) mean something only together with that PD, which is why the
/// operations that use one name the holder.
/// </para>
/// <para>
/// Signals and deferred replies are part of this interface although not every kernel has them:
/// a backend whose kernel lacks them builds them from what it has (Fiasco.OC: IRQ objects used as
/// semaphores, as Genode 12.02 does) with the helpers of this assembly, so core and the base
/// library see one behaviour.
/// </para>
/// </remarks>
public interface IKernelPlatform
{
    KernelInfo Info { get; }

    /// <summary>The machine's RAM, as core allocates dataspaces from it.</summary>
    IPhysicalMemory Ram { get; }

    /// <summary>Time since boot in microseconds: virtual time, or the wall clock in interactive mode.</summary>
    ulong Now { get; }

    // protection domains

    /// <summary>Creates a PD with <paramref name="capSlots"/> capability slots and a page table for <paramref name="mappingCapacity"/> pages (it may grow).</summary>
    PdHandle CreatePd(string label, int capSlots, int mappingCapacity);

    /// <summary>Destroys a PD: kills its threads, destroys its endpoints (their callers see the call aborted) and its capabilities.</summary>
    void DestroyPd(PdHandle pd);

    /// <summary>Capability slots the PD occupies (what its capability quota is charged).</summary>
    int CapSlotsUsed(PdHandle pd);

    /// <summary>The IPC door of a PD: what its threads call capabilities through.</summary>
    IIpcPort PortOf(PdHandle pd);

    // threads

    /// <summary>Creates a thread of <paramref name="pd"/> that runs <paramref name="entry"/> once started. Priority 0 is the lowest.</summary>
    ThreadHandle CreateThread(PdHandle pd, string name, int priority, Action entry);

    /// <summary>Names the pager object that receives the thread's page faults (before it starts).</summary>
    void SetPager(ThreadHandle thread, ObjectHandle pager);

    void StartThread(ThreadHandle thread);
    void PauseThread(ThreadHandle thread);
    void ResumeThread(ThreadHandle thread);
    void KillThread(ThreadHandle thread);

    /// <summary>The thread holding the CPU (the caller).</summary>
    ThreadHandle CurrentThread { get; }

    PdHandle PdOfThread(ThreadHandle thread);
    KernelThreadState ThreadState(ThreadHandle thread);
    bool IsPaused(ThreadHandle thread);

    /// <summary>Gives up the CPU to a ready thread of the same priority, if any.</summary>
    void Yield();

    // RPC objects and capabilities

    /// <summary>Creates the endpoint <paramref name="receiver"/> serves: calls to the objects minted on it reach that thread's waits.</summary>
    EndpointHandle CreateEndpoint(ThreadHandle receiver);

    void DestroyEndpoint(EndpointHandle endpoint);

    /// <summary>Mints an RPC object of <paramref name="endpoint"/>; calls to it arrive there with <paramref name="badge"/>.</summary>
    ObjectHandle MintObject(EndpointHandle endpoint, ulong badge);

    /// <summary>Revokes an object: every holder's capability for it becomes invalid.</summary>
    void RevokeObject(ObjectHandle obj);

    /// <summary>Gives <paramref name="holder"/> a capability for <paramref name="obj"/> (the one it already holds, if any).</summary>
    KernelCapability Delegate(PdHandle holder, ObjectHandle obj);

    /// <summary>Installs a child's parent capability where the child's startup code finds it, and returns it.</summary>
    KernelCapability InstallParent(PdHandle child, ObjectHandle parent);

    /// <summary>The object a capability of <paramref name="holder"/> names (invalid if none).</summary>
    ObjectHandle ObjectOf(PdHandle holder, KernelCapability cap);

    /// <summary>Which endpoint and badge a capability of <paramref name="holder"/> names: how core recognises its own objects when they come back to it.</summary>
    bool Identify(PdHandle holder, KernelCapability cap, out EndpointHandle endpoint, out ulong badge);

    /// <summary>Removes a capability from <paramref name="holder"/>'s capability space.</summary>
    void DeleteCap(PdHandle holder, KernelCapability cap);

    // receiving

    /// <summary>
    /// Replies (if <paramref name="reply"/> is not null and a caller waits) and waits on
    /// <paramref name="endpoint"/>; the message arrives in <paramref name="receive"/>.
    /// </summary>
    ReceiveInfo ReplyAndWait(EndpointHandle endpoint, MessageBuffer? reply, MessageBuffer receive);

    /// <summary>As <see cref="ReplyAndWait"/>, but returns <see cref="ReceiveKind.Nothing"/> instead of blocking.</summary>
    ReceiveInfo ReplyAndPoll(EndpointHandle endpoint, MessageBuffer? reply, MessageBuffer receive);

    /// <summary>
    /// The serve loop of the current thread on <paramref name="endpoint"/>: replies, waits, hands
    /// what arrived to <paramref name="handle"/> (the message is in <paramref name="receive"/>) and
    /// sends what it returns as the reply (null: none), until the wait is aborted. A backend may run
    /// the handling of a call on the caller's host thread (a lent context).
    /// </summary>
    void Serve(EndpointHandle endpoint, MessageBuffer receive, Func<ReceiveInfo, MessageBuffer?> handle);

    /// <summary>Detaches the caller of the message being handled, for a reply later (0: there is none). Also how a pager holds a faulter.</summary>
    ulong DeferReply();

    /// <summary>Answers a caller detached by <see cref="DeferReply"/>; for a faulter, resumes it.</summary>
    void ReplyDeferred(ulong token, MessageBuffer? reply);

    // signals

    /// <summary>Creates a signal context delivered to <paramref name="endpoint"/> as <see cref="ReceiveKind.Signal"/> with <paramref name="imprint"/>.</summary>
    SignalContextHandle CreateSignalContext(EndpointHandle endpoint, ulong imprint);

    void FreeSignalContext(SignalContextHandle context);

    /// <summary>Gives <paramref name="holder"/> a capability to submit to <paramref name="context"/>.</summary>
    KernelCapability DelegateSignal(PdHandle holder, SignalContextHandle context);

    /// <summary>Submits through a capability of <paramref name="submitter"/>; never blocks. False if it names no live signal context.</summary>
    bool Submit(PdHandle submitter, KernelCapability context, uint count);

    /// <summary>Submits to a context directly (core and the host).</summary>
    void SubmitContext(SignalContextHandle context, uint count);

    // semaphores (blockades, locks and timed waits between threads of one PD)

    SemaphoreHandle CreateSemaphore(PdHandle pd, long initial);
    KernelCapability DelegateSemaphore(PdHandle holder, SemaphoreHandle semaphore);
    void SemaphoreUp(PdHandle holder, KernelCapability semaphore);

    /// <summary>Takes the semaphore; false if <paramref name="timeoutMicroseconds"/> (0: forever) passed first.</summary>
    bool SemaphoreDown(PdHandle holder, KernelCapability semaphore, ulong timeoutMicroseconds);

    // interrupts

    IrqHandle CreateIrq(int number);
    KernelCapability DelegateIrq(PdHandle holder, IrqHandle irq);

    /// <summary>Blocks until the interrupt behind the capability occurs.</summary>
    void WaitIrq(PdHandle holder, KernelCapability irq);

    /// <summary>The device side: raises interrupt line <paramref name="number"/>.</summary>
    void RaiseIrq(int number);

    // memory: the page tables core's pager fills on faults

    /// <summary>Maps physical pages into <paramref name="pd"/>; replaces what was mapped there.</summary>
    void Map(PdHandle pd, ulong virt, ulong phys, ulong size, bool writable);

    void Unmap(PdHandle pd, ulong virt, ulong size);

    /// <summary>
    /// The physical address of an access if every page of it is mapped; on
    /// <see cref="Translation.Fault"/>, <paramref name="phys"/> is the first address that faults.
    /// </summary>
    Translation Translate(PdHandle pd, ulong virt, ulong length, bool write, out ulong phys);

    int MappedPages(PdHandle pd);

    /// <summary>Reports a fault of the current thread to its pager; returns once it is resolved, false if the thread has no pager.</summary>
    bool Fault(ulong address, bool write);
}
