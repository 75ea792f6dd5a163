namespace Framework.Kernel.Native;

/// <summary>What a capability-space slot refers to.</summary>
public enum CapKind : byte
{
    None = 0,
    /// <summary>An RPC object: an endpoint plus a badge (a NOVA portal, a FOC IPC gate).</summary>
    Object,
    /// <summary>A signal context: submitting to it never blocks.</summary>
    SignalContext,
    Semaphore,
    Irq,
    /// <summary>An endpoint itself: the right to receive on it.</summary>
    Endpoint,
}

public enum ThreadState : byte
{
    Free = 0,
    Created,
    Ready,
    Running,
    /// <summary>Called an endpoint whose receivers are all busy.</summary>
    BlockedSend,
    /// <summary>Request delivered, waiting for the server's reply.</summary>
    BlockedReply,
    /// <summary>Waiting in reply-and-wait for a request or a signal.</summary>
    BlockedReceive,
    BlockedSemaphore,
    BlockedIrq,
    Dead,
}

/// <summary>What a reply-and-wait received.</summary>
public enum IpcKind : byte
{
    Call = 0,
    Signal,
    /// <summary>A page fault reported to the thread's pager; replying resumes the faulter.</summary>
    Fault,
}

/// <summary>
/// A thread's message registers for one IPC: the platform layer points it at its message
/// buffer. Transfers copy between the sender's and the receiver's buffers.
/// </summary>
public sealed class IpcBuffer
{
    public const int MaxCaps = 4;

    public IpcBuffer(byte[] data) => Data = data;

    public byte[] Data;
    public int Length;
    public readonly int[] Caps = new int[MaxCaps];
    public int CapCount;

    /// <summary>On receipt of a call or fault: the badge of the called object.</summary>
    public ulong Badge;
    public IpcKind Kind;
    /// <summary>On receipt of a signal: the context's imprint and the number of coalesced submits.</summary>
    public ulong Imprint;
    public uint SignalCount;
    /// <summary>On receipt of a fault: address, whether it was a write, and the faulting thread.</summary>
    public ulong FaultAddress;
    public bool FaultWrite;
    public int FaultThread;
}

internal struct ThreadRecord
{
    public ThreadState State;
    public bool Paused;
    public bool Killed;
    public int Pd;
    public int Priority;
    public int Generation;
    /// <summary>Run-queue or wait-queue link.</summary>
    public int Next;
    /// <summary>The endpoint, semaphore or IRQ the thread is blocked on.</summary>
    public int BlockedOn;
    /// <summary>A server thread: the caller it owes a reply to (-1: none).</summary>
    public int ReplyTo;
    /// <summary>A caller in BlockedReply: the server thread serving it (-1: queued or none).</summary>
    public int ServedBy;
    public IpcBuffer? Message;
    public SyscallStatus Result;
    public ulong Deadline;
    public int TimeoutNext;
    public bool InTimeoutList;
    /// <summary>Pager endpoint object for page faults (0: none) and the fault being reported.</summary>
    public int PagerObject;
    public bool InFault;
    public ulong FaultAddress;
    public bool FaultWrite;
    /// <summary>A caller whose context a server borrows (<see cref="Hal.IHalCpu.Lend"/>): the server, else 0.</summary>
    public int LentTo;
    /// <summary>A server running on a caller's context: that caller, else 0.</summary>
    public int BorrowedFrom;
}

internal struct PdRecord
{
    public bool Alive;
    public int Generation;
    /// <summary>The memory core supplied for the domain's kernel objects (null while free).</summary>
    public PdMemory? Memory;
    /// <summary>The kernel allocated the memory itself and may replace a full page table (hosted convenience).</summary>
    public bool GrowsMappings;
    public CapSpace? Caps;
    public Memory.AddressSpace? Space;
}

internal struct EndpointRecord
{
    public bool Alive;
    public int Pd;
    /// <summary>Threads waiting to receive (FIFO).</summary>
    public int ReceiversHead, ReceiversTail;
    /// <summary>Callers waiting for a receiver (FIFO).</summary>
    public int SendersHead, SendersTail;
    /// <summary>Signal contexts with pending signals (FIFO).</summary>
    public int SignalsHead, SignalsTail;
}

internal struct ObjectRecord
{
    public bool Alive;
    public int Generation;
    public int Endpoint;
    public ulong Badge;
}

internal struct SignalContextRecord
{
    public bool Alive;
    public int Generation;
    public int Endpoint;
    public ulong Imprint;
    public uint Count;
    public bool Queued;
    public int Next;
}

internal struct SemaphoreRecord
{
    public bool Alive;
    public int Generation;
    public int Pd;
    public long Count;
    public int WaitHead, WaitTail;
}

internal struct IrqRecord
{
    public bool Alive;
    public int Generation;
    public int Number;
    public bool Pending;
    public int Waiter;
}
