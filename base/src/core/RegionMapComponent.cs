using Framework.Base;
using Framework.Base.Session;
using Framework.Platform;
using Framework.Rpc;

namespace Framework.Core;

/// <summary>
/// A region map: the dataspaces attached into an address space, the pager that resolves
/// faults in it, and the fault handler told about faults nobody can resolve.
/// </summary>
internal sealed class RegionMapComponent : IRegionMap
{
    /// <summary>Nesting depth the fault resolver follows through managed dataspaces, as Genode's.</summary>
    private const int MaxNesting = 5;

    private readonly CoreServices _core;
    private readonly SortedList<ulong, Region> _regions = [];
    private readonly List<Faulter> _faulters = [];
    private Capability _faultHandler;

    public RegionMapComponent(CoreServices core, ulong start, ulong size, string label, PdHandle ownerPd = default)
    {
        _core = core;
        OwnerPd = ownerPd;
        Start = start;
        Length = size;
        Label = label;
        DataspaceView = new DataspaceComponent(0, size, true, this);
        DataspaceCap = core.Ep.Manage<IDataspace>(DataspaceView, IDataspace.Dispatch);
    }

    /// <summary>The kernel PD whose address space this is (0 for a region map used as a managed dataspace).</summary>
    public PdHandle OwnerPd { get; }

    public ulong Start { get; }
    public ulong Length { get; }
    public string Label { get; }
    public DataspaceComponent DataspaceView { get; }
    public Capability<IDataspace> DataspaceCap { get; }

    private sealed record Region(ulong Address, ulong Size, ulong Offset, DataspaceComponent Ds);

    private sealed record Faulter(ulong Address, bool Write, ulong Token);

    public ulong Attach(Capability<IDataspace> dsCap, ulong size, ulong offset, bool useLocalAddr, ulong localAddr)
    {
        var ds = _core.Ep.Lookup<DataspaceComponent>(dsCap)
            ?? throw new InvalidDataspaceException("the capability names no dataspace");
        if (!Pages.Aligned(offset))
            throw new InvalidArgsException($"offset 0x{offset:x} is not page-aligned");
        if (offset >= ds.Length)
            throw new InvalidDataspaceException($"offset 0x{offset:x} lies outside the dataspace of size 0x{ds.Length:x}");
        if (size == 0)
            size = ds.Length - offset;
        if (offset + size > ds.Length)
            throw new InvalidDataspaceException($"window 0x{offset:x}+0x{size:x} exceeds the dataspace of size 0x{ds.Length:x}");
        size = Pages.RoundUp(size);
        ulong address;
        if (useLocalAddr)
        {
            if (!Pages.Aligned(localAddr))
                throw new InvalidArgsException($"address 0x{localAddr:x} is not page-aligned");
            if (localAddr < Start || localAddr + size > Start + Length)
                throw new RegionConflictException($"0x{localAddr:x}+0x{size:x} lies outside the region map 0x{Start:x}+0x{Length:x}");
            if (Overlaps(localAddr, size) is { } other)
                throw new RegionConflictException($"0x{localAddr:x}+0x{size:x} overlaps the region at 0x{other.Address:x}+0x{other.Size:x}");
            address = localAddr;
        }
        else
        {
            address = FindFree(size) ?? throw new RegionConflictException($"no free range of 0x{size:x} bytes in the region map");
        }
        var region = new Region(address, size, offset, ds);
        _regions.Add(address, region);
        ds.AttachedTo.Add((this, address));
        WakeFaulters(address, size);
        return address;
    }

    private Region? Overlaps(ulong address, ulong size)
    {
        foreach (var r in _regions.Values)
        {
            if (address < r.Address + r.Size && r.Address < address + size)
                return r;
        }
        return null;
    }

    /// <summary>First fit, with the natural alignment of the size up to 1 MiB (as Genode's search from natural alignment down).</summary>
    private ulong? FindFree(ulong size)
    {
        var align = Pages.Size;
        while (align < size && align < (1UL << 20))
            align <<= 1;
        for (; align >= Pages.Size; align >>= 1)
        {
            var candidate = (Start + align - 1) & ~(align - 1);
            foreach (var r in _regions.Values)
            {
                if (candidate + size <= r.Address)
                    break;
                if (candidate < r.Address + r.Size)
                    candidate = (r.Address + r.Size + align - 1) & ~(align - 1);
            }
            if (candidate + size <= Start + Length && candidate >= Start)
                return candidate;
        }
        return null;
    }

    public void Detach(ulong localAddr)
    {
        if (!_regions.Remove(localAddr, out var region))
        {
            // Genode only logs this; a missing region is not the caller's crash.
            return;
        }
        region.Ds.AttachedTo.Remove((this, localAddr));
        Invalidate(region.Address, region.Size, 0);
    }

    /// <summary>
    /// Drops the page-table entries that may map [address, address+size) of this region map:
    /// in the owning PD directly, and in every region map this one is attached to as a managed
    /// dataspace (conservatively, the whole attachment there).
    /// </summary>
    private void Invalidate(ulong address, ulong size, int depth)
    {
        if (OwnerPd.IsValid)
            _core.Kernel.Unmap(OwnerPd, address, size);
        if (depth >= MaxNesting)
            return;
        foreach (var (parent, at) in DataspaceView.AttachedTo)
        {
            if (parent._regions.TryGetValue(at, out var r))
                parent.Invalidate(r.Address, r.Size, depth + 1);
        }
    }

    /// <summary>Detaches a dataspace that is being destroyed from everywhere.</summary>
    public void DetachAll(DataspaceComponent ds)
    {
        foreach (var (address, region) in _regions.ToArray())
        {
            if (region.Ds != ds)
                continue;
            _regions.Remove(address);
            Invalidate(region.Address, region.Size, 0);
        }
    }

    public void FaultHandler(Capability context) => _faultHandler = context;

    public RegionMapState State() =>
        _faulters.Count == 0
            ? new RegionMapState(FaultType.Ready, 0)
            : new RegionMapState(_faulters[0].Write ? FaultType.WriteFault : FaultType.ReadFault, _faulters[0].Address);

    public Capability<IDataspace> Dataspace() => DataspaceCap;

    /// <summary>
    /// The largest mappable chunk around <paramref name="address"/>: a virtual range of this map
    /// backed by contiguous physical memory (the pager maps it as a whole). False when nothing is
    /// attached there, following managed dataspaces; then <paramref name="faultMap"/> and
    /// <paramref name="faultAddress"/> name where the fault must be reported.
    /// </summary>
    public bool Resolve(ulong address, bool write, int depth, out ulong virt, out ulong phys, out ulong size,
        out bool writable, out RegionMapComponent faultMap, out ulong faultAddress, out bool readOnly)
    {
        virt = phys = size = 0;
        writable = false;
        faultMap = this;
        faultAddress = address;
        readOnly = false;
        var region = RegionAt(address);
        if (region is null)
            return false;
        if (region.Ds.Managed is { } sub)
        {
            if (depth >= MaxNesting)
                return false;
            var inner = sub.Start + (address - region.Address) + region.Offset;
            if (!sub.Resolve(inner, write, depth + 1, out var sv, out var sp, out var ss, out writable, out faultMap, out faultAddress, out readOnly))
                return false;
            // Back into our coordinates, clipped to this region's window of the managed dataspace.
            var delta = region.Address - (sub.Start + region.Offset);
            var lo = Math.Max(sv + delta, region.Address);
            var hi = Math.Min(sv + ss + delta, region.Address + region.Size);
            virt = lo;
            phys = sp + (lo - (sv + delta));
            size = hi - lo;
            return true;
        }
        if (write && !region.Ds.IsWritable)
        {
            readOnly = true;
            return false;
        }
        virt = region.Address;
        phys = region.Ds.Phys + region.Offset;
        size = region.Size;
        writable = region.Ds.IsWritable;
        return true;
    }

    private Region? RegionAt(ulong address)
    {
        // The regions are sorted by address; a binary search finds the last one at or below it.
        var keys = _regions.Keys;
        int lo = 0, hi = keys.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (keys[mid] <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        if (found < 0)
            return null;
        var r = _regions.Values[found];
        return address < r.Address + r.Size ? r : null;
    }

    /// <summary>Records an unresolved fault: the faulter waits, the fault handler is told. False if there is no handler.</summary>
    public bool RecordFault(ulong address, bool write, ulong token)
    {
        _faulters.Add(new Faulter(address, write, token));
        if (!_faultHandler.IsValid)
            return false;
        _core.Kernel.Submit(_core.Ep.Pd, _faultHandler.Handle, 1);
        return true;
    }

    private void WakeFaulters(ulong address, ulong size)
    {
        for (var i = 0; i < _faulters.Count; i++)
        {
            var f = _faulters[i];
            if (f.Address < address || f.Address >= address + size)
                continue;
            _faulters.RemoveAt(i--);
            // The faulter retries its access, which now resolves (or faults anew).
            _core.Kernel.ReplyDeferred(f.Token, null);
        }
    }

    /// <summary>Forgets faulters of a dying thread's component.</summary>
    public void DropFaulters() => _faulters.Clear();

    public IEnumerable<(ulong Address, ulong Size, ulong Offset, ulong DsSize)> Regions =>
        _regions.Values.Select(r => (r.Address, r.Size, r.Offset, r.Ds.Length));
}
