using Framework.Rpc;

namespace Framework.Base.Session;

/// <summary>A dataspace: a contiguous range of physical memory, RAM or ROM.</summary>
[RpcInterface]
public partial interface IDataspace
{
    [Rpc(0)] ulong Size();
    [Rpc(1)] ulong PhysAddr();
    [Rpc(2)] bool Writable();
}

/// <summary>
/// The protection domain of a component, with its RAM quota account (Genode's RAM and PD
/// sessions, merged as in modern Genode), its capability allocation and its signal contexts.
/// </summary>
[RpcInterface("PD")]
public partial interface IPdSession
{
    /// <summary>Allocates zero-filled RAM, rounded up to whole pages.</summary>
    [Rpc(0)]
    [RpcThrows(typeof(InsufficientRamQuotaException), typeof(OutOfMetadataException))]
    Capability<IDataspace> Alloc(ulong size);

    [Rpc(1)] void Free(Capability<IDataspace> ds);

    /// <summary>Sets the reference account quota may be transferred to and from (once). 0 on success.</summary>
    [Rpc(2)] int RefAccount(Capability<IPdSession> account);

    /// <summary>Moves quota to <paramref name="to"/>, which must be this account's reference account or have it as one. 0 on success.</summary>
    [Rpc(3)] int TransferQuota(Capability<IPdSession> to, ulong amount);

    [Rpc(4)] ulong Quota();
    [Rpc(5)] ulong Used();

    /// <summary>Mints a capability for an object of this PD's entrypoint (Genode's Cap_session::alloc).</summary>
    [Rpc(6)]
    [RpcThrows(typeof(InsufficientCapQuotaException))]
    Capability AllocRpcCap(ulong badge);
    [Rpc(7)] void FreeRpcCap(Capability cap);

    /// <summary>Creates a signal context delivered to this PD's entrypoint with <paramref name="imprint"/>.</summary>
    [Rpc(8)]
    [RpcThrows(typeof(InsufficientCapQuotaException))]
    Capability AllocSignalContext(ulong imprint);
    [Rpc(9)] void FreeSignalContext(Capability context);

    /// <summary>Loads <paramref name="binary"/> into this PD and starts it with <paramref name="parent"/> as its parent.</summary>
    [Rpc(10)]
    [RpcThrows(typeof(InvalidArgsException))]
    void Start([MaxBytes(RpcLimits.ModuleNameBytes)] string binaryName, Capability<IDataspace> binary, Capability parent);

    /// <summary>Registers the signal context told when a thread of this PD faults or throws.</summary>
    [Rpc(11)] void FaultHandler(Capability context);

    /// <summary>The capability-space slots this PD has used, and its limit.</summary>
    [Rpc(12)] ulong CapQuota();
    [Rpc(13)] ulong CapUsed();

    /// <summary>The CPU session of this PD (its "Env::cpu" session).</summary>
    [Rpc(14)] Capability<ICpuSession> Cpu();

    /// <summary>The address space of this PD (its "Env::rm" session).</summary>
    [Rpc(15)] Capability<IRegionMap> Rm();

    /// <summary>
    /// Moves capability quota to <paramref name="to"/> under the rules of <see cref="TransferQuota"/>
    /// (Genode's <c>transfer_quota(Cap_quota)</c>): how a parent raises a child's caps and takes them back.
    /// 0 on success.
    /// </summary>
    [Rpc(16)] int TransferCapQuota(Capability<IPdSession> to, ulong amount);
}
