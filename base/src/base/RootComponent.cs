using Framework.Base.Session;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Base;

/// <summary>
/// The root of a service: creates, upgrades and closes sessions on request of the parent
/// (Genode's Root_component). Subclasses create the session objects.
/// </summary>
public abstract class RootComponent<TSession> : IRoot where TSession : class
{
    private readonly Dictionary<KernelCapability, (TSession Session, Capability<TSession> Cap)> _sessions = [];
    private readonly RpcDispatch<TSession> _dispatch;

    /// <param name="dispatch">The generated dispatcher, <c>IFoo.Dispatch</c>.</param>
    protected RootComponent(Env env, RpcDispatch<TSession> dispatch)
    {
        Env = env;
        _dispatch = dispatch;
    }

    protected Env Env { get; }

    /// <summary>RAM a session costs the server; the client's donation must cover it.</summary>
    protected virtual ulong SessionCost => 1024;

    /// <summary>Sessions open now.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>Creates a session for <paramref name="label"/>; throw the declared exceptions to refuse.</summary>
    protected abstract TSession CreateSession(string args, SessionLabel label);

    protected virtual void UpgradeSession(TSession session, string args) { }

    protected virtual void DestroySession(TSession session) { }

    public Capability Session(string args)
    {
        var ramQuota = ArgString.FindArg(args, "ram_quota").ULongValue(0);
        if (ramQuota < SessionCost)
            throw new InsufficientRamQuotaException($"session needs {SessionCost} bytes of RAM quota, {ramQuota} donated");
        var session = CreateSession(args, SessionLabel.FromArgs(args));
        var cap = Env.Ep.Manage(session, _dispatch);
        _sessions[cap.Handle] = (session, cap);
        return cap;
    }

    public void Upgrade(Capability session, string args)
    {
        if (_sessions.TryGetValue(session.Handle, out var entry))
            UpgradeSession(entry.Session, args);
    }

    public void Close(Capability session)
    {
        if (!_sessions.Remove(session.Handle, out var entry))
            return;
        Env.Ep.Dissolve(entry.Session);
        DestroySession(entry.Session);
    }
}
