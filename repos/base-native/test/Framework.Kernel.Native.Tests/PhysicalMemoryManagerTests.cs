using Framework.Kernel.Native;
using Framework.Kernel.Native.Memory;

namespace Framework.Kernel.Native.Tests;

[TestFixture]
public sealed class PhysicalMemoryManagerTests
{
    private const ulong MiB = 0x10_0000;

    private static PhysicalMemoryManager Create(params MemoryMapEntry[] map)
    {
        SyscallStatus status = PhysicalMemoryManager.Create(map, out PhysicalMemoryManager? pmm);
        Assert.That(status, Is.EqualTo(SyscallStatus.Ok));
        return pmm!;
    }

    /// <summary>1 MiB of usable RAM at 1 MiB: 256 pages, one of them metadata.</summary>
    private static PhysicalMemoryManager Small() => Create(new MemoryMapEntry(MiB, MiB, MemoryKind.Usable));

    [Test]
    public void Metadata_is_charged_inside_usable_memory()
    {
        PhysicalMemoryManager pmm = Small();
        Assert.Multiple(() =>
        {
            Assert.That(pmm.MetadataPages, Is.EqualTo(1UL));
            Assert.That(pmm.MetadataBase, Is.EqualTo(MiB));
            Assert.That(pmm.TotalPages, Is.EqualTo(255UL));
            Assert.That(pmm.FreePages, Is.EqualTo(255UL));
            Assert.That(pmm.IsManaged(pmm.MetadataBase), Is.False);
        });
    }

    [Test]
    public void Large_map_charges_more_metadata_pages()
    {
        // 1 GiB = 262144 pages -> two bitmaps of 32 KiB -> 16 pages.
        PhysicalMemoryManager pmm = Create(new MemoryMapEntry(MiB, 1024 * MiB, MemoryKind.Usable));
        Assert.That(pmm.MetadataPages, Is.EqualTo(16UL));
        Assert.That(pmm.TotalPages, Is.EqualTo((1024 * MiB / Page.Size) - 16));
    }

    [Test]
    public void Reserved_kernel_and_mmio_ranges_win_over_usable_ones_in_any_order()
    {
        PhysicalMemoryManager pmm = Create(
            new MemoryMapEntry(0x18_0000, 0x1800, MemoryKind.Kernel),        // 2 pages after outward rounding
            new MemoryMapEntry(MiB, MiB, MemoryKind.Usable),
            new MemoryMapEntry(0x1F_F000, 0x1000, MemoryKind.Mmio),
            new MemoryMapEntry(0x10_0800, 0x100, MemoryKind.Reserved));      // partially reserves page 0x100000
        Assert.Multiple(() =>
        {
            Assert.That(pmm.TotalPages, Is.EqualTo(256UL - 2 - 1 - 1 - 1));
            Assert.That(pmm.IsManaged(0x18_0000), Is.False);
            Assert.That(pmm.IsManaged(0x18_1000), Is.False);
            Assert.That(pmm.IsManaged(0x18_2000), Is.True);
            Assert.That(pmm.IsManaged(0x1F_F000), Is.False);
            Assert.That(pmm.IsManaged(MiB), Is.False);
            Assert.That(pmm.MetadataBase, Is.EqualTo(0x10_1000UL));
            Assert.That(pmm.AllocateAt(0x18_0000, 1).Status, Is.EqualTo(SyscallStatus.BadArgument));
        });
    }

    [Test]
    public void Unaligned_usable_ranges_are_rounded_inwards_and_page_zero_is_never_usable()
    {
        PhysicalMemoryManager pmm = Create(
            new MemoryMapEntry(0, 0x9_F800, MemoryKind.Usable),
            new MemoryMapEntry(0x10_0010, 0x2000, MemoryKind.Usable));
        Assert.Multiple(() =>
        {
            Assert.That(pmm.IsManaged(0), Is.False);
            Assert.That(pmm.IsManaged(0x9_E000), Is.True);
            Assert.That(pmm.IsManaged(0x9_F000), Is.False);
            Assert.That(pmm.IsManaged(0x10_0000), Is.False);
            Assert.That(pmm.IsManaged(0x10_1000), Is.True);
            Assert.That(pmm.IsManaged(0x10_2000), Is.False);
            // 0x9e usable low pages + 1 high page - 1 metadata page.
            Assert.That(pmm.TotalPages, Is.EqualTo(0x9EUL + 1 - 1));
        });
    }

    [Test]
    public void Create_rejects_maps_without_usable_memory()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PhysicalMemoryManager.Create([], out _), Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(PhysicalMemoryManager.Create([new MemoryMapEntry(MiB, MiB, MemoryKind.Reserved)], out _), Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(PhysicalMemoryManager.Create([new MemoryMapEntry(MiB + 1, 0x1000, MemoryKind.Usable)], out _), Is.EqualTo(SyscallStatus.BadArgument));
        });
    }

    [Test]
    public void Create_fails_with_out_of_memory_when_no_run_holds_the_metadata()
    {
        // Two usable pages 1 GiB apart: the bitmap needs 16 pages but no run is that long.
        SyscallStatus status = PhysicalMemoryManager.Create(
            [new MemoryMapEntry(MiB, 0x1000, MemoryKind.Usable), new MemoryMapEntry(1025 * MiB, 0x1000, MemoryKind.Usable)],
            out PhysicalMemoryManager? pmm);
        Assert.That(status, Is.EqualTo(SyscallStatus.OutOfMemory));
        Assert.That(pmm, Is.Null);
    }

    [Test]
    public void Allocate_is_first_fit_and_free_restores_the_count()
    {
        PhysicalMemoryManager pmm = Small();
        SyscallResult a = pmm.Allocate(1);
        SyscallResult b = pmm.Allocate(1);
        Assert.Multiple(() =>
        {
            Assert.That(a.Value, Is.EqualTo(MiB + 0x1000));
            Assert.That(b.Value, Is.EqualTo(MiB + 0x2000));
            Assert.That(pmm.FreePages, Is.EqualTo(253UL));
            Assert.That(pmm.IsAllocated(a.Value), Is.True);
        });
        Assert.That(pmm.Free(a.Value, 1), Is.EqualTo(SyscallStatus.Ok));
        Assert.That(pmm.Free(b.Value, 1), Is.EqualTo(SyscallStatus.Ok));
        Assert.That(pmm.FreePages, Is.EqualTo(255UL));
        Assert.That(pmm.Allocate(1).Value, Is.EqualTo(a.Value));
    }

    [Test]
    public void Auto_alignment_prefers_natural_alignment()
    {
        PhysicalMemoryManager pmm = Small();
        pmm.Allocate(1); // 0x101000
        SyscallResult four = pmm.Allocate(4);
        SyscallResult eight = pmm.Allocate(8);
        SyscallResult three = pmm.Allocate(3);
        SyscallResult two = pmm.Allocate(2);
        Assert.Multiple(() =>
        {
            Assert.That(four.Value, Is.EqualTo(0x10_4000UL));
            Assert.That(eight.Value, Is.EqualTo(0x10_8000UL));
            // 3 pages: natural alignment is 8 KiB (2^floor(log2 3) pages); the 8 KiB hole at
            // 0x102000 is too short, so the run starts at the next 8 KiB boundary after the others.
            Assert.That(three.Value, Is.EqualTo(0x11_0000UL));
            Assert.That(two.Value, Is.EqualTo(0x10_2000UL));
        });
    }

    [Test]
    public void Auto_alignment_falls_back_to_weaker_alignment_when_fragmented()
    {
        // Usable 0x101000..0x10A000 only (9 pages, one metadata): no 16 KiB aligned run of 4 pages
        // survives once 0x104000 and 0x108000 are taken, but an unaligned one does.
        PhysicalMemoryManager pmm = Create(new MemoryMapEntry(0x10_1000, 0x9000, MemoryKind.Usable));
        Assert.That(pmm.MetadataBase, Is.EqualTo(0x10_1000UL));
        Assert.That(pmm.AllocateAt(0x10_4000, 1).IsSuccess, Is.True);
        Assert.That(pmm.AllocateAt(0x10_8000, 1).IsSuccess, Is.True);
        SyscallResult three = pmm.Allocate(3);
        Assert.That(three.Status, Is.EqualTo(SyscallStatus.Ok));
        Assert.That(three.Value, Is.EqualTo(0x10_5000UL));
        Assert.That(pmm.Allocate(4).Status, Is.EqualTo(SyscallStatus.OutOfMemory));
        Assert.That(pmm.Allocate(2).Value, Is.EqualTo(0x10_2000UL));
    }

    [Test]
    public void Explicit_alignment_does_not_fall_back()
    {
        PhysicalMemoryManager pmm = Small();
        SyscallResult mib = pmm.Allocate(1, 20);
        Assert.That(mib.Status, Is.EqualTo(SyscallStatus.OutOfMemory), "the only 1 MiB aligned page is the metadata page");
        SyscallResult k64 = pmm.Allocate(1, 16);
        Assert.That(k64.Value, Is.EqualTo(0x11_0000UL));
        Assert.That(pmm.Allocate(1, 0).Value, Is.EqualTo(0x10_1000UL), "alignments below a page mean page alignment");
        Assert.That(pmm.Allocate(1, 64).Status, Is.EqualTo(SyscallStatus.BadArgument));
    }

    [Test]
    public void Fragmentation_limits_contiguous_runs_and_freeing_heals_them()
    {
        PhysicalMemoryManager pmm = Small();
        var pages = new ulong[255];
        for (int i = 0; i < pages.Length; i++)
        {
            pages[i] = pmm.Allocate(1).Value;
        }

        // Free every other page: plenty of free memory, no run longer than one page.
        for (int i = 0; i < pages.Length; i += 2)
        {
            Assert.That(pmm.Free(pages[i], 1), Is.EqualTo(SyscallStatus.Ok));
        }

        Assert.That(pmm.FreePages, Is.EqualTo(128UL));
        Assert.That(pmm.LargestFreeRun(), Is.EqualTo(1UL));
        Assert.That(pmm.Allocate(2).Status, Is.EqualTo(SyscallStatus.OutOfMemory));

        for (int i = 1; i < pages.Length; i += 2)
        {
            Assert.That(pmm.Free(pages[i], 1), Is.EqualTo(SyscallStatus.Ok));
        }

        Assert.That(pmm.LargestFreeRun(), Is.EqualTo(255UL));
        Assert.That(pmm.Allocate(128).Value, Is.EqualTo(0x18_0000UL));
    }

    [Test]
    public void Exhaustion_reports_out_of_memory_with_the_free_count()
    {
        PhysicalMemoryManager pmm = Small();
        Assert.That(pmm.Allocate(256).Status, Is.EqualTo(SyscallStatus.OutOfMemory));
        Assert.That(pmm.Allocate(255).IsSuccess, Is.True);
        SyscallResult none = pmm.Allocate(1);
        Assert.That(none.Status, Is.EqualTo(SyscallStatus.OutOfMemory));
        Assert.That(none.Value, Is.EqualTo(0UL));
        Assert.That(pmm.Allocate(ulong.MaxValue).Status, Is.EqualTo(SyscallStatus.OutOfMemory));
        Assert.That(pmm.Allocate(0).Status, Is.EqualTo(SyscallStatus.BadArgument));
    }

    [Test]
    public void Free_detects_double_free_unaligned_and_out_of_range_and_changes_nothing()
    {
        PhysicalMemoryManager pmm = Small();
        ulong a = pmm.Allocate(4).Value;
        Assert.That(pmm.Free(a + 0x1000, 1), Is.EqualTo(SyscallStatus.Ok));
        ulong free = pmm.FreePages;

        SyscallResult twice = pmm.FreeChecked(a, 4);
        Assert.Multiple(() =>
        {
            Assert.That(twice.Status, Is.EqualTo(SyscallStatus.BadState));
            Assert.That(twice.Value, Is.EqualTo(a + 0x1000), "diagnostic names the already-free page");
            Assert.That(pmm.FreePages, Is.EqualTo(free), "all-or-nothing");
            Assert.That(pmm.IsAllocated(a), Is.True);
            Assert.That(pmm.Free(a + 1, 1), Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(pmm.Free(a, 0), Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(pmm.Free(0x4000_0000, 1), Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(pmm.Free(0x1F_F000, 2), Is.EqualTo(SyscallStatus.BadArgument), "range runs past the end");
            Assert.That(pmm.Free(pmm.MetadataBase, 1), Is.EqualTo(SyscallStatus.BadArgument), "metadata is not freeable");
            Assert.That(pmm.Free(0x1F_F000, ulong.MaxValue), Is.EqualTo(SyscallStatus.BadArgument));
        });
    }

    [Test]
    public void AllocateAt_takes_fixed_ranges_and_reports_conflicts()
    {
        PhysicalMemoryManager pmm = Small();
        Assert.That(pmm.AllocateAt(0x18_0000, 4).Value, Is.EqualTo(0x18_0000UL));
        SyscallResult clash = pmm.AllocateAt(0x17_E000, 4);
        Assert.Multiple(() =>
        {
            Assert.That(clash.Status, Is.EqualTo(SyscallStatus.Conflict));
            Assert.That(clash.Value, Is.EqualTo(0x18_0000UL));
            Assert.That(pmm.FreePages, Is.EqualTo(251UL));
            Assert.That(pmm.AllocateAt(0x18_0800, 1).Status, Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(pmm.AllocateAt(0x20_0000, 1).Status, Is.EqualTo(SyscallStatus.BadArgument));
        });
        // First fit steps around the fixed range.
        Assert.That(pmm.Allocate(0x7F).Value, Is.EqualTo(0x10_1000UL));
        Assert.That(pmm.Allocate(2).Value, Is.EqualTo(0x18_4000UL));
    }

    [Test]
    public void Spans_with_holes_manage_only_usable_pages()
    {
        PhysicalMemoryManager pmm = Create(
            new MemoryMapEntry(MiB, MiB, MemoryKind.Usable),
            new MemoryMapEntry(0xFEC0_0000, 0x1000, MemoryKind.Mmio),
            new MemoryMapEntry(0x1_0000_0000, MiB, MemoryKind.Usable));
        Assert.That(pmm.TotalPages, Is.EqualTo(512UL - pmm.MetadataPages));
        ulong all = pmm.TotalPages;
        for (ulong i = 0; i < all; i++)
        {
            SyscallResult page = pmm.Allocate(1);
            Assert.That(page.IsSuccess, Is.True);
            Assert.That(pmm.IsManaged(page.Value), Is.True);
        }

        Assert.That(pmm.Allocate(1).Status, Is.EqualTo(SyscallStatus.OutOfMemory));
    }

    [Test]
    [CancelAfter(20_000)]
    public void Filling_4_GiB_page_by_page_stays_linear()
    {
        PhysicalMemoryManager pmm = Create(new MemoryMapEntry(MiB, 4096 * MiB, MemoryKind.Usable));
        ulong total = pmm.TotalPages;
        ulong previous = 0;
        for (ulong i = 0; i < total; i++)
        {
            SyscallResult page = pmm.Allocate(1);
            if (!page.IsSuccess || page.Value <= previous)
            {
                Assert.Fail($"allocation {i} failed or was not first fit: {page.Status} {page.Value:x}");
            }

            previous = page.Value;
        }

        Assert.That(pmm.Allocate(1).Status, Is.EqualTo(SyscallStatus.OutOfMemory));
        Assert.That(pmm.Free(0x8000_0000, 1), Is.EqualTo(SyscallStatus.Ok));
        Assert.That(pmm.Free(0x4000_0000, 1), Is.EqualTo(SyscallStatus.Ok));
        Assert.That(pmm.Allocate(1).Value, Is.EqualTo(0x4000_0000UL), "a freed low page is found again");
        Assert.That(pmm.Allocate(1).Value, Is.EqualTo(0x8000_0000UL));
    }
}
