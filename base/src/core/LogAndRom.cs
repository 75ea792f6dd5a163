using System.Collections.Frozen;
using Framework.Base;
using Framework.Base.Session;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Core;

/// <summary>A LOG session: prints <c>[label] text</c> for each line written.</summary>
internal sealed class LogSessionComponent(CoreServices core, string label) : ILogSession
{
    public int Write(string text)
    {
        core.Log(label, text);
        return text.Length;
    }
}

/// <summary>A ROM session on a boot module, copied once into a read-only dataspace.</summary>
internal sealed class RomSessionComponent(Capability<IDataspace> ds) : IRomSession
{
    public Capability<IDataspace> Dataspace() => ds;

    // Boot modules never change.
    public bool Update() => true;

    public void Sigh(Capability context) { }
}

/// <summary>Roots of the services core provides locally, to its parent-less child init and through init to all.</summary>
internal sealed class CoreRoots(CoreServices core)
{
    private readonly Dictionary<string, (DataspaceComponent Ds, Capability<IDataspace> Cap)> _romDataspaces = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (object Session, PdSessionComponent Owner, ulong Quota)> _sessions = [];

    public static readonly FrozenSet<string> Services = FrozenSet.Create(StringComparer.Ordinal, "PD", "CPU", "RM", "LOG", "ROM");

    /// <summary>Creates a session of a core service for <paramref name="owner"/>, charging its quota.</summary>
    public Capability Session(string service, string args, PdSessionComponent owner)
    {
        var label = SessionLabel.FromArgs(args).Value;
        var quota = ArgString.FindArg(args, "ram_quota").ULongValue(0);
        switch (service)
        {
            case "PD":
            {
                var caps = (int)ArgString.FindArg(args, "cap_quota").ULongValue(1000);
                if (quota < 4096)
                    throw new InsufficientRamQuotaException($"a PD session needs at least 4K of RAM quota, {quota} donated");
                if (!owner.Withdraw(quota))
                    throw new InsufficientRamQuotaException($"{owner.Label}: cannot donate {quota} bytes ({owner.Available} available)");
                var pd = new PdSessionComponent(core, label, quota, Math.Max(caps, 64));
                pd.SetRef(owner);
                var cap = core.Ep.Manage<IPdSession>(pd, IPdSession.Dispatch);
                pd.Cap = cap;
                _sessions[cap.Selector] = (pd, owner, 0);
                return cap;
            }
            case "LOG":
                return Local(new LogSessionComponent(core, label), ILogSession.Dispatch, owner, quota, 1024);
            case "ROM":
            {
                var name = new SessionLabel(label).LastElement.Value;
                if (!core.Roms.TryGet(name, out var content))
                    throw new ServiceDeniedException($"ROM module \"{name}\" does not exist");
                return Local(new RomSessionComponent(RomDataspace(name, content)), IRomSession.Dispatch, owner, quota, 1024);
            }
            case "RM":
            {
                var size = ArgString.FindArg(args, "size").ULongValue(0);
                if (size == 0 || !Pages.Aligned(size))
                    throw new ServiceDeniedException($"RM session needs a page-aligned size, got \"{ArgString.FindArg(args, "size").RawValue}\"");
                var map = new RegionMapComponent(core, 0, size, label);
                return Local(map, IRegionMap.Dispatch, owner, quota, 4096);
            }
            default:
                throw new ServiceDeniedException($"core provides no \"{service}\" service");
        }
    }

    private Capability Local<T>(T session, RpcDispatch<T> dispatch, PdSessionComponent owner, ulong quota, ulong cost) where T : class
    {
        if (quota < cost)
            throw new InsufficientRamQuotaException($"session needs {cost} bytes of RAM quota, {quota} donated");
        if (!owner.Withdraw(quota))
            throw new InsufficientRamQuotaException($"{owner.Label}: cannot donate {quota} bytes ({owner.Available} available)");
        var cap = core.Ep.Manage(session, dispatch);
        _sessions[cap.Selector] = (session, owner, quota);
        return cap;
    }

    private Capability<IDataspace> RomDataspace(string name, byte[] content)
    {
        if (_romDataspaces.TryGetValue(name, out var existing))
            return existing.Cap;
        var size = Pages.RoundUp((ulong)Math.Max(content.Length, 1));
        if (!core.Kernel.Ram.TryAllocate(size, out var phys))
            throw new ServiceDeniedException($"no RAM left for ROM module \"{name}\"");
        content.CopyTo(core.Kernel.Ram.Bytes(phys, content.Length));
        var ds = new DataspaceComponent(phys, size, writable: false);
        var cap = core.Ep.Manage<IDataspace>(ds, IDataspace.Dispatch);
        _romDataspaces[name] = (ds, cap);
        return cap;
    }

    public void Upgrade(Capability session, string args, PdSessionComponent owner)
    {
        if (!_sessions.TryGetValue(session.Selector, out var entry))
            return;
        var amount = ArgString.FindArg(args, "ram_quota").ULongValue(0);
        if (!owner.Withdraw(amount))
            throw new InsufficientRamQuotaException($"{owner.Label}: cannot donate {amount} bytes ({owner.Available} available)");
        if (entry.Session is PdSessionComponent pd)
            pd.Deposit(amount);
        else
            _sessions[session.Selector] = entry with { Quota = entry.Quota + amount };
    }

    /// <summary>Closes a session; its quota returns to the owner.</summary>
    public void Close(Capability session)
    {
        if (!_sessions.Remove(session.Selector, out var entry))
            return;
        core.Ep.Dissolve(entry.Session);
        if (entry.Session is PdSessionComponent pd)
            pd.Destroy();
        else
            entry.Owner.Deposit(entry.Quota);
    }

    public PdSessionComponent? Pd(Capability cap) => core.Ep.Lookup<PdSessionComponent>(cap);
}
