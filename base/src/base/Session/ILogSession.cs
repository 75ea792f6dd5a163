using Framework.Rpc;

namespace Framework.Base.Session;

/// <summary>The LOG service: each line appears prefixed by the session label, <c>[label] text</c>.</summary>
[RpcInterface("LOG")]
public partial interface ILogSession
{
    [Rpc(0)] int Write([MaxBytes(RpcLimits.LogStringBytes)] string text);
}

/// <summary>A ROM module, readable through its dataspace; <see cref="Sigh"/> tells about new versions.</summary>
[RpcInterface("ROM")]
public partial interface IRomSession
{
    [Rpc(0)] Capability<IDataspace> Dataspace();

    /// <summary>True if the content was updated in place (the dataspace stays the same).</summary>
    [Rpc(1)] bool Update();

    [Rpc(2)] void Sigh(Capability context);
}

/// <summary>The fault state of a region map, as its fault handler reads it.</summary>
public enum FaultType
{
    Ready = 0,
    ReadFault,
    WriteFault,
}

/// <summary>Region map state: the first unresolved fault, or <see cref="FaultType.Ready"/>.</summary>
public readonly record struct RegionMapState(FaultType Type, ulong Address);

/// <summary>A region map (Genode's RM session): attaches dataspaces into an address space.</summary>
[RpcInterface("RM")]
public partial interface IRegionMap
{
    /// <summary>
    /// Attaches <paramref name="size"/> bytes (0: the rest) of <paramref name="ds"/> from <paramref name="offset"/>,
    /// at <paramref name="localAddr"/> if <paramref name="useLocalAddr"/>; returns the address.
    /// </summary>
    [Rpc(0)]
    [RpcThrows(typeof(InvalidDataspaceException), typeof(RegionConflictException), typeof(OutOfMetadataException), typeof(InvalidArgsException))]
    ulong Attach(Capability<IDataspace> ds, ulong size, ulong offset, bool useLocalAddr, ulong localAddr);

    [Rpc(1)] void Detach(ulong localAddr);

    /// <summary>Registers the signal context submitted on an unresolved fault.</summary>
    [Rpc(2)] void FaultHandler(Capability context);

    [Rpc(3)] RegionMapState State();

    /// <summary>This region map as a dataspace (a managed dataspace), to attach it into another.</summary>
    [Rpc(4)] Capability<IDataspace> Dataspace();
}

/// <summary>The CPU service: threads of a component.</summary>
[RpcInterface("CPU")]
public partial interface ICpuSession
{
    /// <summary>Creates a thread whose code is entry <paramref name="entry"/> of the component; returns its id.</summary>
    [Rpc(0)] int CreateThread([MaxBytes(RpcLimits.ThreadNameBytes)] string name, int entry);
    [Rpc(1)] void Start(int thread);
    [Rpc(2)] void Pause(int thread);
    [Rpc(3)] void Resume(int thread);
    [Rpc(4)] void Kill(int thread);
    /// <summary>Registers the signal context submitted when a thread of this session faults.</summary>
    [Rpc(5)] void ExceptionHandler(Capability context);

    /// <summary>The scheduling state of a thread.</summary>
    [Rpc(6)] CpuThreadState State(int thread);
}

/// <summary>What a CPU session reports about one of its threads.</summary>
public enum CpuThreadState
{
    Created,
    Ready,
    Running,
    /// <summary>Blocked in IPC, on a semaphore, an IRQ or a fault.</summary>
    Blocked,
    Paused,
    Dead,
}
