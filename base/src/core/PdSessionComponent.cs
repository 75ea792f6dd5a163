using Framework.Platform;
using Framework.Base;
using Framework.Base.Session;
using Framework.Rpc;

namespace Framework.Core;

/// <summary>
/// A PD session: a protection domain with its RAM quota account, its capability allocation,
/// its signal contexts, its CPU session and its address space.
/// </summary>
/// <remarks>
/// Quota rules follow Genode's RAM session: an account may transfer only to its reference
/// account or to an account whose reference it is; allocations count against the limit;
/// on destruction the remaining quota returns to the reference account.
/// </remarks>
internal sealed class PdSessionComponent : IPdSession
{
    private readonly CoreServices _core;
    private readonly List<DataspaceComponent> _dataspaces = [];
    private readonly Dictionary<KernelCapability, ObjectHandle> _rpcObjects = [];
    private readonly Dictionary<KernelCapability, SignalContextHandle> _signalContexts = [];
    private PdSessionComponent? _ref;
    private Capability _faultHandler;

    public PdSessionComponent(CoreServices core, string label, ulong quota, int capSlots)
    {
        _core = core;
        Label = label;
        QuotaLimit = quota;
        CapSlots = capSlots;
        CapLimit = (ulong)capSlots;
        // The page table caches what the pager mapped; it starts small and the kernel grows it.
        KernelPd = core.Kernel.CreatePd(label, capSlots, 256);
        AddressSpace = new RegionMapComponent(core, 0x1000_0000, 0x4000_0000_0000, label, KernelPd);
        AddressSpaceCap = core.Ep.Manage<IRegionMap>(AddressSpace, IRegionMap.Dispatch);
        Cpu = new CpuSessionComponent(core, this);
        CpuCap = core.Ep.Manage<ICpuSession>(Cpu, ICpuSession.Dispatch);
        Pager = core.Ep.CreatePager(OnFault);
        core.Pds[KernelPd] = this;
    }

    public string Label { get; }
    public PdHandle KernelPd { get; }

    /// <summary>The endpoint of the component's entrypoint thread, once the component is started.</summary>
    public EndpointHandle Endpoint { get; set; }
    public int CapSlots { get; }
    public ulong QuotaLimit { get; private set; }
    public ulong UsedBytes { get; private set; }
    public RegionMapComponent AddressSpace { get; }
    public Capability<IRegionMap> AddressSpaceCap { get; }
    public CpuSessionComponent Cpu { get; }
    public Capability<ICpuSession> CpuCap { get; }
    public ObjectHandle Pager { get; }
    public Capability<IPdSession> Cap { get; set; }
    public LoadedComponent? Component { get; set; }
    public bool Destroyed { get; private set; }

    /// <summary>Quota not yet used.</summary>
    public ulong Available => QuotaLimit > UsedBytes ? QuotaLimit - UsedBytes : 0;

    public Capability<IDataspace> Alloc(ulong size)
    {
        if (size == 0)
            return Capability<IDataspace>.Invalid;
        var rounded = Pages.RoundUp(size);
        if (UsedBytes + rounded > QuotaLimit)
            throw new InsufficientRamQuotaException($"{Label}: allocating {rounded} bytes exceeds the quota ({UsedBytes} of {QuotaLimit} used)");
        if (!_core.Kernel.Ram.TryAllocate(rounded, out var phys))
            throw new InsufficientRamQuotaException($"{Label}: physical memory exhausted allocating {rounded} bytes");
        UsedBytes += rounded;
        var ds = new DataspaceComponent(phys, rounded, writable: true);
        _dataspaces.Add(ds);
        return _core.Ep.Manage<IDataspace>(ds, IDataspace.Dispatch);
    }

    public void Free(Capability<IDataspace> cap)
    {
        var ds = _core.Ep.Lookup<DataspaceComponent>(cap);
        if (ds is null || !_dataspaces.Remove(ds))
            return;
        Release(ds);
    }

    private void Release(DataspaceComponent ds)
    {
        foreach (var (map, _) in ds.AttachedTo.ToArray())
            map.DetachAll(ds);
        ds.AttachedTo.Clear();
        _core.Ep.Dissolve(ds);
        _core.Kernel.Ram.Free(ds.Phys, ds.Length);
        UsedBytes -= ds.Length;
    }

    public int RefAccount(Capability<IPdSession> account)
    {
        var other = _core.Ep.Lookup<PdSessionComponent>(account);
        if (other is null)
            return -1;
        if (_ref is not null)
            return -2;
        if (other == this)
            return -3;
        _ref = other;
        return 0;
    }

    /// <summary>Sets the reference account from within core (for sessions core creates itself).</summary>
    public void SetRef(PdSessionComponent account) => _ref ??= account;

    public int TransferQuota(Capability<IPdSession> to, ulong amount)
    {
        var other = _core.Ep.Lookup<PdSessionComponent>(to);
        return other is null ? -1 : Transfer(other, amount);
    }

    /// <summary>Moves <paramref name="amount"/> of quota to <paramref name="other"/>; Genode's return codes.</summary>
    public int Transfer(PdSessionComponent other, ulong amount)
    {
        if (other._ref != this && _ref != other)
            return -3;
        if (amount > Available)
            return -3;
        QuotaLimit -= amount;
        other.QuotaLimit += amount;
        return 0;
    }

    public int TransferCapQuota(Capability<IPdSession> to, ulong amount)
    {
        var other = _core.Ep.Lookup<PdSessionComponent>(to);
        if (other is null)
            return -1;
        if (other._ref != this && _ref != other)
            return -3;
        if (amount > CapsAvailable)
            return -3;
        CapLimit -= amount;
        other.CapLimit += amount;
        return 0;
    }

    /// <summary>Quota given to a core-local service (LOG, ROM): it leaves the account until the session closes.</summary>
    public bool Withdraw(ulong amount)
    {
        if (amount > Available)
            return false;
        QuotaLimit -= amount;
        return true;
    }

    public void Deposit(ulong amount) => QuotaLimit += amount;

    /// <summary>The PD's capability quota: what its parent donated, not the kernel's slot count.</summary>
    public ulong CapLimit { get; set; }

    /// <summary>Caps this account may still donate (to PD sessions it creates).</summary>
    public ulong CapsAvailable
    {
        get
        {
            var used = CapUsed();
            return CapLimit > used ? CapLimit - used : 0;
        }
    }

    public void WithdrawCaps(ulong amount) => CapLimit -= Math.Min(amount, CapLimit);

    public void DepositCaps(ulong amount) => CapLimit += amount;

    public ulong Quota() => QuotaLimit;
    public ulong Used() => UsedBytes;

    public Capability AllocRpcCap(ulong badge)
    {
        ThrowIfOutOfCaps();
        var obj = _core.Kernel.MintObject(Endpoint, badge);
        var cap = _core.Kernel.Delegate(_core.Ep.Pd, obj);
        _rpcObjects[cap] = obj;
        return new Capability(_core.Ep.Port, cap);
    }

    public void FreeRpcCap(Capability cap)
    {
        if (!_rpcObjects.Remove(cap.Handle, out var obj))
            return;
        // The PD's own selector for the object goes too (installing returns the selector that
        // already names it), or the freed capability would count against the PD's cap quota forever.
        if (!Destroyed)
            _core.Kernel.DeleteCap(KernelPd, _core.Kernel.Delegate(KernelPd, obj));
        _core.Kernel.RevokeObject(obj);
        _core.Kernel.DeleteCap(_core.Ep.Pd, cap.Handle);
    }

    public Capability AllocSignalContext(ulong imprint)
    {
        ThrowIfOutOfCaps();
        var ctx = _core.Kernel.CreateSignalContext(Endpoint, imprint);
        var cap = _core.Kernel.DelegateSignal(_core.Ep.Pd, ctx);
        _signalContexts[cap] = ctx;
        return new Capability(_core.Ep.Port, cap);
    }

    public void FreeSignalContext(Capability context)
    {
        if (!_signalContexts.Remove(context.Handle, out var ctx))
            return;
        if (!Destroyed)
            _core.Kernel.DeleteCap(KernelPd, _core.Kernel.DelegateSignal(KernelPd, ctx));
        _core.Kernel.FreeSignalContext(ctx);
        _core.Kernel.DeleteCap(_core.Ep.Pd, context.Handle);
    }

    public void Start(string binaryName, Capability<IDataspace> binary, Capability parent)
    {
        if (Component is not null)
            throw new InvalidArgsException($"{Label}: already started");
        var ds = _core.Ep.Lookup<DataspaceComponent>(binary)
            ?? throw new InvalidArgsException($"{Label}: the binary '{binaryName}' is not a dataspace");
        var image = _core.Kernel.Ram.Bytes(ds.Phys, checked((int)ds.Length));
        Component = _core.Loader.Start(this, binaryName, image.Span, parent);
    }

    /// <summary>
    /// The capability quota, not only the size of the kernel's capability space, bounds what a PD
    /// allocates: a parent may have taken caps back (or not yet given them) since the space was made.
    /// </summary>
    private void ThrowIfOutOfCaps()
    {
        if (CapUsed() >= CapLimit)
            throw new InsufficientCapQuotaException($"{Label}: capability quota exhausted ({CapLimit})");
    }

    public void FaultHandler(Capability context) => _faultHandler = context;

    public ulong CapQuota() => CapLimit;
    public ulong CapUsed() => (ulong)_core.Kernel.CapSlotsUsed(KernelPd);

    Capability<ICpuSession> IPdSession.Cpu() => CpuCap;
    public Capability<IRegionMap> Rm() => AddressSpaceCap;

    /// <summary>A thread of this PD faulted where nothing is attached.</summary>
    private void OnFault(ulong address, bool write, int thread, ulong token)
    {
        if (AddressSpace.Resolve(address, write, 0, out var virt, out var phys, out var size, out var writable,
                out var map, out var inner, out var readOnly))
        {
            // Map the whole chunk, so that the rest of the attachment does not fault again.
            try
            {
                _core.Kernel.Map(KernelPd, virt, phys, size, writable);
                _core.Kernel.ReplyDeferred(token, null);
                return;
            }
            catch (KernelException e)
            {
                // A component's access must never take core down: the fault stays unresolved.
                _core.Log(Label, $"Error: cannot map 0x{virt:x}+0x{size:x}: {e.Message}");
                NotifyFault();
                return;
            }
        }
        if (!readOnly && map.RecordFault(inner, write, token))
            return;
        // Nobody will resolve this fault: the component stops, its parent is told.
        _core.Log(Label, $"Error: unresolved page fault ({(write ? "WRITE" : "READ")} at 0x{address:x}{(readOnly ? ", read-only dataspace" : "")}), thread stopped");
        NotifyFault();
    }

    /// <summary>Tells the parent (through its fault handler) that this PD faulted.</summary>
    public void NotifyFault()
    {
        Faulted = true;
        if (_faultHandler.IsValid)
            _core.Kernel.Submit(_core.Ep.Pd, _faultHandler.Handle, 1);
    }

    public bool Faulted { get; private set; }

    /// <summary>
    /// Tears the PD down: threads, objects, memory; the quota returns to the reference account,
    /// or to <paramref name="owner"/> (who created the session) if the PD never got one.
    /// </summary>
    public void Destroy(PdSessionComponent? owner = null)
    {
        _ref ??= owner;
        if (Destroyed)
            return;
        Destroyed = true;
        Component?.Unload();
        _core.Pds.Remove(KernelPd);
        _core.Kernel.DestroyPd(KernelPd);
        foreach (var ds in _dataspaces.ToArray())
            Release(ds);
        _dataspaces.Clear();
        foreach (var cap in _rpcObjects.Keys)
            _core.Kernel.DeleteCap(_core.Ep.Pd, cap);
        foreach (var cap in _signalContexts.Keys)
            _core.Kernel.DeleteCap(_core.Ep.Pd, cap);
        _core.Ep.Dissolve(AddressSpace);
        _core.Ep.Dissolve(AddressSpace.DataspaceView);
        _core.Ep.Dissolve(Cpu);
        if (_ref is not null)
        {
            _ref.QuotaLimit += QuotaLimit;
            QuotaLimit = 0;
        }
    }
}
