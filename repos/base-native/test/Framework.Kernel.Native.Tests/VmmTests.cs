using Framework.Kernel.Native;
using Framework.Kernel.Native.Memory;

namespace Framework.Kernel.Native.Tests;

[TestFixture]
public sealed class VmmTests
{
    private const ulong MiB = 0x10_0000;

    private sealed class RecordingScrubber : IFrameScrubber
    {
        public ulong Pages { get; private set; }
        public ulong LastAddress { get; private set; }

        public void Scrub(ulong physicalAddress, ulong pageCount)
        {
            LastAddress = physicalAddress;
            Pages += pageCount;
        }
    }

    private static PhysicalMemoryManager Pmm(ulong size = MiB)
    {
        Assert.That(PhysicalMemoryManager.Create([new MemoryMapEntry(MiB, size, MemoryKind.Usable)], out PhysicalMemoryManager? pmm), Is.EqualTo(SyscallStatus.Ok));
        return pmm!;
    }

    [Test]
    public void Eager_allocation_is_backed_contiguously_and_mapped()
    {
        PhysicalMemoryManager pmm = Pmm();
        var scrubber = new RecordingScrubber();
        var vmm = new Vmm(pmm, 4, scrubber);
        var space = new AddressSpace(64, 4);
        ulong free = pmm.FreePages;

        SyscallResult id = vmm.Allocate(space, 0, 0x3001, MemoryRights.ReadWrite, false, out ulong va);
        Assert.That(id.Status, Is.EqualTo(SyscallStatus.Ok));
        Assert.That(vmm.Query(id.Value, out VmmAllocation info), Is.EqualTo(SyscallStatus.Ok));
        Translation first = space.Translate(va, MemoryRights.Write);
        Translation last = space.Translate(va + 0x3000, MemoryRights.Read);
        Assert.Multiple(() =>
        {
            Assert.That(va, Is.EqualTo(0x1000UL), "first fit from the bottom of the user window");
            Assert.That(info.PageCount, Is.EqualTo(4UL), "size rounded up to pages");
            Assert.That(info.BackedPages, Is.EqualTo(4UL));
            Assert.That(info.Lazy, Is.False);
            Assert.That(info.Base, Is.EqualTo(va));
            Assert.That(pmm.FreePages, Is.EqualTo(free - 4));
            Assert.That(space.MappedPages, Is.EqualTo(4));
            Assert.That(space.OwnedPages, Is.EqualTo(4UL));
            Assert.That(last.PhysicalAddress, Is.EqualTo(first.PhysicalAddress + 0x3000), "one contiguous run");
            Assert.That(first.PhysicalAddress & 0x3FFF, Is.Zero, "naturally aligned run");
            Assert.That(scrubber.Pages, Is.EqualTo(4UL));
            Assert.That(vmm.ActiveAllocations, Is.EqualTo(1));
        });
    }

    [Test]
    public void Eager_allocation_falls_back_to_single_frames_when_fragmented()
    {
        PhysicalMemoryManager pmm = Pmm(16 * 0x1000);
        // 15 usable pages after the metadata page; take every other page.
        for (ulong pa = 0x10_2000; pa < 0x11_0000; pa += 0x2000)
        {
            Assert.That(pmm.AllocateAt(pa, 1).IsSuccess, Is.True);
        }

        var vmm = new Vmm(pmm, 4);
        var space = new AddressSpace(64, 4);
        SyscallResult id = vmm.Allocate(space, 0x20_0000, 3 * 0x1000, MemoryRights.Read, false, out ulong va);
        Assert.That(id.Status, Is.EqualTo(SyscallStatus.Ok));
        Assert.That(va, Is.EqualTo(0x20_0000UL));
        Assert.That(space.Translate(va, MemoryRights.Read).PhysicalAddress, Is.EqualTo(0x10_1000UL));
        Assert.That(space.Translate(va + 0x1000, MemoryRights.Read).PhysicalAddress, Is.EqualTo(0x10_3000UL));
        Assert.That(space.Translate(va + 0x2000, MemoryRights.Read).PhysicalAddress, Is.EqualTo(0x10_5000UL));
    }

    [Test]
    public void Eager_allocation_rolls_back_on_out_of_memory()
    {
        PhysicalMemoryManager pmm = Pmm(16 * 0x1000);
        for (ulong pa = 0x10_2000; pa < 0x11_0000; pa += 0x2000)
        {
            pmm.AllocateAt(pa, 1);
        }

        var vmm = new Vmm(pmm, 4);
        var space = new AddressSpace(64, 4);
        ulong free = pmm.FreePages;
        // More than the free pages: refused up front.
        Assert.That(vmm.Allocate(space, 0, (free + 1) * 0x1000, MemoryRights.Read, false, out _).Status, Is.EqualTo(SyscallStatus.OutOfMemory));
        Assert.Multiple(() =>
        {
            Assert.That(pmm.FreePages, Is.EqualTo(free));
            Assert.That(space.MappedPages, Is.Zero);
            Assert.That(space.OwnedPages, Is.Zero);
            Assert.That(vmm.ActiveAllocations, Is.Zero);
        });
        // Exactly the free pages, scattered: fallback succeeds and uses them all.
        Assert.That(vmm.Allocate(space, 0, free * 0x1000, MemoryRights.Read, false, out _).Status, Is.EqualTo(SyscallStatus.Ok));
        Assert.That(pmm.FreePages, Is.Zero);
    }

    [Test]
    public void Allocate_validates_arguments_and_fixed_ranges()
    {
        PhysicalMemoryManager pmm = Pmm();
        var vmm = new Vmm(pmm, 4);
        var space = new AddressSpace(64, 4);
        space.Map(0x50_0000, 0x9000, 1, MemoryRights.Read);
        Assert.Multiple(() =>
        {
            Assert.That(vmm.Allocate(null!, 0, 0x1000, MemoryRights.Read, true, out _).Value, Is.EqualTo(0UL));
            Assert.That(vmm.Allocate(space, 0x1234, 0x1000, MemoryRights.Read, true, out _).Value, Is.EqualTo(1UL));
            Assert.That(vmm.Allocate(space, 0, 0, MemoryRights.Read, true, out _).Value, Is.EqualTo(2UL));
            Assert.That(vmm.Allocate(space, 0, 0x1000, MemoryRights.None, true, out _).Value, Is.EqualTo(3UL));
            Assert.That(vmm.Allocate(space, 0x8000_0000_0000, 0x1000, MemoryRights.Read, true, out _).Status, Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(vmm.Allocate(space, 0x4F_F000, 0x2000, MemoryRights.Read, true, out _).Status, Is.EqualTo(SyscallStatus.Conflict), "overlaps a direct mapping");
        });
        SyscallResult a = vmm.Allocate(space, 0x60_0000, 0x4000, MemoryRights.Read, true, out _);
        Assert.That(a.Status, Is.EqualTo(SyscallStatus.Ok));
        Assert.Multiple(() =>
        {
            Assert.That(vmm.Allocate(space, 0x60_3000, 0x1000, MemoryRights.Read, true, out _).Status, Is.EqualTo(SyscallStatus.Conflict));
            Assert.That(space.Map(0x60_1000, 0x9000, 1, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.Conflict), "VMM pages are off limits to direct maps");
            Assert.That(space.Protect(0x5F_F000, 2, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.Conflict));
        });
    }

    [Test]
    public void Auto_placement_skips_allocations_and_direct_mappings()
    {
        PhysicalMemoryManager pmm = Pmm();
        var vmm = new Vmm(pmm, 8);
        var space = new AddressSpace(64, 8);
        space.Map(0x3000, 0x9000, 1, MemoryRights.Read);
        vmm.Allocate(space, 0, 0x2000, MemoryRights.Read, true, out ulong a);
        vmm.Allocate(space, 0, 0x2000, MemoryRights.Read, true, out ulong b);
        vmm.Allocate(space, 0x8000, 0x1000, MemoryRights.Read, true, out _);
        vmm.Allocate(space, 0, 0x3000, MemoryRights.Read, true, out ulong c);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(0x1000UL));
            Assert.That(b, Is.EqualTo(0x4000UL), "skips the direct mapping at 0x3000");
            Assert.That(c, Is.EqualTo(0x9000UL), "0x6000..0x8000 is too small");
            Assert.That(space.RegionCount, Is.EqualTo(4));
        });
    }

    [Test]
    public void Lazy_pages_are_backed_on_first_fault()
    {
        PhysicalMemoryManager pmm = Pmm();
        var scrubber = new RecordingScrubber();
        var vmm = new Vmm(pmm, 4, scrubber);
        var space = new AddressSpace(64, 4);
        ulong free = pmm.FreePages;
        SyscallResult id = vmm.Allocate(space, 0, 16 * 0x1000, MemoryRights.ReadWrite, true, out ulong va);
        Assert.That(pmm.FreePages, Is.EqualTo(free));
        Assert.That(space.Translate(va + 0x5000, MemoryRights.Write).Fault, Is.EqualTo(FaultKind.NotMapped));

        FaultResolution fault = vmm.HandleFault(space, va + 0x5123, MemoryRights.Write);
        Assert.Multiple(() =>
        {
            Assert.That(fault.Outcome, Is.EqualTo(FaultOutcome.Resolved));
            Assert.That(fault.Status, Is.EqualTo(SyscallStatus.Ok));
            Assert.That(fault.FreshFrame, Is.True);
            Assert.That(fault.AllocationId, Is.EqualTo(id.Value));
            Assert.That(fault.PhysicalAddress & 0xFFF, Is.Zero);
            Assert.That(scrubber.LastAddress, Is.EqualTo(fault.PhysicalAddress));
            Assert.That(space.Translate(va + 0x5123, MemoryRights.Write).PhysicalAddress, Is.EqualTo(fault.PhysicalAddress + 0x123));
            Assert.That(pmm.FreePages, Is.EqualTo(free - 1));
        });

        FaultResolution spurious = vmm.HandleFault(space, va + 0x5000, MemoryRights.Read);
        Assert.That(spurious.Outcome, Is.EqualTo(FaultOutcome.Resolved));
        Assert.That(spurious.FreshFrame, Is.False);
        Assert.That(pmm.FreePages, Is.EqualTo(free - 1));
        vmm.Query(id.Value, out VmmAllocation info);
        Assert.That(info.BackedPages, Is.EqualTo(1UL));
    }

    [Test]
    public void Ineligible_faults_are_reported()
    {
        PhysicalMemoryManager pmm = Pmm();
        var vmm = new Vmm(pmm, 4);
        var space = new AddressSpace(64, 4);
        var other = new AddressSpace(64, 4);
        vmm.Allocate(space, 0x10_0000, 0x2000, MemoryRights.ReadExecute, true, out ulong va);
        space.Map(0x20_0000, 0x9000, 1, MemoryRights.Read);
        Assert.Multiple(() =>
        {
            Assert.That(vmm.HandleFault(space, va, MemoryRights.Write).Outcome, Is.EqualTo(FaultOutcome.NotEligible), "write to read-only");
            Assert.That(vmm.HandleFault(space, va, MemoryRights.Execute).Outcome, Is.EqualTo(FaultOutcome.Resolved));
            Assert.That(vmm.HandleFault(space, va, MemoryRights.Write).Outcome, Is.EqualTo(FaultOutcome.NotEligible), "still, once mapped");
            Assert.That(vmm.HandleFault(space, va + 0x2000, MemoryRights.Read).Outcome, Is.EqualTo(FaultOutcome.NotEligible), "past the record");
            Assert.That(vmm.HandleFault(space, 0, MemoryRights.Read).Outcome, Is.EqualTo(FaultOutcome.NotEligible), "guard page");
            Assert.That(vmm.HandleFault(space, 0x20_0000, MemoryRights.Write).Outcome, Is.EqualTo(FaultOutcome.NotEligible), "direct mapping, not the VMM's");
            Assert.That(vmm.HandleFault(other, va, MemoryRights.Read).Outcome, Is.EqualTo(FaultOutcome.NotEligible), "another space");
        });
    }

    [Test]
    public void Lazy_fault_reports_out_of_memory_and_out_of_slots()
    {
        PhysicalMemoryManager pmm = Pmm(3 * 0x1000); // 2 usable pages
        var vmm = new Vmm(pmm, 4);
        var space = new AddressSpace(2, 4);
        vmm.Allocate(space, 0, 8 * 0x1000, MemoryRights.ReadWrite, true, out ulong va);
        Assert.That(vmm.HandleFault(space, va, MemoryRights.Write).Outcome, Is.EqualTo(FaultOutcome.Resolved));
        Assert.That(vmm.HandleFault(space, va + 0x1000, MemoryRights.Write).Outcome, Is.EqualTo(FaultOutcome.Resolved));
        FaultResolution full = vmm.HandleFault(space, va + 0x2000, MemoryRights.Write);
        Assert.That(full.Outcome, Is.EqualTo(FaultOutcome.Failed));
        Assert.That(full.Status, Is.EqualTo(SyscallStatus.OutOfSlots));

        var roomy = new AddressSpace(16, 4);
        vmm.Allocate(roomy, 0, 0x1000, MemoryRights.Read, true, out ulong other);
        FaultResolution oom = vmm.HandleFault(roomy, other, MemoryRights.Read);
        Assert.That(oom.Outcome, Is.EqualTo(FaultOutcome.Failed));
        Assert.That(oom.Status, Is.EqualTo(SyscallStatus.OutOfMemory));
    }

    [Test]
    public void Free_returns_frames_and_rejects_stale_ids()
    {
        PhysicalMemoryManager pmm = Pmm();
        var vmm = new Vmm(pmm, 1);
        var space = new AddressSpace(64, 4);
        ulong free = pmm.FreePages;
        SyscallResult first = vmm.Allocate(space, 0, 0x4000, MemoryRights.ReadWrite, false, out _);
        Assert.That(vmm.Allocate(space, 0, 0x1000, MemoryRights.Read, true, out _).Status, Is.EqualTo(SyscallStatus.OutOfSlots), "record table full");
        Assert.That(vmm.Free(first.Value), Is.EqualTo(SyscallStatus.Ok));
        Assert.That(pmm.FreePages, Is.EqualTo(free));

        SyscallResult second = vmm.Allocate(space, 0, 0x1000, MemoryRights.Read, true, out _);
        Assert.Multiple(() =>
        {
            Assert.That(second.Value, Is.Not.EqualTo(first.Value), "the reused record has a new generation");
            Assert.That(vmm.Free(first.Value), Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(vmm.Query(first.Value, out _), Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(vmm.Free(0), Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(vmm.Free(0xFFFF_FFFF_FFFF_FFFF), Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(vmm.Free(second.Value), Is.EqualTo(SyscallStatus.Ok));
        });
    }

    [Test]
    public void Protect_applies_to_backed_and_future_pages()
    {
        PhysicalMemoryManager pmm = Pmm();
        var vmm = new Vmm(pmm, 4);
        var space = new AddressSpace(64, 4);
        SyscallResult id = vmm.Allocate(space, 0, 0x2000, MemoryRights.ReadWrite, true, out ulong va);
        vmm.HandleFault(space, va, MemoryRights.Write);
        Assert.That(vmm.Protect(id.Value, MemoryRights.Read), Is.EqualTo(SyscallStatus.Ok));
        Assert.Multiple(() =>
        {
            Assert.That(space.Translate(va, MemoryRights.Write).Fault, Is.EqualTo(FaultKind.AccessViolation));
            Assert.That(vmm.HandleFault(space, va, MemoryRights.Write).Outcome, Is.EqualTo(FaultOutcome.NotEligible));
            Assert.That(vmm.HandleFault(space, va + 0x1000, MemoryRights.Write).Outcome, Is.EqualTo(FaultOutcome.NotEligible));
            Assert.That(vmm.Protect(id.Value, MemoryRights.None), Is.EqualTo(SyscallStatus.BadArgument));
        });
    }

    [Test]
    public void Teardown_returns_every_page()
    {
        PhysicalMemoryManager pmm = Pmm(4 * MiB);
        var vmm = new Vmm(pmm, 64);
        var space = new AddressSpace(1024, 64);
        var bystander = new AddressSpace(16, 4);
        ulong free = pmm.FreePages;
        vmm.Allocate(bystander, 0, 0x1000, MemoryRights.Read, false, out _);

        for (int i = 0; i < 20; i++)
        {
            bool lazy = i % 2 == 0;
            SyscallResult id = vmm.Allocate(space, 0, (ulong)(i + 1) * 0x1000, MemoryRights.ReadWrite, lazy, out ulong va);
            Assert.That(id.Status, Is.EqualTo(SyscallStatus.Ok));
            if (lazy)
            {
                for (int p = 0; p <= i; p += 3)
                {
                    Assert.That(vmm.HandleFault(space, va + ((ulong)p * 0x1000), MemoryRights.Write).Outcome, Is.EqualTo(FaultOutcome.Resolved));
                }
            }
        }

        // A huge lazy allocation with a single backed page exercises the table-scan unmap path.
        vmm.Allocate(space, 0, 1UL << 40, MemoryRights.Read, true, out ulong huge);
        vmm.HandleFault(space, huge + (1UL << 39), MemoryRights.Read);
        Assert.That(pmm.FreePages, Is.LessThan(free - 100));

        Assert.That(vmm.FreeAll(space), Is.EqualTo(21));
        Assert.Multiple(() =>
        {
            Assert.That(pmm.FreePages, Is.EqualTo(free - 1), "only the bystander's page stays");
            Assert.That(space.MappedPages, Is.Zero);
            Assert.That(space.OwnedPages, Is.Zero);
            Assert.That(space.RegionCount, Is.Zero);
            Assert.That(vmm.ActiveAllocations, Is.EqualTo(1));
            Assert.That(vmm.FreeAll(space), Is.Zero);
        });
    }
}
