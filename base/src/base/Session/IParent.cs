using Framework.Rpc;

namespace Framework.Base.Session;

/// <summary>The parent interface: how a component talks to the one that started it.</summary>
[RpcInterface("Parent")]
public partial interface IParent
{
    /// <summary>Tells the parent that the component is done.</summary>
    [Rpc(0)]
    void Exit(int exitValue);

    /// <summary>Offers a service, implemented by <paramref name="root"/>, to the parent.</summary>
    [Rpc(1)]
    void Announce([MaxBytes(RpcLimits.ServiceNameBytes)] string serviceName, Capability root);

    /// <summary>
    /// Opens a session. <paramref name="args"/> is an argument string (<c>ram_quota=8K, label="x"</c>);
    /// the RAM quota named there moves from the caller to the server, transactionally.
    /// </summary>
    [Rpc(2)]
    [RpcThrows(typeof(ServiceDeniedException), typeof(InsufficientRamQuotaException), typeof(UnavailableException))]
    Capability Session([MaxBytes(RpcLimits.ServiceNameBytes)] string serviceName, [MaxBytes(RpcLimits.SessionArgsBytes)] string args);

    /// <summary>Donates more quota (<c>ram_quota=...</c>) to an open session.</summary>
    [Rpc(3)]
    [RpcThrows(typeof(InsufficientRamQuotaException))]
    void Upgrade(Capability session, [MaxBytes(RpcLimits.SessionArgsBytes)] string args);

    /// <summary>Closes a session; its donated quota returns to the caller.</summary>
    [Rpc(4)]
    void Close(Capability session);

    // Modern Genode's dynamic resource balancing and liveness monitoring.

    /// <summary>Registers the signal the parent submits when it answered a resource request.</summary>
    [Rpc(5)]
    void ResourceAvailSigh(Capability sigh);

    /// <summary>Asks for more quota (<c>ram_quota=..., cap_quota=...</c>); the answer is a resource-avail signal.</summary>
    [Rpc(6)]
    void ResourceRequest([MaxBytes(RpcLimits.SessionArgsBytes)] string args);

    /// <summary>Registers the signal the parent submits when it wants quota back.</summary>
    [Rpc(7)]
    void YieldSigh(Capability sigh);

    /// <summary>The amount the parent wants back (<c>ram_quota=..., cap_quota=...</c>), empty if none.</summary>
    [Rpc(8)]
    [return: MaxBytes(RpcLimits.SessionArgsBytes)]
    string YieldRequest();

    /// <summary>Tells the parent that quota was freed in reply to its yield request.</summary>
    [Rpc(9)]
    void YieldResponse();

    /// <summary>Registers the signal the parent submits periodically to check that the component is alive.</summary>
    [Rpc(10)]
    void HeartbeatSigh(Capability sigh);

    /// <summary>Answers a heartbeat signal.</summary>
    [Rpc(11)]
    void HeartbeatResponse();
}

/// <summary>The root interface of a service: the parent opens, upgrades and closes sessions through it.</summary>
[RpcInterface("Root")]
public partial interface IRoot
{
    /// <summary>
    /// Opens a session. <see cref="UnavailableException"/> means "not yet": the root cannot serve the
    /// request now (a nested init whose policy names a server that does not exist yet); the caller keeps
    /// the request pending and retries when the root's provider announces the service again.
    /// </summary>
    [Rpc(0)]
    [RpcThrows(typeof(ServiceDeniedException), typeof(InsufficientRamQuotaException), typeof(InvalidArgsException),
        typeof(UnavailableException))]
    Capability Session([MaxBytes(RpcLimits.SessionArgsBytes)] string args);

    [Rpc(1)]
    void Upgrade(Capability session, [MaxBytes(RpcLimits.SessionArgsBytes)] string args);

    [Rpc(2)]
    void Close(Capability session);
}
