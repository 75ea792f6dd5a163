namespace Framework.Kernel.Native;

/// <summary>Syscalls and kernel events, as they appear in the structured trace.</summary>
public enum TraceEvent : byte
{
    CreatePd, DestroyPd, CreateThread, StartThread, PauseThread, ResumeThread, KillThread, ExitThread,
    CreateEndpoint, MintObject, RevokeObject, InstallCap, DeleteCap,
    Call, Receive, Reply, ReplyAndWait, Switch,
    CreateSignalContext, Submit, SignalDelivered,
    CreateSemaphore, SemUp, SemDown, Timeout,
    CreateIrq, IrqRaised, IrqWait,
    Fault, Yield, Idle,
}

/// <summary>One entry of the structured syscall trace.</summary>
public readonly struct TraceRecord
{
    public TraceRecord(ulong sequence, ulong time, int thread, TraceEvent evt, ulong arg0, ulong arg1, SyscallStatus status)
    {
        Sequence = sequence;
        Time = time;
        Thread = thread;
        Event = evt;
        Arg0 = arg0;
        Arg1 = arg1;
        Status = status;
    }

    public ulong Sequence { get; }
    /// <summary>Virtual time, in microseconds.</summary>
    public ulong Time { get; }
    public int Thread { get; }
    public TraceEvent Event { get; }
    public ulong Arg0 { get; }
    public ulong Arg1 { get; }
    public SyscallStatus Status { get; }
}
