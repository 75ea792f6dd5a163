namespace Framework.Kernel.Native.Memory;

/// <summary>
/// One protection domain's memory view after seed 004's address_space: a page table (virtual page
/// -> frame + rights) over the user window, plus the ranges the <see cref="Vmm"/> owns in it.
/// </summary>
/// <remarks>
/// <para>
/// Ownership: seed 004 tracks virtual page ownership with a bitmap. A bitmap over a 47-bit window
/// would be 4 GiB, so ownership is a fixed-capacity sorted table of VMM regions instead, with
/// <see cref="OwnedPages"/> as the counter. Pages inside a VMM region belong to the VMM (it owns
/// their backing frames); the public <see cref="Map"/>, <see cref="Unmap"/> and <see cref="Protect"/>
/// refuse them with Conflict so a direct mapping can never leak or alias VMM backing.
/// </para>
/// <para>
/// Page 0 is the null guard: it lies below every valid user window and is rejected even if a
/// caller manages to name it. All storage is allocated here, in the constructor.
/// </para>
/// </remarks>
public sealed class AddressSpace
{
    private readonly PageTable _table;
    private readonly ulong[] _regionVpn;
    private readonly ulong[] _regionPages;
    private readonly ulong[] _regionOwner;
    private readonly ulong _userFirstVpn;
    private readonly ulong _userEndVpn;
    private int _regionCount;

    /// <summary>An address space with the default user window.</summary>
    public AddressSpace(int mappingCapacity, int regionCapacity)
        : this(mappingCapacity, regionCapacity, AddressSpaceLayout.Default)
    {
    }

    /// <summary>
    /// Capacities below 1 are raised to 1 and an invalid layout is replaced by the default one
    /// (constructors cannot report errors in the kernel subset; check <see cref="Layout"/> if in doubt).
    /// </summary>
    /// <param name="mappingCapacity">Maximum number of mapped pages.</param>
    /// <param name="regionCapacity">Maximum number of VMM allocations living in this space.</param>
    /// <param name="layout">The user window.</param>
    public AddressSpace(int mappingCapacity, int regionCapacity, AddressSpaceLayout layout)
    {
        _table = new PageTable(mappingCapacity);
        int regions = regionCapacity < 1 ? 1 : regionCapacity;
        _regionVpn = new ulong[regions];
        _regionPages = new ulong[regions];
        _regionOwner = new ulong[regions];
        Layout = layout.IsValid ? layout : AddressSpaceLayout.Default;
        _userFirstVpn = Layout.UserBase >> Page.Shift;
        _userEndVpn = Layout.UserEnd >> Page.Shift;
    }

    public AddressSpaceLayout Layout { get; }

    /// <summary>Maximum number of mapped pages.</summary>
    public int MappingCapacity => _table.Capacity;

    public int MappedPages => _table.Count;

    public int FreeMappingSlots => _table.FreeEntries;

    public int RegionCapacity => _regionVpn.Length;

    public int RegionCount => _regionCount;

    /// <summary>Pages owned by VMM allocations (mapped or still lazy).</summary>
    public ulong OwnedPages { get; private set; }

    /// <summary>
    /// Maps <paramref name="pageCount"/> pages from <paramref name="virtualAddress"/> to consecutive
    /// frames from <paramref name="physicalAddress"/>. All-or-nothing. Re-mapping a page identically
    /// is accepted (idempotent map, as kernels' map operations are).
    /// </summary>
    /// <returns>Ok (value = pages newly mapped); BadArgument (value = argument index: 0 virt, 1 phys,
    /// 2 count, 3 rights) for unaligned addresses, an empty or overflowing range, a range outside the
    /// user window (which includes the guard page 0) or empty rights; Conflict (value = the clashing
    /// virtual address) for a different existing mapping or a VMM-owned page; OutOfSlots when the
    /// page table is full.</returns>
    public SyscallResult Map(ulong virtualAddress, ulong physicalAddress, ulong pageCount, MemoryRights rights)
    {
        SyscallResult check = CheckUserRange(virtualAddress, pageCount);
        if (!check.IsSuccess)
        {
            return check;
        }

        if (!Page.IsAligned(physicalAddress) || pageCount > ((ulong.MaxValue - physicalAddress) >> Page.Shift) + 1)
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 1);
        }

        if (!ValidRights(rights))
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 3);
        }

        ulong vpn = virtualAddress >> Page.Shift;
        ulong pfn = physicalAddress >> Page.Shift;
        long owned = FirstOwnedRegion(vpn, pageCount);
        if (owned >= 0)
        {
            ulong at = _regionVpn[owned] > vpn ? _regionVpn[owned] : vpn;
            return SyscallResult.Error(SyscallStatus.Conflict, at << Page.Shift);
        }

        if (pageCount > (ulong)_table.Capacity)
        {
            return SyscallResult.Error(SyscallStatus.OutOfSlots, (ulong)_table.FreeEntries);
        }

        ulong fresh = 0;
        for (ulong i = 0; i < pageCount; i++)
        {
            long slot = _table.Find(vpn + i);
            if (slot < 0)
            {
                fresh++;
            }
            else if (_table.FrameAt((ulong)slot) != pfn + i || _table.RightsAt((ulong)slot) != rights)
            {
                return SyscallResult.Error(SyscallStatus.Conflict, (vpn + i) << Page.Shift);
            }
        }

        if (fresh > (ulong)_table.FreeEntries)
        {
            return SyscallResult.Error(SyscallStatus.OutOfSlots, (ulong)_table.FreeEntries);
        }

        for (ulong i = 0; i < pageCount; i++)
        {
            if (_table.Find(vpn + i) < 0)
            {
                _table.Insert(vpn + i, pfn + i, rights);
            }
        }

        return SyscallResult.Success(fresh);
    }

    /// <summary>Removes the mappings of a range; holes are skipped.</summary>
    /// <returns>Ok (value = pages unmapped); BadArgument (value 0) for an unaligned address or a
    /// range that wraps; Conflict (value = address) when the range touches a VMM-owned page.</returns>
    public SyscallResult Unmap(ulong virtualAddress, ulong pageCount)
    {
        if (!Page.IsAligned(virtualAddress) || pageCount > (ulong.MaxValue >> Page.Shift) - (virtualAddress >> Page.Shift) + 1)
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 0);
        }

        ulong vpn = virtualAddress >> Page.Shift;
        long owned = FirstOwnedRegion(vpn, pageCount);
        if (owned >= 0)
        {
            ulong at = _regionVpn[owned] > vpn ? _regionVpn[owned] : vpn;
            return SyscallResult.Error(SyscallStatus.Conflict, at << Page.Shift);
        }

        return SyscallResult.Success(UnmapRange(vpn, pageCount, null));
    }

    /// <summary>Changes the rights of the mapped pages of a range; holes are skipped.</summary>
    /// <returns>Ok (value = pages changed); BadArgument for an unaligned/wrapping range (value 0) or
    /// empty rights (value 2); Conflict for VMM-owned pages (use <see cref="Vmm.Protect"/>).</returns>
    public SyscallResult Protect(ulong virtualAddress, ulong pageCount, MemoryRights rights)
    {
        if (!Page.IsAligned(virtualAddress) || pageCount > (ulong.MaxValue >> Page.Shift) - (virtualAddress >> Page.Shift) + 1)
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 0);
        }

        if (!ValidRights(rights))
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 2);
        }

        ulong vpn = virtualAddress >> Page.Shift;
        long owned = FirstOwnedRegion(vpn, pageCount);
        if (owned >= 0)
        {
            ulong at = _regionVpn[owned] > vpn ? _regionVpn[owned] : vpn;
            return SyscallResult.Error(SyscallStatus.Conflict, at << Page.Shift);
        }

        return SyscallResult.Success(ProtectRange(vpn, pageCount, rights));
    }

    /// <summary>
    /// Translates an address for an access (a single right, or None to only ask whether it is mapped).
    /// Never faults in anything: lazy VMM pages report NotMapped until <see cref="Vmm.HandleFault"/>.
    /// </summary>
    public Translation Translate(ulong virtualAddress, MemoryRights access)
    {
        long slot = _table.Find(virtualAddress >> Page.Shift);
        if (slot < 0)
        {
            return new Translation(virtualAddress, 0, MemoryRights.None, access, FaultKind.NotMapped);
        }

        MemoryRights rights = _table.RightsAt((ulong)slot);
        ulong physical = (_table.FrameAt((ulong)slot) << Page.Shift) | (virtualAddress & Page.Mask);
        FaultKind fault = (rights & access) == access ? FaultKind.None : FaultKind.AccessViolation;
        return new Translation(virtualAddress, physical, rights, access, fault);
    }

    /// <summary>
    /// Enumerates the mappings in [virtualAddress, virtualAddress + pageCount pages) in ascending
    /// order without allocating. Do not map or unmap while a cursor is live.
    /// </summary>
    public MappingCursor Mappings(ulong virtualAddress, ulong pageCount)
    {
        ulong vpn = virtualAddress >> Page.Shift;
        ulong limit = (ulong.MaxValue >> Page.Shift) - vpn + 1;
        return new MappingCursor(this, vpn, pageCount > limit ? limit : pageCount);
    }

    /// <summary>Removes every mapping that is not VMM-owned (teardown after <see cref="Vmm.FreeAll"/>).</summary>
    public ulong UnmapAll()
    {
        ulong removed = 0;
        ulong slot = 0;
        while (slot < _table.SlotCount)
        {
            ulong key = _table.KeyAt(slot);
            if (key != 0 && RegionIndexOf(key) < 0)
            {
                _table.RemoveAt(slot);
                removed++;
                // RemoveAt may have shifted a later entry into this slot: look at it again.
                continue;
            }

            slot++;
        }

        return removed;
    }

    // ---- used by the cursor --------------------------------------------------------------------

    internal bool IsSparseWalk(ulong pageCount) => pageCount > _table.SlotCount;

    internal bool TryGetPage(ulong vpn, out Mapping mapping)
    {
        long slot = _table.Find(vpn);
        if (slot < 0)
        {
            mapping = default;
            return false;
        }

        mapping = new Mapping(vpn << Page.Shift, _table.FrameAt((ulong)slot) << Page.Shift, _table.RightsAt((ulong)slot));
        return true;
    }

    /// <summary>Smallest mapped page in [first, end), by scanning all slots; ulong.MaxValue if none.</summary>
    internal ulong LowestMappedIn(ulong first, ulong end)
    {
        ulong best = ulong.MaxValue;
        for (ulong slot = 0; slot < _table.SlotCount; slot++)
        {
            ulong key = _table.KeyAt(slot);
            if (key != 0 && key >= first && key < end && key < best)
            {
                best = key;
            }
        }

        return best;
    }

    // ---- used by the VMM -----------------------------------------------------------------------

    /// <summary>Records a VMM region at a fixed place: window, region overlap and existing mappings are checked.</summary>
    internal SyscallResult ReserveRegion(ulong vpn, ulong pageCount, ulong owner)
    {
        SyscallResult check = CheckUserRange(vpn << Page.Shift, pageCount);
        if (!check.IsSuccess)
        {
            return check;
        }

        if (FirstOwnedRegion(vpn, pageCount) >= 0 || HighestMappedIn(vpn, pageCount) != ulong.MaxValue)
        {
            return SyscallResult.Error(SyscallStatus.Conflict, vpn << Page.Shift);
        }

        return InsertRegion(vpn, pageCount, owner);
    }

    /// <summary>Places a VMM region first-fit in the user window, avoiding regions and mappings.</summary>
    internal SyscallResult ReserveAnyRegion(ulong pageCount, ulong owner)
    {
        if (pageCount == 0 || pageCount > _userEndVpn - _userFirstVpn)
        {
            return SyscallResult.Error(SyscallStatus.OutOfMemory, 0);
        }

        if (_regionCount == _regionVpn.Length)
        {
            return SyscallResult.Error(SyscallStatus.OutOfSlots, 0);
        }

        ulong candidate = _userFirstVpn;
        int r = 0;
        while (true)
        {
            while (r < _regionCount && _regionVpn[r] + _regionPages[r] <= candidate)
            {
                r++;
            }

            ulong limit = r < _regionCount ? _regionVpn[r] : _userEndVpn;
            if (candidate <= limit && pageCount <= limit - candidate)
            {
                ulong mapped = HighestMappedIn(candidate, pageCount);
                if (mapped == ulong.MaxValue)
                {
                    return InsertRegion(candidate, pageCount, owner);
                }

                candidate = mapped + 1;
                continue;
            }

            if (r >= _regionCount)
            {
                return SyscallResult.Error(SyscallStatus.OutOfMemory, 0);
            }

            ulong end = _regionVpn[r] + _regionPages[r];
            if (end > candidate)
            {
                candidate = end;
            }

            r++;
        }
    }

    internal void ReleaseRegion(ulong vpn)
    {
        int index = RegionIndexOf(vpn);
        if (index < 0 || _regionVpn[index] != vpn)
        {
            return;
        }

        OwnedPages -= _regionPages[index];
        for (int i = index; i < _regionCount - 1; i++)
        {
            _regionVpn[i] = _regionVpn[i + 1];
            _regionPages[i] = _regionPages[i + 1];
            _regionOwner[i] = _regionOwner[i + 1];
        }

        _regionCount--;
    }

    /// <summary>The owner id of the region covering <paramref name="vpn"/>, or 0.</summary>
    internal ulong RegionOwner(ulong vpn)
    {
        int index = RegionIndexOf(vpn);
        return index < 0 ? 0 : _regionOwner[index];
    }

    internal long FindSlot(ulong vpn) => _table.Find(vpn);

    internal ulong FrameAt(long slot) => _table.FrameAt((ulong)slot);

    internal MemoryRights RightsAt(long slot) => _table.RightsAt((ulong)slot);

    /// <summary>Maps pages the caller has checked to be absent, with capacity checked by the caller.</summary>
    internal void MapUnchecked(ulong vpn, ulong pfn, ulong pageCount, MemoryRights rights)
    {
        for (ulong i = 0; i < pageCount; i++)
        {
            _table.Insert(vpn + i, pfn + i, rights);
        }
    }

    /// <summary>Unmaps a range and, if <paramref name="release"/> is given, frees each frame to it.</summary>
    internal ulong UnmapRange(ulong vpn, ulong pageCount, PhysicalMemoryManager? release)
    {
        ulong end = vpn + pageCount;
        ulong removed = 0;
        if (pageCount <= _table.SlotCount)
        {
            for (ulong page = vpn; page < end; page++)
            {
                long slot = _table.Find(page);
                if (slot >= 0)
                {
                    release?.Free(_table.FrameAt((ulong)slot) << Page.Shift, 1);
                    _table.RemoveAt((ulong)slot);
                    removed++;
                }
            }

            return removed;
        }

        // A range larger than the table: visit slots instead of pages.
        ulong s = 0;
        while (s < _table.SlotCount)
        {
            ulong key = _table.KeyAt(s);
            if (key != 0 && key >= vpn && key < end)
            {
                release?.Free(_table.FrameAt(s) << Page.Shift, 1);
                _table.RemoveAt(s);
                removed++;
                continue;
            }

            s++;
        }

        return removed;
    }

    internal ulong ProtectRange(ulong vpn, ulong pageCount, MemoryRights rights)
    {
        ulong end = vpn + pageCount;
        ulong changed = 0;
        if (pageCount <= _table.SlotCount)
        {
            for (ulong page = vpn; page < end; page++)
            {
                long slot = _table.Find(page);
                if (slot >= 0)
                {
                    _table.SetRightsAt((ulong)slot, rights);
                    changed++;
                }
            }

            return changed;
        }

        for (ulong s = 0; s < _table.SlotCount; s++)
        {
            ulong key = _table.KeyAt(s);
            if (key != 0 && key >= vpn && key < end)
            {
                _table.SetRightsAt(s, rights);
                changed++;
            }
        }

        return changed;
    }

    internal static bool ValidRights(MemoryRights rights) => rights != MemoryRights.None && (rights & ~MemoryRights.All) == 0;

    // ---- helpers -------------------------------------------------------------------------------

    private SyscallResult CheckUserRange(ulong virtualAddress, ulong pageCount)
    {
        if (!Page.IsAligned(virtualAddress))
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 0);
        }

        if (pageCount == 0)
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 2);
        }

        ulong vpn = virtualAddress >> Page.Shift;
        // vpn 0 is the guard; the window check covers it, the explicit test documents it.
        if (vpn == 0 || vpn < _userFirstVpn || vpn >= _userEndVpn || pageCount > _userEndVpn - vpn)
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 0);
        }

        return SyscallResult.Success(0);
    }

    /// <summary>Highest mapped page in [vpn, vpn + pageCount), or ulong.MaxValue.</summary>
    private ulong HighestMappedIn(ulong vpn, ulong pageCount)
    {
        if (pageCount <= _table.SlotCount)
        {
            for (ulong page = vpn + pageCount; page > vpn; page--)
            {
                if (_table.Find(page - 1) >= 0)
                {
                    return page - 1;
                }
            }

            return ulong.MaxValue;
        }

        ulong end = vpn + pageCount;
        ulong best = ulong.MaxValue;
        for (ulong s = 0; s < _table.SlotCount; s++)
        {
            ulong key = _table.KeyAt(s);
            if (key != 0 && key >= vpn && key < end && (best == ulong.MaxValue || key > best))
            {
                best = key;
            }
        }

        return best;
    }

    /// <summary>Index of the region containing <paramref name="vpn"/>, or -1 (binary search).</summary>
    private int RegionIndexOf(ulong vpn)
    {
        int index = LastRegionStartingAtOrBelow(vpn);
        return index >= 0 && vpn - _regionVpn[index] < _regionPages[index] ? index : -1;
    }

    /// <summary>Index of the first region overlapping [vpn, vpn + pageCount), or -1.</summary>
    private long FirstOwnedRegion(ulong vpn, ulong pageCount)
    {
        int index = LastRegionStartingAtOrBelow(vpn);
        if (index >= 0 && vpn - _regionVpn[index] < _regionPages[index])
        {
            return index;
        }

        int next = index + 1;
        if (next < _regionCount && _regionVpn[next] - vpn < pageCount)
        {
            return next;
        }

        return -1;
    }

    private int LastRegionStartingAtOrBelow(ulong vpn)
    {
        int lo = 0;
        int hi = _regionCount - 1;
        int found = -1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) / 2);
            if (_regionVpn[mid] <= vpn)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    private SyscallResult InsertRegion(ulong vpn, ulong pageCount, ulong owner)
    {
        if (_regionCount == _regionVpn.Length)
        {
            return SyscallResult.Error(SyscallStatus.OutOfSlots, 0);
        }

        int at = LastRegionStartingAtOrBelow(vpn) + 1;
        for (int i = _regionCount; i > at; i--)
        {
            _regionVpn[i] = _regionVpn[i - 1];
            _regionPages[i] = _regionPages[i - 1];
            _regionOwner[i] = _regionOwner[i - 1];
        }

        _regionVpn[at] = vpn;
        _regionPages[at] = pageCount;
        _regionOwner[at] = owner;
        _regionCount++;
        OwnedPages += pageCount;
        return SyscallResult.Success(vpn << Page.Shift);
    }
}

/// <summary>
/// Allocation-free enumeration of the mappings in a range, ascending by virtual address:
/// <c>var c = space.Mappings(va, n); while (c.MoveNext()) use(c.Current);</c>.
/// </summary>
/// <remarks>
/// Ranges no larger than the table walk page by page; larger ranges find the next mapping by
/// scanning the table's slots, so a cursor costs O(min(pages, slots)) per step either way.
/// </remarks>
public struct MappingCursor
{
    private readonly AddressSpace _space;
    private readonly ulong _end;
    private readonly bool _sparse;
    private ulong _next;

    internal MappingCursor(AddressSpace space, ulong firstVpn, ulong pageCount)
    {
        _space = space;
        _next = firstVpn;
        _end = firstVpn + pageCount;
        _sparse = space.IsSparseWalk(pageCount);
        Current = default;
    }

    public Mapping Current { get; private set; }

    public bool MoveNext()
    {
        if (_space == null)
        {
            return false;
        }

        if (_sparse)
        {
            ulong found = _space.LowestMappedIn(_next, _end);
            if (found == ulong.MaxValue || !_space.TryGetPage(found, out Mapping hit))
            {
                _next = _end;
                return false;
            }

            Current = hit;
            _next = found + 1;
            return true;
        }

        while (_next < _end)
        {
            ulong vpn = _next++;
            if (_space.TryGetPage(vpn, out Mapping mapping))
            {
                Current = mapping;
                return true;
            }
        }

        return false;
    }
}
