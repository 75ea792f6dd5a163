using Framework.Kernel.Native;
using Framework.Kernel.Native.Memory;

namespace Framework.Kernel.Native.Tests;

[TestFixture]
public sealed class AddressSpaceTests
{
    private const ulong Va = 0x40_0000;
    private const ulong Pa = 0x20_0000;

    [Test]
    public void Default_layout_is_the_lower_half_above_the_guard_page()
    {
        AddressSpaceLayout layout = AddressSpaceLayout.Default;
        Assert.Multiple(() =>
        {
            Assert.That(layout.UserBase, Is.EqualTo(0x1000UL));
            Assert.That(layout.UserEnd, Is.EqualTo(0x8000_0000_0000UL));
            Assert.That(layout.IsValid, Is.True);
            Assert.That(new AddressSpaceLayout(0, 0x10_0000).IsValid, Is.False, "page 0 must stay a guard");
            Assert.That(layout.Contains(0x7FFF_FFFF_F000, 0x1000), Is.True);
            Assert.That(layout.Contains(0x7FFF_FFFF_F000, 0x2000), Is.False);
        });
        var space = new AddressSpace(4, 1, new AddressSpaceLayout(0, 0x10_0000));
        Assert.That(space.Layout.UserBase, Is.EqualTo(0x1000UL), "an invalid layout falls back to the default");
    }

    [Test]
    public void Map_and_translate_with_offsets_and_rights()
    {
        var space = new AddressSpace(16, 1);
        SyscallResult map = space.Map(Va, Pa, 3, MemoryRights.ReadExecute);
        Assert.That(map.Status, Is.EqualTo(SyscallStatus.Ok));
        Assert.That(map.Value, Is.EqualTo(3UL));

        Translation exec = space.Translate(Va + 0x2ABC, MemoryRights.Execute);
        Translation write = space.Translate(Va + 0x10, MemoryRights.Write);
        Translation none = space.Translate(Va + 0x3000, MemoryRights.Read);
        Assert.Multiple(() =>
        {
            Assert.That(exec.IsSuccess, Is.True);
            Assert.That(exec.PhysicalAddress, Is.EqualTo(Pa + 0x2ABC));
            Assert.That(exec.Rights, Is.EqualTo(MemoryRights.ReadExecute));
            Assert.That(write.Fault, Is.EqualTo(FaultKind.AccessViolation));
            Assert.That(write.Access, Is.EqualTo(MemoryRights.Write));
            Assert.That(write.VirtualAddress, Is.EqualTo(Va + 0x10));
            Assert.That(none.Fault, Is.EqualTo(FaultKind.NotMapped));
            Assert.That(space.Translate(Va, MemoryRights.None).IsSuccess, Is.True, "access None only asks whether it is mapped");
            Assert.That(space.MappedPages, Is.EqualTo(3));
        });
    }

    [Test]
    public void Guard_page_and_window_bounds_are_enforced()
    {
        var space = new AddressSpace(16, 1);
        Assert.Multiple(() =>
        {
            Assert.That(space.Map(0, Pa, 1, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(space.Map(0, Pa, 1, MemoryRights.Read).Value, Is.EqualTo(0UL), "diagnostic: argument 0");
            Assert.That(space.Translate(0, MemoryRights.Read).Fault, Is.EqualTo(FaultKind.NotMapped));
            Assert.That(space.Translate(0x123, MemoryRights.None).Fault, Is.EqualTo(FaultKind.NotMapped));
            Assert.That(space.Map(0x7FFF_FFFF_F000, Pa, 1, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.Ok));
            Assert.That(space.Map(0x7FFF_FFFF_E000, Pa, 3, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(space.Map(0x8000_0000_0000, Pa, 1, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(space.Map(0xFFFF_FFFF_FFFF_F000, Pa, 2, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.BadArgument));
        });
    }

    [Test]
    public void Map_validates_arguments_with_argument_index()
    {
        var space = new AddressSpace(16, 1);
        Assert.Multiple(() =>
        {
            Assert.That(space.Map(Va + 8, Pa, 1, MemoryRights.Read).Value, Is.EqualTo(0UL));
            Assert.That(space.Map(Va, Pa + 8, 1, MemoryRights.Read).Value, Is.EqualTo(1UL));
            Assert.That(space.Map(Va, Pa, 0, MemoryRights.Read).Value, Is.EqualTo(2UL));
            Assert.That(space.Map(Va, Pa, 1, MemoryRights.None).Value, Is.EqualTo(3UL));
            Assert.That(space.Map(Va, Pa, 1, (MemoryRights)8).Value, Is.EqualTo(3UL));
            Assert.That(space.Map(Va, 0xFFFF_FFFF_FFFF_F000, 2, MemoryRights.Read).Value, Is.EqualTo(1UL), "physical range wraps");
            Assert.That(space.MappedPages, Is.Zero);
        });
    }

    [Test]
    public void Conflicting_mappings_are_rejected_atomically_but_identical_ones_are_accepted()
    {
        var space = new AddressSpace(16, 1);
        space.Map(Va + 0x2000, Pa + 0x2000, 1, MemoryRights.Read);

        SyscallResult overlapIdentical = space.Map(Va, Pa, 4, MemoryRights.Read);
        Assert.That(overlapIdentical.Status, Is.EqualTo(SyscallStatus.Ok));
        Assert.That(overlapIdentical.Value, Is.EqualTo(3UL), "only the new pages count");

        SyscallResult clash = space.Map(Va + 0x3000, Pa + 0x9000, 2, MemoryRights.Read);
        Assert.Multiple(() =>
        {
            Assert.That(clash.Status, Is.EqualTo(SyscallStatus.Conflict));
            Assert.That(clash.Value, Is.EqualTo(Va + 0x3000));
            Assert.That(space.Translate(Va + 0x4000, MemoryRights.Read).Fault, Is.EqualTo(FaultKind.NotMapped), "nothing half-mapped");
            Assert.That(space.Map(Va, Pa, 1, MemoryRights.ReadWrite).Status, Is.EqualTo(SyscallStatus.Conflict), "different rights");
            Assert.That(space.MappedPages, Is.EqualTo(4));
        });
    }

    [Test]
    public void Unmap_skips_holes_and_reports_the_count()
    {
        var space = new AddressSpace(16, 1);
        space.Map(Va, Pa, 2, MemoryRights.Read);
        space.Map(Va + 0x5000, Pa, 1, MemoryRights.Read);
        Assert.That(space.Unmap(Va + 0x1000, 8).Value, Is.EqualTo(2UL));
        Assert.That(space.Unmap(Va + 0x1000, 8).Value, Is.EqualTo(0UL));
        Assert.That(space.Unmap(Va + 1, 1).Status, Is.EqualTo(SyscallStatus.BadArgument));
        Assert.That(space.Unmap(Va, 0).Value, Is.EqualTo(0UL));
        Assert.That(space.MappedPages, Is.EqualTo(1));
        Assert.That(space.Translate(Va, MemoryRights.Read).PhysicalAddress, Is.EqualTo(Pa));
    }

    [Test]
    public void Unmap_of_a_huge_range_scans_the_table_instead_of_pages()
    {
        var space = new AddressSpace(64, 1);
        for (ulong i = 0; i < 40; i++)
        {
            space.Map(Va + (i * 0x10_0000), Pa, 1, MemoryRights.Read);
        }

        space.Map(0x7000_0000_0000, Pa, 1, MemoryRights.Read);
        SyscallResult all = space.Unmap(0x1000, (0x8000_0000_0000 - 0x1000) >> 12);
        Assert.That(all.Value, Is.EqualTo(41UL));
        Assert.That(space.MappedPages, Is.Zero);
    }

    [Test]
    public void Table_stays_usable_after_many_map_unmap_cycles_at_full_capacity()
    {
        var space = new AddressSpace(32, 1);
        var rng = new Random(42);
        var live = new ulong[32];
        int count = 0;
        for (int step = 0; step < 20_000; step++)
        {
            if (count < 32 && (count == 0 || rng.Next(2) == 0))
            {
                ulong va = 0x1000UL * (ulong)rng.Next(1, 1 << 20);
                if (space.Translate(va, MemoryRights.None).IsSuccess)
                {
                    continue;
                }

                Assert.That(space.Map(va, va, 1, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.Ok));
                live[count++] = va;
            }
            else
            {
                int victim = rng.Next(count);
                Assert.That(space.Unmap(live[victim], 1).Value, Is.EqualTo(1UL));
                live[victim] = live[--count];
            }

            Assert.That(space.MappedPages, Is.EqualTo(count));
        }

        for (int i = 0; i < count; i++)
        {
            Assert.That(space.Translate(live[i] + 5, MemoryRights.Read).PhysicalAddress, Is.EqualTo(live[i] + 5));
        }
    }

    [Test]
    public void Full_table_reports_out_of_slots_without_partial_mapping()
    {
        var space = new AddressSpace(4, 1);
        Assert.That(space.Map(Va, Pa, 3, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.Ok));
        Assert.That(space.Map(Va + 0x10000, Pa, 2, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.OutOfSlots));
        Assert.That(space.Map(Va + 0x10000, Pa, 5, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.OutOfSlots));
        Assert.That(space.MappedPages, Is.EqualTo(3));
        Assert.That(space.FreeMappingSlots, Is.EqualTo(1));
        Assert.That(space.Map(Va, Pa, 3, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.Ok), "identical remap needs no slot");
    }

    [Test]
    public void Protect_changes_rights_of_mapped_pages_only()
    {
        var space = new AddressSpace(16, 1);
        space.Map(Va, Pa, 2, MemoryRights.Read);
        SyscallResult changed = space.Protect(Va, 4, MemoryRights.ReadWrite);
        Assert.Multiple(() =>
        {
            Assert.That(changed.Value, Is.EqualTo(2UL));
            Assert.That(space.Translate(Va + 0x1000, MemoryRights.Write).IsSuccess, Is.True);
            Assert.That(space.Protect(Va, 1, MemoryRights.None).Status, Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(space.Protect(Va + 4, 1, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.BadArgument));
            Assert.That(space.Protect(0x1000, 0x7FFF_FFFF_F, MemoryRights.Read).Value, Is.EqualTo(2UL), "huge range");
            Assert.That(space.Translate(Va, MemoryRights.Write).Fault, Is.EqualTo(FaultKind.AccessViolation));
        });
    }

    [Test]
    public void Cursor_enumerates_mappings_in_ascending_order_for_small_and_huge_ranges()
    {
        var space = new AddressSpace(16, 1);
        space.Map(Va + 0x5000, Pa + 0x5000, 1, MemoryRights.Read);
        space.Map(Va, Pa, 2, MemoryRights.ReadWrite);
        space.Map(0x7000_0000_0000, 0x9000, 1, MemoryRights.Execute);

        var small = new ulong[8];
        int n = 0;
        MappingCursor cursor = space.Mappings(Va, 8);
        while (cursor.MoveNext())
        {
            small[n++] = cursor.Current.VirtualAddress;
        }

        Assert.That(small[..n], Is.EqualTo(new[] { Va, Va + 0x1000, Va + 0x5000 }));

        var all = new Mapping[8];
        n = 0;
        cursor = space.Mappings(0, ulong.MaxValue);
        while (cursor.MoveNext())
        {
            all[n++] = cursor.Current;
        }

        Assert.That(n, Is.EqualTo(4));
        Assert.Multiple(() =>
        {
            Assert.That(all[0].VirtualAddress, Is.EqualTo(Va));
            Assert.That(all[1].PhysicalAddress, Is.EqualTo(Pa + 0x1000));
            Assert.That(all[2].VirtualAddress, Is.EqualTo(Va + 0x5000));
            Assert.That(all[3].VirtualAddress, Is.EqualTo(0x7000_0000_0000UL));
            Assert.That(all[3].Rights, Is.EqualTo(MemoryRights.Execute));
            Assert.That(default(MappingCursor).MoveNext(), Is.False);
        });
    }

    [Test]
    public void UnmapAll_clears_direct_mappings()
    {
        var space = new AddressSpace(16, 1);
        space.Map(Va, Pa, 10, MemoryRights.Read);
        Assert.That(space.UnmapAll(), Is.EqualTo(10UL));
        Assert.That(space.MappedPages, Is.Zero);
        Assert.That(space.Map(Va, Pa + 0x1000, 16, MemoryRights.Read).Status, Is.EqualTo(SyscallStatus.Ok));
    }
}
