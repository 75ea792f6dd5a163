namespace Framework.Kernel.Native.Memory;

/// <summary>
/// Lets the platform prepare frames the VMM hands out (zero them through its direct map, or in the
/// hosted simulator's backing store). Fresh RAM must never leak a previous owner's data.
/// </summary>
public interface IFrameScrubber
{
    void Scrub(ulong physicalAddress, ulong pageCount);
}

/// <summary>What <see cref="Vmm.HandleFault"/> did.</summary>
public enum FaultOutcome : byte
{
    /// <summary>The page is mapped with the needed rights now; restart the faulting access.</summary>
    Resolved = 0,
    /// <summary>No VMM allocation covers the address, or it forbids the access: a real fault to report.</summary>
    NotEligible = 1,
    /// <summary>The fault is eligible but the kernel ran out of frames or page-table slots (see Status).</summary>
    Failed = 2,
}

/// <summary>The result of <see cref="Vmm.HandleFault"/>.</summary>
public readonly struct FaultResolution
{
    public FaultResolution(FaultOutcome outcome, SyscallStatus status, ulong allocationId, ulong physicalAddress, bool freshFrame)
    {
        Outcome = outcome;
        Status = status;
        AllocationId = allocationId;
        PhysicalAddress = physicalAddress;
        FreshFrame = freshFrame;
    }

    public FaultOutcome Outcome { get; }
    /// <summary>Ok when resolved, BadArgument when not eligible, OutOfMemory/OutOfSlots when failed.</summary>
    public SyscallStatus Status { get; }
    /// <summary>The covering allocation, or 0.</summary>
    public ulong AllocationId { get; }
    /// <summary>The frame now backing the faulting page (page aligned), or 0.</summary>
    public ulong PhysicalAddress { get; }
    /// <summary>Whether the fault allocated the frame (false for a spurious fault on a mapped page).</summary>
    public bool FreshFrame { get; }
}

/// <summary>A snapshot of one VMM allocation.</summary>
public readonly struct VmmAllocation
{
    public VmmAllocation(ulong id, ulong baseAddress, ulong pageCount, MemoryRights rights, bool lazy, ulong backedPages)
    {
        Id = id;
        Base = baseAddress;
        PageCount = pageCount;
        Rights = rights;
        Lazy = lazy;
        BackedPages = backedPages;
    }

    public ulong Id { get; }
    public ulong Base { get; }
    public ulong PageCount { get; }
    public MemoryRights Rights { get; }
    public bool Lazy { get; }
    /// <summary>Pages that currently have a frame (all of them for an eager allocation).</summary>
    public ulong BackedPages { get; }
}

/// <summary>
/// Seed 004's vmm: allocation records by id over address spaces, owning their backing frames.
/// Eager allocations get frames at once; lazy ones get a frame per page on the first eligible fault.
/// </summary>
/// <remarks>
/// Ids carry a generation in the upper 32 bits so a stale id (of a freed and reused record) is
/// rejected instead of freeing someone else's memory. All storage is allocated in the constructor.
/// Not thread-safe: the kernel serialises calls.
/// </remarks>
public sealed class Vmm
{
    private readonly PhysicalMemoryManager _pmm;
    private readonly IFrameScrubber? _scrubber;
    private readonly AddressSpace?[] _space;
    private readonly ulong[] _vpn;
    private readonly ulong[] _pages;
    private readonly ulong[] _backed;
    private readonly MemoryRights[] _rights;
    private readonly bool[] _lazy;
    private readonly uint[] _generation;

    /// <param name="pmm">Where backing frames come from and go back to.</param>
    /// <param name="recordCapacity">Maximum number of live allocations over all address spaces (at least 1).</param>
    /// <param name="scrubber">Optional hook that zeroes fresh frames.</param>
    public Vmm(PhysicalMemoryManager pmm, int recordCapacity, IFrameScrubber? scrubber = null)
    {
        _pmm = pmm;
        _scrubber = scrubber;
        int capacity = recordCapacity < 1 ? 1 : recordCapacity;
        _space = new AddressSpace?[capacity];
        _vpn = new ulong[capacity];
        _pages = new ulong[capacity];
        _backed = new ulong[capacity];
        _rights = new MemoryRights[capacity];
        _lazy = new bool[capacity];
        _generation = new uint[capacity];
    }

    public int Capacity => _space.Length;

    public int ActiveAllocations { get; private set; }

    /// <summary>
    /// Allocates <paramref name="size"/> bytes (rounded up to pages) of <paramref name="rights"/>
    /// memory in <paramref name="space"/>, at <paramref name="virtualAddress"/> or, when it is 0,
    /// first-fit in the user window. Eager allocations are backed and mapped before returning,
    /// physically contiguous when possible (natural alignment first, as the PMM does), else page by page.
    /// </summary>
    /// <returns>Ok (value = id); BadArgument (value = argument index: 0 space, 1 address, 2 size,
    /// 3 rights); Conflict when the fixed range overlaps an allocation or a mapping; OutOfSlots when
    /// the record table, the space's region table or its page table is full; OutOfMemory when frames
    /// or a free virtual range are lacking. Nothing changes on failure.</returns>
    public SyscallResult Allocate(AddressSpace space, ulong virtualAddress, ulong size, MemoryRights rights, bool lazy, out ulong address)
    {
        address = 0;
        if (space == null)
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 0);
        }

        if (!Page.IsAligned(virtualAddress))
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 1);
        }

        if (size == 0 || size > ulong.MaxValue - Page.Mask)
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 2);
        }

        if (!AddressSpace.ValidRights(rights))
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 3);
        }

        ulong pages = Page.AlignUp(size) >> Page.Shift;
        int index = FreeRecord();
        if (index < 0)
        {
            return SyscallResult.Error(SyscallStatus.OutOfSlots, 0);
        }

        if (!lazy && pages > (ulong)space.FreeMappingSlots)
        {
            return SyscallResult.Error(SyscallStatus.OutOfSlots, (ulong)space.FreeMappingSlots);
        }

        if (!lazy && pages > _pmm.FreePages)
        {
            return SyscallResult.Error(SyscallStatus.OutOfMemory, _pmm.FreePages);
        }

        uint generation = _generation[index] + 1;
        if (generation == 0)
        {
            generation = 1;
        }

        ulong id = ((ulong)generation << 32) | (uint)(index + 1);
        SyscallResult placed = virtualAddress != 0
            ? space.ReserveRegion(virtualAddress >> Page.Shift, pages, id)
            : space.ReserveAnyRegion(pages, id);
        if (!placed.IsSuccess)
        {
            return placed.Status == SyscallStatus.BadArgument ? SyscallResult.Error(SyscallStatus.BadArgument, 1) : placed;
        }

        ulong vpn = placed.Value >> Page.Shift;
        if (!lazy)
        {
            SyscallStatus backed = Back(space, vpn, pages, rights);
            if (backed != SyscallStatus.Ok)
            {
                space.ReleaseRegion(vpn);
                return SyscallResult.Error(backed, _pmm.FreePages);
            }
        }

        _space[index] = space;
        _vpn[index] = vpn;
        _pages[index] = pages;
        _backed[index] = lazy ? 0 : pages;
        _rights[index] = rights;
        _lazy[index] = lazy;
        _generation[index] = generation;
        ActiveAllocations++;
        address = vpn << Page.Shift;
        return SyscallResult.Success(id);
    }

    /// <summary>
    /// Resolves a page fault of <paramref name="space"/> at <paramref name="virtualAddress"/> for
    /// <paramref name="access"/> (a single right; None counts as a read) if a VMM allocation covers
    /// it and permits the access, mapping a fresh frame for a lazy page.
    /// </summary>
    public FaultResolution HandleFault(AddressSpace space, ulong virtualAddress, MemoryRights access)
    {
        if (space == null)
        {
            return new FaultResolution(FaultOutcome.NotEligible, SyscallStatus.BadArgument, 0, 0, false);
        }

        ulong vpn = virtualAddress >> Page.Shift;
        ulong id = space.RegionOwner(vpn);
        int index = IndexOf(id);
        if (index < 0 || _space[index] != space)
        {
            return new FaultResolution(FaultOutcome.NotEligible, SyscallStatus.BadArgument, 0, 0, false);
        }

        MemoryRights needed = access == MemoryRights.None ? MemoryRights.Read : access;
        long slot = space.FindSlot(vpn);
        if (slot >= 0)
        {
            // Spurious (already resolved, e.g. a second thread) or forbidden by the current rights.
            bool permitted = (space.RightsAt(slot) & needed) == needed;
            return permitted
                ? new FaultResolution(FaultOutcome.Resolved, SyscallStatus.Ok, id, space.FrameAt(slot) << Page.Shift, false)
                : new FaultResolution(FaultOutcome.NotEligible, SyscallStatus.BadArgument, id, 0, false);
        }

        if ((_rights[index] & needed) != needed)
        {
            return new FaultResolution(FaultOutcome.NotEligible, SyscallStatus.BadArgument, id, 0, false);
        }

        if (space.FreeMappingSlots < 1)
        {
            return new FaultResolution(FaultOutcome.Failed, SyscallStatus.OutOfSlots, id, 0, false);
        }

        SyscallResult frame = _pmm.Allocate(1, Page.Shift);
        if (!frame.IsSuccess)
        {
            return new FaultResolution(FaultOutcome.Failed, SyscallStatus.OutOfMemory, id, 0, false);
        }

        _scrubber?.Scrub(frame.Value, 1);
        space.MapUnchecked(vpn, frame.Value >> Page.Shift, 1, _rights[index]);
        _backed[index]++;
        return new FaultResolution(FaultOutcome.Resolved, SyscallStatus.Ok, id, frame.Value, true);
    }

    /// <summary>Unmaps an allocation, returns its frames to the PMM and releases its record.</summary>
    /// <returns>Ok; BadArgument for an unknown or stale id.</returns>
    public SyscallStatus Free(ulong id)
    {
        int index = IndexOf(id);
        if (index < 0)
        {
            return SyscallStatus.BadArgument;
        }

        AddressSpace space = _space[index]!;
        space.UnmapRange(_vpn[index], _pages[index], _pmm);
        space.ReleaseRegion(_vpn[index]);
        _space[index] = null;
        _backed[index] = 0;
        ActiveAllocations--;
        return SyscallStatus.Ok;
    }

    /// <summary>Frees every allocation of <paramref name="space"/> (address-space teardown).</summary>
    /// <returns>The number of allocations freed.</returns>
    public int FreeAll(AddressSpace space)
    {
        int freed = 0;
        for (int i = 0; i < _space.Length; i++)
        {
            if (space != null && _space[i] == space)
            {
                Free(((ulong)_generation[i] << 32) | (uint)(i + 1));
                freed++;
            }
        }

        return freed;
    }

    /// <summary>Changes the rights of an allocation and of its already-backed pages.</summary>
    /// <returns>Ok; BadArgument for an unknown id (value 0) or empty rights (value 1).</returns>
    public SyscallStatus Protect(ulong id, MemoryRights rights)
    {
        int index = IndexOf(id);
        if (index < 0 || !AddressSpace.ValidRights(rights))
        {
            return SyscallStatus.BadArgument;
        }

        _rights[index] = rights;
        _space[index]!.ProtectRange(_vpn[index], _pages[index], rights);
        return SyscallStatus.Ok;
    }

    /// <summary>Describes a live allocation.</summary>
    /// <returns>Ok; BadArgument for an unknown or stale id.</returns>
    public SyscallStatus Query(ulong id, out VmmAllocation allocation)
    {
        int index = IndexOf(id);
        if (index < 0)
        {
            allocation = default;
            return SyscallStatus.BadArgument;
        }

        allocation = new VmmAllocation(id, _vpn[index] << Page.Shift, _pages[index], _rights[index], _lazy[index], _backed[index]);
        return SyscallStatus.Ok;
    }

    /// <summary>Backs and maps [vpn, vpn + pages): one contiguous run if possible, else frame by frame.</summary>
    private SyscallStatus Back(AddressSpace space, ulong vpn, ulong pages, MemoryRights rights)
    {
        SyscallResult run = _pmm.Allocate(pages, -1);
        if (run.IsSuccess)
        {
            _scrubber?.Scrub(run.Value, pages);
            space.MapUnchecked(vpn, run.Value >> Page.Shift, pages, rights);
            return SyscallStatus.Ok;
        }

        for (ulong i = 0; i < pages; i++)
        {
            SyscallResult frame = _pmm.Allocate(1, Page.Shift);
            if (!frame.IsSuccess)
            {
                // Roll back what this call mapped so far.
                space.UnmapRange(vpn, i, _pmm);
                return SyscallStatus.OutOfMemory;
            }

            _scrubber?.Scrub(frame.Value, 1);
            space.MapUnchecked(vpn + i, frame.Value >> Page.Shift, 1, rights);
        }

        return SyscallStatus.Ok;
    }

    private int FreeRecord()
    {
        for (int i = 0; i < _space.Length; i++)
        {
            if (_space[i] == null)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Record index of a live id (slot and generation match), or -1.</summary>
    private int IndexOf(ulong id)
    {
        ulong slot = id & 0xFFFF_FFFFUL;
        if (slot == 0 || slot > (ulong)_space.Length)
        {
            return -1;
        }

        int index = (int)(slot - 1);
        return _space[index] != null && _generation[index] == (uint)(id >> 32) ? index : -1;
    }
}
