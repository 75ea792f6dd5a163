using Framework.Kernel.Native.Memory;

namespace Framework.Kernel.Native.Selftest;

// The memory selftests build small private allocators and address spaces from synthetic maps, so
// they run the same on the hosted build and inside the booted kernel (where they cost a few KiB of
// bump-allocated memory). Tests that need the real machine use SelftestContext.LivePmm.

/// <summary>Builders shared by the memory suites.</summary>
internal static class MemoryFixtures
{
    /// <summary>256 usable pages at 1 MiB (one of them becomes bitmap metadata).</summary>
    public static PhysicalMemoryManager? SmallPmm(SelftestContext t)
    {
        var map = new MemoryMapEntry[]
        {
            new(0, 0x10_0000, MemoryKind.Reserved),
            new(0x10_0000, 0x10_0000, MemoryKind.Usable),
        };
        SyscallStatus status = PhysicalMemoryManager.Create(map, out PhysicalMemoryManager? pmm);
        return t.CheckStatus(status, SyscallStatus.Ok, "create pmm") ? pmm : null;
    }
}

internal sealed class PmmSelftests
{
    public SelftestSuite Suite() => new("pmm", new SelftestCase[]
    {
        new("alloc_free", AllocFree),
        new("natural_alignment", NaturalAlignment),
        new("double_free", DoubleFree),
        new("exhaustion", Exhaustion),
        new("live", Live),
    });

    private SyscallStatus AllocFree(SelftestContext t)
    {
        PhysicalMemoryManager? pmm = MemoryFixtures.SmallPmm(t);
        if (pmm == null)
        {
            return SyscallStatus.Failed;
        }

        ulong before = pmm.FreePages;
        SyscallResult page = pmm.Allocate(1);
        if (!t.CheckStatus(page.Status, SyscallStatus.Ok, "allocate one page")
            || !t.Check(pmm.FreePages == before - 1, "free count drops by one")
            || !t.CheckStatus(pmm.Free(page.Value, 1), SyscallStatus.Ok, "free it")
            || !t.Check(pmm.FreePages == before, "free count restored"))
        {
            return SyscallStatus.Failed;
        }

        return SyscallStatus.Ok;
    }

    private SyscallStatus NaturalAlignment(SelftestContext t)
    {
        PhysicalMemoryManager? pmm = MemoryFixtures.SmallPmm(t);
        if (pmm == null)
        {
            return SyscallStatus.Failed;
        }

        // Disturb the start so that first fit alone would not be aligned.
        SyscallResult one = pmm.Allocate(1);
        SyscallResult four = pmm.Allocate(4);
        return t.CheckStatus(one.Status, SyscallStatus.Ok, "allocate one")
            && t.CheckStatus(four.Status, SyscallStatus.Ok, "allocate four")
            && t.Check((four.Value & 0x3FFF) == 0, "four pages are 16 KiB aligned")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus DoubleFree(SelftestContext t)
    {
        PhysicalMemoryManager? pmm = MemoryFixtures.SmallPmm(t);
        if (pmm == null)
        {
            return SyscallStatus.Failed;
        }

        SyscallResult page = pmm.Allocate(2);
        return t.CheckStatus(page.Status, SyscallStatus.Ok, "allocate")
            && t.CheckStatus(pmm.Free(page.Value, 2), SyscallStatus.Ok, "first free")
            && t.CheckStatus(pmm.Free(page.Value, 2), SyscallStatus.BadState, "second free is detected")
            && t.CheckStatus(pmm.Free(0x4000_0000, 1), SyscallStatus.BadArgument, "out of range free is rejected")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus Exhaustion(SelftestContext t)
    {
        PhysicalMemoryManager? pmm = MemoryFixtures.SmallPmm(t);
        if (pmm == null)
        {
            return SyscallStatus.Failed;
        }

        ulong count = 0;
        ulong last = 0;
        while (true)
        {
            SyscallResult page = pmm.Allocate(1);
            if (!page.IsSuccess)
            {
                if (!t.CheckStatus(page.Status, SyscallStatus.OutOfMemory, "exhaustion reports OutOfMemory"))
                {
                    return SyscallStatus.Failed;
                }

                break;
            }

            last = page.Value;
            count++;
        }

        return t.Check(count == pmm.TotalPages, "every page was handed out")
            && t.Check(pmm.FreePages == 0, "nothing left")
            && t.CheckStatus(pmm.Free(last, 1), SyscallStatus.Ok, "free one")
            && t.CheckStatus(pmm.Allocate(1).Status, SyscallStatus.Ok, "reuse it")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus Live(SelftestContext t)
    {
        PhysicalMemoryManager? pmm = t.LivePmm;
        if (pmm == null)
        {
            return SyscallStatus.Unavailable;
        }

        ulong before = pmm.FreePages;
        SyscallResult run = pmm.Allocate(8);
        if (!t.CheckStatus(run.Status, SyscallStatus.Ok, "allocate 8 live pages"))
        {
            return SyscallStatus.Failed;
        }

        bool ok = t.Check(pmm.IsAllocated(run.Value) && pmm.IsAllocated(run.Value + (7 * Page.Size)), "pages are marked");
        ok &= t.CheckStatus(pmm.Free(run.Value, 8), SyscallStatus.Ok, "free them");
        ok &= t.Check(pmm.FreePages == before, "live free count restored");
        return ok ? SyscallStatus.Ok : SyscallStatus.Failed;
    }
}

internal sealed class PageTableSelftests
{
    private const ulong Va = 0x40_0000;
    private const ulong Pa = 0x20_0000;

    public SelftestSuite Suite() => new("pagetable", new SelftestCase[]
    {
        new("map_translate", MapTranslate),
        new("guard_page", GuardPage),
        new("conflict", Conflict),
        new("unmap_holes", UnmapHoles),
        new("capacity_reuse", CapacityReuse),
    });

    private SyscallStatus MapTranslate(SelftestContext t)
    {
        var space = new AddressSpace(16, 4);
        SyscallResult map = space.Map(Va, Pa, 2, MemoryRights.Read);
        Translation read = space.Translate(Va + Page.Size + 0x10, MemoryRights.Read);
        Translation write = space.Translate(Va, MemoryRights.Write);
        return t.CheckStatus(map.Status, SyscallStatus.Ok, "map two pages")
            && t.Check(read.IsSuccess && read.PhysicalAddress == Pa + Page.Size + 0x10, "read translates with offset")
            && t.Check(write.Fault == FaultKind.AccessViolation && write.Access == MemoryRights.Write, "write faults with its access kind")
            && t.Check(space.Translate(Va + (2 * Page.Size), MemoryRights.Read).Fault == FaultKind.NotMapped, "next page not mapped")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus GuardPage(SelftestContext t)
    {
        var space = new AddressSpace(16, 4);
        return t.CheckStatus(space.Map(0, Pa, 1, MemoryRights.Read).Status, SyscallStatus.BadArgument, "page 0 cannot be mapped")
            && t.CheckStatus(space.Map(Va + 1, Pa, 1, MemoryRights.Read).Status, SyscallStatus.BadArgument, "unaligned va")
            && t.Check(space.Translate(0, MemoryRights.Read).Fault == FaultKind.NotMapped, "page 0 always faults")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus Conflict(SelftestContext t)
    {
        var space = new AddressSpace(16, 4);
        return t.CheckStatus(space.Map(Va, Pa, 1, MemoryRights.ReadWrite).Status, SyscallStatus.Ok, "map")
            && t.CheckStatus(space.Map(Va, Pa, 1, MemoryRights.ReadWrite).Status, SyscallStatus.Ok, "identical remap")
            && t.CheckStatus(space.Map(Va, Pa + Page.Size, 1, MemoryRights.ReadWrite).Status, SyscallStatus.Conflict, "other frame")
            && t.CheckStatus(space.Map(Va, Pa, 1, MemoryRights.Read).Status, SyscallStatus.Conflict, "other rights")
            && t.Check(space.MappedPages == 1, "still one page")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus UnmapHoles(SelftestContext t)
    {
        var space = new AddressSpace(16, 4);
        space.Map(Va, Pa, 1, MemoryRights.Read);
        space.Map(Va + (2 * Page.Size), Pa, 1, MemoryRights.Read);
        SyscallResult unmapped = space.Unmap(Va, 4);
        return t.CheckStatus(unmapped.Status, SyscallStatus.Ok, "unmap")
            && t.Check(unmapped.Value == 2, "two pages unmapped")
            && t.Check(space.MappedPages == 0, "table empty")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus CapacityReuse(SelftestContext t)
    {
        var space = new AddressSpace(8, 1);
        // Many map/unmap rounds through a tiny table: deletion must not leave tombstones behind.
        for (ulong round = 0; round < 64; round++)
        {
            ulong va = Va + (round * 8 * Page.Size);
            if (!t.CheckStatus(space.Map(va, Pa, 8, MemoryRights.Read).Status, SyscallStatus.Ok, "fill")
                || !t.CheckStatus(space.Map(va + (8 * Page.Size), Pa, 1, MemoryRights.Read).Status, SyscallStatus.OutOfSlots, "full")
                || !t.Check(space.Unmap(va, 8).Value == 8, "drain"))
            {
                return SyscallStatus.Failed;
            }
        }

        return SyscallStatus.Ok;
    }
}

internal sealed class VmmSelftests
{
    public SelftestSuite Suite() => new("vmm", new SelftestCase[]
    {
        new("eager", Eager),
        new("lazy_fault", LazyFault),
        new("not_eligible", NotEligible),
        new("teardown", Teardown),
    });

    private SyscallStatus Eager(SelftestContext t)
    {
        PhysicalMemoryManager? pmm = MemoryFixtures.SmallPmm(t);
        if (pmm == null)
        {
            return SyscallStatus.Failed;
        }

        var vmm = new Vmm(pmm, 8);
        var space = new AddressSpace(64, 8);
        ulong before = pmm.FreePages;
        SyscallResult id = vmm.Allocate(space, 0, 3 * Page.Size, MemoryRights.ReadWrite, false, out ulong va);
        return t.CheckStatus(id.Status, SyscallStatus.Ok, "allocate")
            && t.Check(va >= space.Layout.UserBase, "placed in the user window")
            && t.Check(space.MappedPages == 3 && pmm.FreePages == before - 3, "backed at once")
            && t.Check(space.Translate(va + (2 * Page.Size), MemoryRights.Write).IsSuccess, "writable")
            && t.CheckStatus(space.Unmap(va, 1).Status, SyscallStatus.Conflict, "direct unmap of VMM pages refused")
            && t.CheckStatus(vmm.Free(id.Value), SyscallStatus.Ok, "free")
            && t.Check(pmm.FreePages == before && space.MappedPages == 0, "everything returned")
            && t.CheckStatus(vmm.Free(id.Value), SyscallStatus.BadArgument, "stale id")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus LazyFault(SelftestContext t)
    {
        PhysicalMemoryManager? pmm = MemoryFixtures.SmallPmm(t);
        if (pmm == null)
        {
            return SyscallStatus.Failed;
        }

        var vmm = new Vmm(pmm, 8);
        var space = new AddressSpace(64, 8);
        ulong before = pmm.FreePages;
        SyscallResult id = vmm.Allocate(space, 0x10_0000, 4 * Page.Size, MemoryRights.ReadWrite, true, out ulong va);
        if (!t.CheckStatus(id.Status, SyscallStatus.Ok, "allocate lazily")
            || !t.Check(pmm.FreePages == before, "no frames yet")
            || !t.Check(space.Translate(va, MemoryRights.Read).Fault == FaultKind.NotMapped, "not mapped yet"))
        {
            return SyscallStatus.Failed;
        }

        FaultResolution first = vmm.HandleFault(space, va + Page.Size + 8, MemoryRights.Write);
        FaultResolution again = vmm.HandleFault(space, va + Page.Size, MemoryRights.Read);
        return t.Check(first.Outcome == FaultOutcome.Resolved && first.FreshFrame, "first fault maps a fresh frame")
            && t.Check(again.Outcome == FaultOutcome.Resolved && !again.FreshFrame && again.PhysicalAddress == first.PhysicalAddress, "second fault is spurious")
            && t.Check(space.Translate(va + Page.Size, MemoryRights.Write).PhysicalAddress == first.PhysicalAddress, "translates now")
            && t.Check(pmm.FreePages == before - 1, "one frame used")
            && t.CheckStatus(vmm.Free(id.Value), SyscallStatus.Ok, "free")
            && t.Check(pmm.FreePages == before, "frame returned")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus NotEligible(SelftestContext t)
    {
        PhysicalMemoryManager? pmm = MemoryFixtures.SmallPmm(t);
        if (pmm == null)
        {
            return SyscallStatus.Failed;
        }

        var vmm = new Vmm(pmm, 8);
        var space = new AddressSpace(64, 8);
        SyscallResult id = vmm.Allocate(space, 0, Page.Size, MemoryRights.Read, true, out ulong va);
        return t.CheckStatus(id.Status, SyscallStatus.Ok, "allocate read-only lazily")
            && t.Check(vmm.HandleFault(space, va, MemoryRights.Write).Outcome == FaultOutcome.NotEligible, "write to read-only")
            && t.Check(vmm.HandleFault(space, va + Page.Size, MemoryRights.Read).Outcome == FaultOutcome.NotEligible, "outside every record")
            && t.Check(vmm.HandleFault(space, 0, MemoryRights.Read).Outcome == FaultOutcome.NotEligible, "guard page")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }

    private SyscallStatus Teardown(SelftestContext t)
    {
        PhysicalMemoryManager? pmm = MemoryFixtures.SmallPmm(t);
        if (pmm == null)
        {
            return SyscallStatus.Failed;
        }

        var vmm = new Vmm(pmm, 8);
        var space = new AddressSpace(64, 8);
        var other = new AddressSpace(64, 8);
        ulong before = pmm.FreePages;
        vmm.Allocate(space, 0, 2 * Page.Size, MemoryRights.ReadWrite, false, out _);
        vmm.Allocate(space, 0, 8 * Page.Size, MemoryRights.ReadWrite, true, out ulong lazy);
        vmm.HandleFault(space, lazy + (5 * Page.Size), MemoryRights.Write);
        SyscallResult kept = vmm.Allocate(other, 0, Page.Size, MemoryRights.Read, false, out _);
        int freed = vmm.FreeAll(space);
        return t.Check(freed == 2, "two allocations freed")
            && t.Check(space.MappedPages == 0 && space.OwnedPages == 0, "space is empty")
            && t.Check(pmm.FreePages == before - 1, "only the other space keeps a frame")
            && t.CheckStatus(vmm.Free(kept.Value), SyscallStatus.Ok, "free the other")
            && t.Check(pmm.FreePages == before, "all frames back")
            ? SyscallStatus.Ok
            : SyscallStatus.Failed;
    }
}
