namespace Framework.Kernel.Native.Memory;

/// <summary>
/// Physical page allocator after seed 004's pmm: built once from the boot memory map, manages
/// contiguous runs of 4 KiB pages first-fit, and charges its own bookkeeping to usable memory.
/// </summary>
/// <remarks>
/// <para>
/// Two bitmaps span the lowest to the highest usable page: <c>used</c> (allocated, or never
/// allocatable) and <c>reserved</c> (never allocatable: holes, Reserved/Kernel/Mmio ranges and the
/// metadata itself). Keeping <c>reserved</c> apart lets <see cref="Free"/> tell a double free from
/// an attempt to free memory the allocator never owned.
/// </para>
/// <para>
/// The metadata pages are taken first-fit from usable memory, as pmm_init does. In the hosted build
/// the bitmaps are <c>ulong[]</c> arrays sized from exactly those pages; on bare metal the platform
/// layer places them at <see cref="MetadataBase"/> through its direct map. Physical page 0 is never
/// handed out, so 0 can serve as "no frame" everywhere in the kernel.
/// </para>
/// <para>Not thread-safe: the kernel serialises calls (one big lock, as in the seed).</para>
/// </remarks>
public sealed class PhysicalMemoryManager
{
    // Bounds the bitmap so a corrupt map cannot ask for an absurd array: 2^34 pages = 64 TiB.
    private const ulong MaxSpanPages = 1UL << 34;

    private readonly ulong[] _used;
    private readonly ulong[] _reserved;
    private readonly ulong _basePage;
    private readonly ulong _spanPages;

    // Every page below this index is in use, so first-fit searches may start here; keeps filling
    // memory page by page linear overall instead of quadratic.
    private ulong _searchFrom;

    private PhysicalMemoryManager(ulong basePage, ulong spanPages, ulong[] used, ulong[] reserved)
    {
        _basePage = basePage;
        _spanPages = spanPages;
        _used = used;
        _reserved = reserved;
    }

    /// <summary>Pages the allocator can hand out (usable memory minus its own metadata).</summary>
    public ulong TotalPages { get; private set; }

    /// <summary>Pages currently free.</summary>
    public ulong FreePages { get; private set; }

    /// <summary>Physical address of the first page covered by the bitmaps.</summary>
    public ulong BaseAddress => _basePage << Page.Shift;

    /// <summary>One past the last page covered by the bitmaps.</summary>
    public ulong EndAddress => (_basePage + _spanPages) << Page.Shift;

    /// <summary>Where the allocator's own bookkeeping lives (charged inside usable memory).</summary>
    public ulong MetadataBase { get; private set; }

    /// <summary>Pages charged for the bookkeeping.</summary>
    public ulong MetadataPages { get; private set; }

    /// <summary>
    /// Builds the allocator from a boot memory map. Fails with BadArgument when the map holds no
    /// usable page or spans more than 64 TiB, and with OutOfMemory when no usable run can hold the
    /// bookkeeping. A factory instead of a constructor because the kernel subset has no exceptions.
    /// </summary>
    public static SyscallStatus Create(MemoryMapEntry[] map, out PhysicalMemoryManager? pmm)
    {
        pmm = null;
        if (map == null || map.Length == 0)
        {
            return SyscallStatus.BadArgument;
        }

        // Span of usable memory, rounded inwards; page 0 is never usable.
        ulong low = ulong.MaxValue;
        ulong high = 0;
        for (int i = 0; i < map.Length; i++)
        {
            if (map[i].Kind != MemoryKind.Usable || !UsablePages(map[i], out ulong first, out ulong end))
            {
                continue;
            }

            if (first < low)
            {
                low = first;
            }

            if (end > high)
            {
                high = end;
            }
        }

        if (low >= high || high - low > MaxSpanPages)
        {
            return SyscallStatus.BadArgument;
        }

        ulong span = high - low;
        ulong words = (span + 63) / 64;
        // Two bitmaps of `words` 64-bit words each.
        ulong metadataPages = ((words * 8 * 2) + Page.Size - 1) / Page.Size;
        // The hosted build keeps the bitmaps in arrays sized from exactly the charged pages.
        ulong arrayWords = metadataPages * (Page.Size / 8) / 2;

        var used = new ulong[arrayWords];
        var reserved = new ulong[arrayWords];
        Bitmap.SetRange(used, 0, arrayWords * 64, true);
        Bitmap.SetRange(reserved, 0, arrayWords * 64, true);

        var result = new PhysicalMemoryManager(low, span, used, reserved);

        // Usable first, every other kind afterwards, so a reservation wins whatever the map order.
        for (int i = 0; i < map.Length; i++)
        {
            if (map[i].Kind == MemoryKind.Usable && UsablePages(map[i], out ulong first, out ulong end))
            {
                result.MarkRange(first, end, false);
            }
        }

        for (int i = 0; i < map.Length; i++)
        {
            if (map[i].Kind != MemoryKind.Usable && map[i].Size != 0)
            {
                // Rounded outwards: a page that is only partly reserved is still reserved.
                ulong first = map[i].Base >> Page.Shift;
                ulong end = Page.AlignUp(map[i].End) >> Page.Shift;
                if (map[i].End == ulong.MaxValue)
                {
                    end = (ulong.MaxValue >> Page.Shift) + 1;
                }

                result.MarkRange(first, end, true);
            }
        }

        ulong total = result.CountAllocatable();
        ulong at = result.FindRun(metadataPages, 1);
        if (at == Bitmap.NotFound)
        {
            return SyscallStatus.OutOfMemory;
        }

        Bitmap.SetRange(used, at, metadataPages, true);
        Bitmap.SetRange(reserved, at, metadataPages, true);
        result.MetadataBase = (low + at) << Page.Shift;
        result.MetadataPages = metadataPages;
        result.TotalPages = total - metadataPages;
        result.FreePages = result.TotalPages;
        pmm = result;
        return SyscallStatus.Ok;
    }

    /// <summary>
    /// Allocates <paramref name="pageCount"/> physically contiguous pages, first fit, and returns
    /// their physical address. <paramref name="alignLog2"/> is the log2 of the wanted byte
    /// alignment (values up to 12 mean page alignment); a negative value asks for Genode's RAM
    /// behaviour: natural alignment of the whole size first, then weaker, down to page alignment.
    /// </summary>
    /// <returns>Ok with the address; BadArgument (value = argument index); OutOfMemory (value = free pages).</returns>
    public SyscallResult Allocate(ulong pageCount, int alignLog2 = -1)
    {
        if (pageCount == 0 || pageCount > _spanPages)
        {
            return pageCount == 0 ? SyscallResult.Error(SyscallStatus.BadArgument, 0) : SyscallResult.Error(SyscallStatus.OutOfMemory, FreePages);
        }

        if (alignLog2 > 63)
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 1);
        }

        if (pageCount > FreePages)
        {
            return SyscallResult.Error(SyscallStatus.OutOfMemory, FreePages);
        }

        int strongest;
        int weakest;
        if (alignLog2 < 0)
        {
            // Natural alignment of the size, e.g. 16 KiB aligned for 4 pages, 4 KiB for 3 pages.
            strongest = Bitmap.Log2Floor(pageCount) + Page.Shift;
            weakest = Page.Shift;
        }
        else
        {
            strongest = alignLog2 < Page.Shift ? Page.Shift : alignLog2;
            weakest = strongest;
        }

        for (int align = strongest; align >= weakest; align--)
        {
            ulong at = FindRun(pageCount, 1UL << (align - Page.Shift));
            if (at != Bitmap.NotFound)
            {
                MarkUsed(at, pageCount);
                return SyscallResult.Success((_basePage + at) << Page.Shift);
            }
        }

        return SyscallResult.Error(SyscallStatus.OutOfMemory, FreePages);
    }

    /// <summary>Allocates the fixed range [address, address + pageCount pages).</summary>
    /// <returns>Ok with the address; BadArgument for unaligned, empty or unmanaged (reserved) ranges;
    /// Conflict (value = first busy address) when a page is already allocated.</returns>
    public SyscallResult AllocateAt(ulong address, ulong pageCount)
    {
        SyscallResult check = CheckManagedRange(address, pageCount);
        if (!check.IsSuccess)
        {
            return check;
        }

        ulong index = (address >> Page.Shift) - _basePage;
        ulong busy = Bitmap.Find(_used, index, pageCount, true);
        if (busy != Bitmap.NotFound)
        {
            return SyscallResult.Error(SyscallStatus.Conflict, (_basePage + busy) << Page.Shift);
        }

        MarkUsed(index, pageCount);
        return SyscallResult.Success(address);
    }

    /// <summary>Returns pages to the allocator. All-or-nothing: on error nothing is freed.</summary>
    /// <returns>Ok; BadArgument for unaligned, empty or unmanaged ranges; BadState (value = first
    /// already-free address) for a double free.</returns>
    public SyscallStatus Free(ulong address, ulong pageCount) => FreeChecked(address, pageCount).Status;

    /// <summary>Like <see cref="Free"/>, with the diagnostic value (argument index or offending address).</summary>
    public SyscallResult FreeChecked(ulong address, ulong pageCount)
    {
        SyscallResult check = CheckManagedRange(address, pageCount);
        if (!check.IsSuccess)
        {
            return check;
        }

        ulong index = (address >> Page.Shift) - _basePage;
        ulong free = Bitmap.Find(_used, index, pageCount, false);
        if (free != Bitmap.NotFound)
        {
            return SyscallResult.Error(SyscallStatus.BadState, (_basePage + free) << Page.Shift);
        }

        Bitmap.SetRange(_used, index, pageCount, false);
        FreePages += pageCount;
        if (index < _searchFrom)
        {
            _searchFrom = index;
        }

        return SyscallResult.Success(address);
    }

    /// <summary>Whether the page holding <paramref name="address"/> is managed and currently allocated.</summary>
    public bool IsAllocated(ulong address)
    {
        ulong page = address >> Page.Shift;
        if (page < _basePage || page - _basePage >= _spanPages)
        {
            return false;
        }

        ulong index = page - _basePage;
        return !Bitmap.Get(_reserved, index) && Bitmap.Get(_used, index);
    }

    /// <summary>Whether the page holding <paramref name="address"/> is RAM this allocator hands out.</summary>
    public bool IsManaged(ulong address)
    {
        ulong page = address >> Page.Shift;
        return page >= _basePage && page - _basePage < _spanPages && !Bitmap.Get(_reserved, page - _basePage);
    }

    /// <summary>Length in pages of the longest free run (diagnostics and fragmentation tests).</summary>
    public ulong LargestFreeRun()
    {
        ulong best = 0;
        ulong i = 0;
        while (i < _spanPages)
        {
            ulong start = Bitmap.Find(_used, i, _spanPages - i, false);
            if (start == Bitmap.NotFound)
            {
                break;
            }

            ulong stop = Bitmap.Find(_used, start, _spanPages - start, true);
            ulong end = stop == Bitmap.NotFound ? _spanPages : stop;
            if (end - start > best)
            {
                best = end - start;
            }

            i = end;
        }

        return best;
    }

    private static bool UsablePages(MemoryMapEntry entry, out ulong first, out ulong end)
    {
        first = Page.AlignUp(entry.Base) >> Page.Shift;
        end = Page.AlignDown(entry.End) >> Page.Shift;
        if (first == 0)
        {
            first = 1;
        }

        return first < end;
    }

    private SyscallResult CheckManagedRange(ulong address, ulong pageCount)
    {
        if (!Page.IsAligned(address))
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 0);
        }

        ulong page = address >> Page.Shift;
        if (pageCount == 0 || page < _basePage || page - _basePage >= _spanPages || pageCount > _spanPages - (page - _basePage))
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, pageCount == 0 ? 1UL : 0UL);
        }

        ulong index = page - _basePage;
        if (Bitmap.Find(_reserved, index, pageCount, true) != Bitmap.NotFound)
        {
            return SyscallResult.Error(SyscallStatus.BadArgument, 0);
        }

        return SyscallResult.Success(0);
    }

    /// <summary>Marks physical pages [first, end) (clipped to the span) as reserved or as free RAM.</summary>
    private void MarkRange(ulong first, ulong end, bool reserve)
    {
        ulong spanEnd = _basePage + _spanPages;
        if (first < _basePage)
        {
            first = _basePage;
        }

        if (end > spanEnd)
        {
            end = spanEnd;
        }

        if (first >= end)
        {
            return;
        }

        Bitmap.SetRange(_used, first - _basePage, end - first, reserve);
        Bitmap.SetRange(_reserved, first - _basePage, end - first, reserve);
    }

    private void MarkUsed(ulong index, ulong pageCount)
    {
        Bitmap.SetRange(_used, index, pageCount, true);
        FreePages -= pageCount;
        if (index == _searchFrom)
        {
            _searchFrom = index + pageCount;
        }
    }

    private ulong CountAllocatable() => _spanPages - Bitmap.Count(_reserved, 0, _spanPages);

    /// <summary>
    /// First index of a free run of <paramref name="count"/> pages whose physical page number is a
    /// multiple of <paramref name="alignPages"/> (a power of two), or NotFound.
    /// </summary>
    private ulong FindRun(ulong count, ulong alignPages)
    {
        ulong mask = alignPages - 1;
        if (_basePage > ulong.MaxValue - mask)
        {
            return Bitmap.NotFound;
        }

        ulong firstFree = _searchFrom < _spanPages ? Bitmap.Find(_used, _searchFrom, _spanPages - _searchFrom, false) : Bitmap.NotFound;
        if (firstFree == Bitmap.NotFound)
        {
            _searchFrom = _spanPages;
            return Bitmap.NotFound;
        }

        _searchFrom = firstFree;
        ulong firstPfn = _basePage + firstFree;
        if (firstPfn > ulong.MaxValue - mask)
        {
            return Bitmap.NotFound;
        }

        ulong candidate = ((firstPfn + mask) & ~mask) - _basePage;
        while (candidate < _spanPages && count <= _spanPages - candidate)
        {
            ulong busy = Bitmap.Find(_used, candidate, count, true);
            if (busy == Bitmap.NotFound)
            {
                return candidate;
            }

            // Skip the busy stretch in one go, then realign.
            ulong next = Bitmap.Find(_used, busy, _spanPages - busy, false);
            if (next == Bitmap.NotFound)
            {
                return Bitmap.NotFound;
            }

            ulong pfn = _basePage + next;
            if (pfn > ulong.MaxValue - mask)
            {
                return Bitmap.NotFound;
            }

            candidate = ((pfn + mask) & ~mask) - _basePage;
        }

        return Bitmap.NotFound;
    }
}
