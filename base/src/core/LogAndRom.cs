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

/// <summary>
/// A ROM session on a boot module, copied into a read-only dataspace. A module the host replaces
/// (<see cref="CoreSystem.UpdateRom"/>) gets a new dataspace; the session's signal tells the client.
/// </summary>
internal sealed class RomSessionComponent(string module, Capability<IDataspace> ds) : IRomSession
{
    private Capability<IDataspace> _current = ds;
    private Capability<IDataspace> _handedOut = ds;

    public string Module => module;
    public Capability SignalContext { get; private set; }

    public Capability<IDataspace> Dataspace() => _handedOut = _current;

    /// <summary>True if the client's dataspace is still the current one (nothing to re-attach).</summary>
    public bool Update() => _handedOut.Handle == _current.Handle;

    public void Sigh(Capability context) => SignalContext = context;

    public void NewVersion(Capability<IDataspace> ds) => _current = ds;
}

/// <summary>Roots of the services core provides locally, to its parent-less child init and through init to all.</summary>
internal sealed class CoreRoots(CoreServices core)
{
    private readonly Dictionary<string, (DataspaceComponent Ds, Capability<IDataspace> Cap)> _romDataspaces = new(StringComparer.Ordinal);
    private readonly Dictionary<KernelCapability, (object Session, PdSessionComponent Owner, ulong Quota, long Serial)> _sessions = [];

    /// <summary>Numbers sessions in the order they were opened, which is the same on every backend (capability values are not).</summary>
    private long _serial;

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
                // The donated RAM pays for the session; the PD's own account starts empty and is
                // filled by its parent through ref_account/transfer_quota, as in modern Genode.
                // The donated caps become the PD's capability quota, taken from the owner's.
                var caps = ArgString.FindArg(args, "cap_quota").ULongValue(1000);
                if (quota < 4096)
                    throw new InsufficientRamQuotaException($"a PD session needs at least 4K of RAM quota, {quota} donated");
                if (caps > owner.CapsAvailable)
                    throw new InsufficientRamQuotaException($"{owner.Label}: cannot donate {caps} caps ({owner.CapsAvailable} available)");
                if (!owner.Withdraw(quota))
                    throw new InsufficientRamQuotaException($"{owner.Label}: cannot donate {quota} bytes ({owner.Available} available)");
                owner.WithdrawCaps(caps);
                // The kernel's capability space cannot grow: it is made large enough for later cap
                // upgrades (TransferCapQuota); the quota itself is enforced by core (CapLimit).
                var pd = new PdSessionComponent(core, label, 0, (int)Math.Clamp(caps, 1024, 1 << 16)) { CapLimit = caps };
                var cap = core.Ep.Manage<IPdSession>(pd, IPdSession.Dispatch);
                pd.Cap = cap;
                _sessions[cap.Handle] = (pd, owner, quota, ++_serial);
                return cap;
            }
            case "LOG":
                return Local(new LogSessionComponent(core, label), ILogSession.Dispatch, owner, quota, 1024);
            case "ROM":
            {
                var name = new SessionLabel(label).LastElement.Value;
                if (!core.Roms.TryGet(name, out var content))
                    throw new ServiceDeniedException($"ROM module \"{name}\" does not exist");
                return Local(new RomSessionComponent(name, RomDataspace(name, content)), IRomSession.Dispatch, owner, quota, 1024);
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
        _sessions[cap.Handle] = (session, owner, quota, ++_serial);
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
        if (!_sessions.TryGetValue(session.Handle, out var entry))
            return;
        var amount = ArgString.FindArg(args, "ram_quota").ULongValue(0);
        var caps = ArgString.FindArg(args, "cap_quota").ULongValue(0);
        if (entry.Session is PdSessionComponent && caps > owner.CapsAvailable)
            throw new InsufficientRamQuotaException($"{owner.Label}: cannot donate {caps} caps ({owner.CapsAvailable} available)");
        if (!owner.Withdraw(amount))
            throw new InsufficientRamQuotaException($"{owner.Label}: cannot donate {amount} bytes ({owner.Available} available)");
        if (entry.Session is PdSessionComponent pd)
        {
            // Upgrading a PD session raises the PD's own quota (RAM and caps).
            pd.Deposit(amount);
            owner.WithdrawCaps(caps);
            pd.CapLimit += caps;
        }
        else
        {
            _sessions[session.Handle] = entry with { Quota = entry.Quota + amount };
        }
    }

    /// <summary>Closes a session; its quota returns to the owner.</summary>
    public void Close(Capability session)
    {
        if (!_sessions.Remove(session.Handle, out var entry))
            return;
        core.Ep.Dissolve(entry.Session);
        if (entry.Session is PdSessionComponent pd)
        {
            // What the PD's account holds goes to its reference account (or the owner), the
            // session's own donation back to the owner, and so do the PD's caps.
            pd.Destroy(entry.Owner);
            entry.Owner.DepositCaps(pd.CapLimit);
            pd.CapLimit = 0;
        }
        entry.Owner.Deposit(entry.Quota);
    }

    /// <summary>A boot module changed: new sessions and re-fetching clients see the new content; clients are signalled.</summary>
    public void UpdateRom(string name)
    {
        // Clients still holding the old dataspace read it until they re-fetch; like every boot
        // module's dataspace it stays with core.
        _romDataspaces.Remove(name);
        if (!core.Roms.TryGet(name, out var content))
            return;
        var ds = RomDataspace(name, content);
        foreach (var entry in _sessions.Values.OrderBy(e => e.Serial).ToList())
        {
            if (entry.Session is not RomSessionComponent rom || rom.Module != name)
                continue;
            rom.NewVersion(ds);
            if (rom.SignalContext.IsValid)
                core.Kernel.Submit(core.Ep.Pd, rom.SignalContext.Handle, 1);
        }
    }

    public PdSessionComponent? Pd(Capability cap) => core.Ep.Lookup<PdSessionComponent>(cap);
}
