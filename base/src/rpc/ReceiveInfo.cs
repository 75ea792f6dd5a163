namespace Framework.Rpc;

/// <summary>What a server thread's wait received.</summary>
/// <param name="Kind">A call, a signal, a page fault (pagers only), or the end of the wait.</param>
/// <param name="Badge">For a call: the badge of the called object, as the kernel delivered it. For a fault: the pager object's badge.</param>
/// <param name="Imprint">For a signal: the imprint the context was created with.</param>
/// <param name="SignalCount">For a signal: how many submits coalesced into it.</param>
/// <param name="FaultAddress">For a fault: the address accessed.</param>
/// <param name="FaultWrite">For a fault: whether the access was a write.</param>
/// <param name="FaultThread">For a fault: the backend's number of the faulting thread.</param>
public readonly record struct ReceiveInfo(ReceiveKind Kind, ulong Badge, ulong Imprint, uint SignalCount,
    ulong FaultAddress, bool FaultWrite, int FaultThread)
{
    public static ReceiveInfo Nothing => new(ReceiveKind.Nothing, 0, 0, 0, 0, false, 0);
    public static ReceiveInfo Aborted => new(ReceiveKind.Aborted, 0, 0, 0, 0, false, 0);
    public static ReceiveInfo Call(ulong badge) => new(ReceiveKind.Call, badge, 0, 0, 0, false, 0);
    public static ReceiveInfo Signal(ulong imprint, uint count) => new(ReceiveKind.Signal, 0, imprint, count, 0, false, 0);
    public static ReceiveInfo Fault(ulong pagerBadge, ulong address, bool write, int thread) =>
        new(ReceiveKind.Fault, pagerBadge, 0, 0, address, write, thread);
}

/// <summary>The kinds of <see cref="ReceiveInfo"/>.</summary>
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
