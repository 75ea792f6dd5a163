using Framework.Kernel.Native.Hal;

namespace Framework.Kernel.Native;

/// <summary>
/// The native kernel: protection domains with capability spaces, threads, IPC endpoints with
/// rendezvous, signals, semaphores, IRQ objects, a deterministic scheduler and virtual time.
/// </summary>
/// <remarks>
/// Written in the restricted subset (doc/native-kernel.md): errors are status codes, object
/// tables are fixed arrays indexed by handles, links are indices. Every method except
/// <see cref="Run"/> is a syscall made by the current thread, i.e. the one holding the CPU.
/// Thread 0 is the idle thread. Handles are 1-based; 0 means none.
/// </remarks>
public sealed partial class NativeKernel
{
    private readonly IHalCpu _cpu;
    private readonly KernelConfig _config;
    private IHalTrace? _trace;
    private ulong _traceSequence;

    private readonly ThreadRecord[] _threads;
    private readonly PdRecord[] _pds;
    private readonly EndpointRecord[] _endpoints;
    private readonly ObjectRecord[] _objects;
    private readonly SignalContextRecord[] _signals;
    private readonly SemaphoreRecord[] _semaphores;
    private readonly IrqRecord[] _irqs;

    private readonly IndexPool _objectPool;
    private readonly IndexPool _signalPool;
    private readonly IndexPool _semaphorePool;
    private int _threadHigh, _pdHigh, _endpointHigh;

    public NativeKernel(IHalCpu cpu, KernelConfig config)
    {
        _cpu = cpu;
        _config = config;
        _threads = new ThreadRecord[config.MaxThreads];
        _pds = new PdRecord[config.MaxPds];
        _endpoints = new EndpointRecord[config.MaxEndpoints];
        _objects = new ObjectRecord[config.MaxObjects];
        _signals = new SignalContextRecord[config.MaxSignalContexts];
        _semaphores = new SemaphoreRecord[config.MaxSemaphores];
        _irqs = new IrqRecord[config.MaxIrqs];
        _runHead = new int[config.PriorityLevels];
        _runTail = new int[config.PriorityLevels];
        for (var i = 0; i < config.PriorityLevels; i++)
        {
            _runHead[i] = -1;
            _runTail[i] = -1;
        }
        // Thread 0 is the idle thread; it runs when nothing else can.
        _threads[0].State = ThreadState.Running;
        _threads[0].ReplyTo = -1;
        _threads[0].ServedBy = -1;
        _threads[0].Next = -1;
        _current = 0;
        _threadHigh = 1;
        _pdHigh = 1;
        _endpointHigh = 1;
        _objectPool = new IndexPool(config.MaxObjects);
        _signalPool = new IndexPool(config.MaxSignalContexts);
        _semaphorePool = new IndexPool(config.MaxSemaphores);
    }

    public KernelConfig Config => _config;

    /// <summary>The thread holding the CPU.</summary>
    public int CurrentThread => _current;

    /// <summary>Starts or stops the structured syscall trace.</summary>
    public void SetTrace(IHalTrace? trace) => _trace = trace;

    private void Trace(TraceEvent evt, ulong arg0, ulong arg1, SyscallStatus status)
    {
        var trace = _trace;
        if (trace is null)
            return;
        _traceSequence++;
        trace.Record(new TraceRecord(_traceSequence, _now, _current, evt, arg0, arg1, status));
    }

    private SyscallStatus Traced(TraceEvent evt, ulong arg0, ulong arg1, SyscallStatus status)
    {
        Trace(evt, arg0, arg1, status);
        return status;
    }

    private SyscallResult Traced(TraceEvent evt, ulong arg0, SyscallResult result)
    {
        Trace(evt, arg0, result.Value, result.Status);
        return result;
    }

    // ---------------------------------------------------------------- protection domains

    /// <summary>Creates a protection domain with a capability space of <paramref name="capSlots"/> slots.</summary>
    [AllocatesForCore]
    public SyscallResult CreatePd(int capSlots) => CreatePd(capSlots, 256);

    /// <summary>
    /// Creates a protection domain with a capability space of <paramref name="capSlots"/> slots and
    /// a page table of <paramref name="mappingCapacity"/> entries: a convenience that allocates
    /// the domain's <see cref="PdMemory"/> on core's behalf (the hosted platform's way). A kernel that
    /// must not allocate after boot is given the memory: <see cref="CreatePd(PdMemory)"/>.
    /// </summary>
    [AllocatesForCore]
    public SyscallResult CreatePd(int capSlots, int mappingCapacity)
    {
        if (capSlots < 1 || capSlots > 1 << 20)
            return Traced(TraceEvent.CreatePd, (ulong)capSlots, SyscallResult.Error(SyscallStatus.BadArgument, 1));
        var result = CreatePd(new PdMemory(capSlots, mappingCapacity));
        if (result.IsSuccess)
            _pds[(int)result.Value].GrowsMappings = true;
        return result;
    }

    /// <summary>
    /// Creates a protection domain in memory core supplies (base-hw's rule): its capability space
    /// and page table are those of <paramref name="memory"/>, emptied. The kernel allocates nothing.
    /// BadArgument (value 1) for a slot count out of range, BadState if the memory backs a live domain.
    /// </summary>
    public SyscallResult CreatePd(PdMemory memory)
    {
        var capSlots = memory.CapSlots;
        if (capSlots < 1 || capSlots > 1 << 20)
            return Traced(TraceEvent.CreatePd, (ulong)capSlots, SyscallResult.Error(SyscallStatus.BadArgument, 1));
        if (memory.InUse)
            return Traced(TraceEvent.CreatePd, (ulong)capSlots, SyscallResult.Error(SyscallStatus.BadState, 1));
        var pd = 0;
        for (var i = 1; i < _pdHigh; i++)
        {
            if (!_pds[i].Alive)
            {
                pd = i;
                break;
            }
        }
        if (pd == 0)
        {
            if (_pdHigh >= _pds.Length)
                return Traced(TraceEvent.CreatePd, (ulong)capSlots, SyscallResult.Error(SyscallStatus.OutOfSlots, 0));
            pd = _pdHigh++;
        }
        memory.Reset();
        memory.InUse = true;
        _pds[pd].Alive = true;
        _pds[pd].Generation++;
        _pds[pd].GrowsMappings = false;
        _pds[pd].Memory = memory;
        _pds[pd].Caps = memory.Caps;
        _pds[pd].Space = memory.Space;
        return Traced(TraceEvent.CreatePd, (ulong)capSlots, SyscallResult.Success((ulong)pd));
    }

    /// <summary>The memory backing a live protection domain, or null.</summary>
    public PdMemory? MemoryOf(int pd) => IsPdAlive(pd) ? _pds[pd].Memory : null;

    public bool IsPdAlive(int pd) => pd > 0 && pd < _pdHigh && _pds[pd].Alive;

    /// <summary>
    /// Destroys a protection domain: kills its threads, destroys its endpoints (aborting their
    /// callers and revoking their objects) and its semaphores, and drops its capability space.
    /// </summary>
    public SyscallStatus DestroyPd(int pd)
    {
        if (!IsPdAlive(pd))
            return Traced(TraceEvent.DestroyPd, (ulong)pd, 0, SyscallStatus.BadArgument);
        var selfDies = false;
        for (var t = 1; t < _threadHigh; t++)
        {
            if (_threads[t].State == ThreadState.Free || _threads[t].State == ThreadState.Dead || _threads[t].Pd != pd)
                continue;
            if (t == _current)
            {
                selfDies = true;
                continue;
            }
            KillThreadInternal(t);
        }
        for (var e = 1; e < _endpointHigh; e++)
        {
            if (_endpoints[e].Alive && _endpoints[e].Pd == pd)
                DestroyEndpointInternal(e);
        }
        for (var s = 1; s < _semaphorePool.High; s++)
        {
            if (_semaphores[s].Alive && _semaphores[s].Pd == pd)
                DestroySemaphoreInternal(s);
        }
        _pds[pd].Alive = false;
        // The memory is core's again; nothing is left for a collector.
        _pds[pd].Memory!.InUse = false;
        _pds[pd].Memory = null;
        _pds[pd].Caps = null;
        _pds[pd].Space = null;
        Trace(TraceEvent.DestroyPd, (ulong)pd, 0, SyscallStatus.Ok);
        if (selfDies)
            ExitCurrent();
        return SyscallStatus.Ok;
    }

    // ---------------------------------------------------------------- memory

    /// <summary>
    /// Maps <paramref name="pages"/> pages of physical memory into <paramref name="pd"/> (a core
    /// privilege: the pager's answer to a fault). A full page table drops all mappings first:
    /// they are a cache of the region maps, refilled on the next faults.
    /// </summary>
    public SyscallResult Map(int pd, ulong virt, ulong phys, ulong pages, bool writable)
    {
        if (!IsPdAlive(pd))
            return SyscallResult.Error(SyscallStatus.BadArgument, 0);
        var space = _pds[pd].Space!;
        var rights = writable ? Memory.MemoryRights.ReadWrite : Memory.MemoryRights.Read;
        space.Unmap(virt, pages);
        var result = space.Map(virt, phys, pages, rights);
        if (result.Status == SyscallStatus.OutOfSlots)
        {
            space.UnmapAll();
            result = space.Map(virt, phys, pages, rights);
        }
        if (result.Status == SyscallStatus.OutOfSlots && _pds[pd].GrowsMappings)
            result = MapInLargerTable(pd, virt, phys, pages, rights);
        return result;
    }

    /// <summary>
    /// For a domain whose memory the kernel allocated itself (the older CreatePd overloads): even
    /// empty, the table cannot hold this chunk, so it is replaced by one twice as large as needed.
    /// Nothing is lost, the mappings were a cache. A domain in core-supplied memory gets
    /// OutOfSlots instead, and core decides (a larger PdMemory, smaller chunks).
    /// </summary>
    [AllocatesForCore]
    private SyscallResult MapInLargerTable(int pd, ulong virt, ulong phys, ulong pages, Memory.MemoryRights rights)
    {
        var capacity = _pds[pd].Space!.MappingCapacity;
        while ((ulong)capacity < pages * 2 && capacity < 1 << 24)
            capacity *= 2;
        var space = new Memory.AddressSpace(capacity, 1);
        _pds[pd].Space = space;
        return space.Map(virt, phys, pages, rights);
    }

    public SyscallResult Unmap(int pd, ulong virt, ulong pages) =>
        IsPdAlive(pd) ? _pds[pd].Space!.Unmap(virt, pages) : SyscallResult.Error(SyscallStatus.BadArgument, 0);

    /// <summary>
    /// Translates an access of <paramref name="length"/> bytes. Ok with the physical address if
    /// every page is mapped with the needed rights and physically contiguous; Unavailable if some
    /// page is not (the caller faults); Conflict if the pages are mapped but not contiguous.
    /// </summary>
    public SyscallResult TranslateRange(int pd, ulong virt, ulong length, bool write)
    {
        if (!IsPdAlive(pd) || length == 0)
            return SyscallResult.Error(SyscallStatus.BadArgument, 0);
        var space = _pds[pd].Space!;
        var access = write ? Memory.MemoryRights.Write : Memory.MemoryRights.Read;
        var first = space.Translate(virt, access);
        if (first.Fault != Memory.FaultKind.None)
            return SyscallResult.Error(SyscallStatus.Unavailable, virt);
        var page = virt & ~(Memory.Page.Size - 1);
        var end = virt + length;
        var expected = first.PhysicalAddress - (virt - page);
        for (page += Memory.Page.Size; page < end; page += Memory.Page.Size)
        {
            expected += Memory.Page.Size;
            var t = space.Translate(page, access);
            if (t.Fault != Memory.FaultKind.None)
                return SyscallResult.Error(SyscallStatus.Unavailable, page);
            if (t.PhysicalAddress != expected)
                return SyscallResult.Error(SyscallStatus.Conflict, page);
        }
        return SyscallResult.Success(first.PhysicalAddress);
    }

    public int MappedPages(int pd) => IsPdAlive(pd) ? _pds[pd].Space!.MappedPages : 0;

    // ---------------------------------------------------------------- capabilities

    private CapSpace? CapsOf(int pd) => IsPdAlive(pd) ? _pds[pd].Caps : null;

    private int GenerationOf(CapKind kind, int index) => kind switch
    {
        CapKind.Object => _objects[index].Alive ? _objects[index].Generation : -1,
        CapKind.SignalContext => _signals[index].Alive ? _signals[index].Generation : -1,
        CapKind.Semaphore => _semaphores[index].Alive ? _semaphores[index].Generation : -1,
        CapKind.Irq => _irqs[index].Alive ? _irqs[index].Generation : -1,
        CapKind.Endpoint => _endpoints[index].Alive ? 0 : -1,
        _ => -1,
    };

    private bool InRange(CapKind kind, int index) => kind switch
    {
        CapKind.Object => index > 0 && index < _objectPool.High,
        CapKind.SignalContext => index > 0 && index < _signalPool.High,
        CapKind.Semaphore => index > 0 && index < _semaphorePool.High,
        CapKind.Irq => index > 0 && index < _irqs.Length,
        CapKind.Endpoint => index > 0 && index < _endpointHigh,
        _ => false,
    };

    /// <summary>Resolves a selector of <paramref name="pd"/>; fails for empty, revoked or wrongly typed slots.</summary>
    private bool Resolve(int pd, int selector, CapKind kind, out int index)
    {
        index = 0;
        var caps = CapsOf(pd);
        if (caps is null || !caps.TryGet(selector, out var slot) || slot.Kind != kind)
            return false;
        if (GenerationOf(slot.Kind, slot.Index) != slot.Generation)
            return false;
        index = slot.Index;
        return true;
    }

    /// <summary>Installs a capability for a kernel object into <paramref name="pd"/> (a core privilege).</summary>
    public SyscallResult InstallCap(int pd, CapKind kind, int index)
    {
        var caps = CapsOf(pd);
        if (caps is null)
            return Traced(TraceEvent.InstallCap, (ulong)pd, SyscallResult.Error(SyscallStatus.BadArgument, 1));
        if (!InRange(kind, index))
            return Traced(TraceEvent.InstallCap, (ulong)pd, SyscallResult.Error(SyscallStatus.BadArgument, 2));
        var gen = GenerationOf(kind, index);
        if (gen < 0)
            return Traced(TraceEvent.InstallCap, (ulong)pd, SyscallResult.Error(SyscallStatus.BadCapability, 2));
        return Traced(TraceEvent.InstallCap, (ulong)pd, InstallSweeping(caps, kind, index, gen));
    }

    /// <summary>
    /// Installs a capability; when the space is full, first reclaims the slots of objects that
    /// have been revoked since (they name nothing any more), as a NOVA-style space would once
    /// their holders released them.
    /// </summary>
    private SyscallResult InstallSweeping(CapSpace caps, CapKind kind, int index, int generation)
    {
        var result = caps.Install(kind, index, generation);
        if (result.Status != SyscallStatus.OutOfSlots)
            return result;
        for (var sel = CapSpace.FirstDynamic; sel < caps.Capacity; sel++)
        {
            var slot = caps.SlotAt(sel);
            if (slot.Kind != CapKind.None && GenerationOf(slot.Kind, slot.Index) != slot.Generation)
                caps.Delete(sel);
        }
        return caps.Install(kind, index, generation);
    }

    /// <summary>Installs a capability at a well-known selector (below 16), e.g. the parent.</summary>
    public SyscallStatus InstallCapAt(int pd, int selector, CapKind kind, int index)
    {
        var caps = CapsOf(pd);
        if (caps is null || !InRange(kind, index))
            return Traced(TraceEvent.InstallCap, (ulong)pd, (ulong)selector, SyscallStatus.BadArgument);
        var gen = GenerationOf(kind, index);
        if (gen < 0)
            return Traced(TraceEvent.InstallCap, (ulong)pd, (ulong)selector, SyscallStatus.BadCapability);
        return Traced(TraceEvent.InstallCap, (ulong)pd, (ulong)selector, caps.InstallAt(selector, kind, index, gen));
    }

    /// <summary>Tells what a selector of <paramref name="pd"/> names; invalid if empty or revoked.</summary>
    public bool LookupCap(int pd, int selector, out CapKind kind, out int index)
    {
        kind = CapKind.None;
        index = 0;
        var caps = CapsOf(pd);
        if (caps is null || !caps.TryGet(selector, out var slot))
            return false;
        if (GenerationOf(slot.Kind, slot.Index) != slot.Generation)
            return false;
        kind = slot.Kind;
        index = slot.Index;
        return true;
    }

    /// <summary>The RPC object a selector of <paramref name="pd"/> names, or 0.</summary>
    public int ObjectIndexOf(int pd, int selector) => Resolve(pd, selector, CapKind.Object, out var o) ? o : 0;

    /// <summary>Frees a selector of <paramref name="pd"/>; the object itself is unaffected.</summary>
    public SyscallStatus DeleteCap(int pd, int selector)
    {
        var caps = CapsOf(pd);
        if (caps is null)
            return Traced(TraceEvent.DeleteCap, (ulong)pd, (ulong)selector, SyscallStatus.BadArgument);
        return Traced(TraceEvent.DeleteCap, (ulong)pd, (ulong)selector, caps.Delete(selector));
    }

    /// <summary>Slots in use in the capability space of <paramref name="pd"/>.</summary>
    public int CapSlotsUsed(int pd) => CapsOf(pd)?.Used ?? 0;
}
