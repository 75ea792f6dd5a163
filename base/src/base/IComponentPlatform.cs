using Framework.Rpc;

namespace Framework.Base;

/// <summary>
/// What the base library of one component receives from core when its first thread starts:
/// the unprivileged door of its protection domain. Everything here acts only on that PD.
/// </summary>
public interface IComponentPlatform
{
    /// <summary>The component's label as its parent named it (e.g. "init -> hello_client").</summary>
    string Label { get; }

    /// <summary>Binary name of the component.</summary>
    string Binary { get; }

    IIpcPort Port { get; }

    /// <summary>The parent capability, installed by core at a well-known selector.</summary>
    Capability Parent { get; }

    /// <summary>Replies and waits on the component's entrypoint endpoint.</summary>
    ReceiveInfo ReplyAndWait(MessageBuffer? reply, MessageBuffer receive);

    /// <summary>Replies and takes what is pending without blocking (<see cref="ReceiveKind.Nothing"/> if nothing).</summary>
    ReceiveInfo ReplyAndPoll(MessageBuffer? reply, MessageBuffer receive);

    /// <summary>
    /// The entrypoint's serve loop: replies, waits, hands what arrived to <paramref name="handle"/>
    /// and sends what it returns as the reply (null: none), until the wait is aborted.
    /// </summary>
    void Serve(MessageBuffer receive, Func<ReceiveInfo, MessageBuffer?> handle);

    ulong DeferReply();
    void ReplyDeferred(ulong token, MessageBuffer? reply);

    /// <summary>Submits to a signal context; never blocks. False if the capability names none.</summary>
    bool Submit(Capability context, uint count);

    /// <summary>
    /// The bytes at <paramref name="address"/> of the component's address space. An address
    /// nothing is attached at faults: the fault goes to the region map's pager, and the call
    /// returns once the fault is resolved. A fault nobody resolves stops the component.
    /// </summary>
    Memory<byte> Access(ulong address, int length, bool write);

    /// <summary>Time since boot in microseconds: virtual time, or wall-clock time in interactive mode.</summary>
    ulong Now { get; }

    /// <summary>Creates a kernel semaphore of this PD (for blockades, locks and timed waits between its threads).</summary>
    KernelCapability CreateSemaphore(long initial);

    void SemaphoreUp(KernelCapability semaphore);

    /// <summary>Takes the semaphore; false if <paramref name="timeoutMicroseconds"/> (0: forever) passed first.</summary>
    bool SemaphoreDown(KernelCapability semaphore, ulong timeoutMicroseconds);

    /// <summary>Registers thread code; the returned number is what a CPU session starts (the "instruction pointer").</summary>
    int RegisterEntry(Action entry);
}
