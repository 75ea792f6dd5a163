using Framework.Util;

namespace Framework.Util.Tests;

/// <summary>
/// <see cref="AllocatorAvl"/> against a reference model that knows the state of every address of
/// a small address space (unmanaged, free, or used by allocation n), under seeded random sequences
/// of every operation; after each operation the allocator's blocks must be exactly the model's.
/// </summary>
[TestFixture]
public sealed class AllocatorAvlTests
{
    private const int Space = 1536;
    private const int Unmanaged = -1;
    private const int Free = 0;

    /// <summary>The reference: per address, Unmanaged, Free, or the id (1, 2, ...) of the allocation holding it.</summary>
    private sealed class Model
    {
        public readonly int[] State = Enumerable.Repeat(Unmanaged, Space).ToArray();
        private int _nextId = 1;

        public bool All(ulong addr, ulong size, Func<int, bool> pred)
        {
            for (ulong a = addr; a < addr + size; a++)
                if (!pred(State[a])) return false;
            return true;
        }

        public bool Any(ulong addr, ulong size, Func<int, bool> pred) => !All(addr, size, s => !pred(s));

        public void Set(ulong addr, ulong size, int state)
        {
            for (ulong a = addr; a < addr + size; a++)
                State[a] = state;
        }

        public int NewId() => _nextId++;

        public ulong FreeBytes => (ulong)State.Count(s => s == Free);

        /// <summary>The blocks the allocator must have: maximal free runs, and each allocation.</summary>
        public List<(ulong Addr, ulong Size, bool Used)> Blocks()
        {
            var list = new List<(ulong, ulong, bool)>();
            int i = 0;
            while (i < Space)
            {
                int s = State[i];
                int j = i;
                while (j < Space && State[j] == s) j++;
                if (s != Unmanaged)
                    list.Add(((ulong)i, (ulong)(j - i), s != Free));
                i = j;
            }
            return list;
        }

        public bool FitsSomewhere(ulong size, int alignLog2)
        {
            ulong step = 1UL << alignLog2;
            for (ulong a = 0; a + size <= Space; a += step)
                if (All(a, size, s => s == Free)) return true;
            return false;
        }
    }

    [Test]
    public void Random_operations_agree_with_the_reference_model([Values(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)] int seed)
    {
        var rng = new Random(seed);
        var alloc = new AllocatorAvl(maxBlocks: 10_000);
        var model = new Model();
        int operations = 0, allocations = 0, failedAllocations = 0, maxDepth = 0;

        for (int step = 0; step < 3000; step++)
        {
            ulong addr = (ulong)rng.Next(Space);
            ulong size = (ulong)rng.Next(1, 1 + Math.Min(200, Space - (int)addr));
            string op;
            switch (rng.Next(10))
            {
                case 0:
                {
                    op = $"add_range({addr}, {size})";
                    var expected = model.Any(addr, size, s => s != Unmanaged) ? RangeResult.Conflict : RangeResult.Ok;
                    Assert.That(alloc.AddRange(addr, size), Is.EqualTo(expected), op);
                    if (expected == RangeResult.Ok) model.Set(addr, size, Free);
                    break;
                }
                case 1:
                {
                    op = $"remove_range({addr}, {size})";
                    bool inUse = model.Any(addr, size, s => s > 0);
                    Assert.That(alloc.RemoveRange(addr, size), Is.EqualTo(inUse ? RangeResult.RangeInUse : RangeResult.Ok), op);
                    if (!inUse)
                        model.Set(addr, size, Unmanaged);
                    else
                        // which free parts went before the used block was met depends on the tree:
                        // take the allocator's word for free addresses inside the range only
                        for (ulong a = addr; a < addr + size; a++)
                            if (model.State[a] == Free && !alloc.ValidAddr(a))
                                model.State[a] = Unmanaged;
                    break;
                }
                case 2:
                {
                    op = $"alloc_addr({size}, {addr})";
                    bool ok = model.All(addr, size, s => s == Free);
                    Assert.That(alloc.AllocAddr(size, addr), Is.EqualTo(ok ? AllocReturn.Ok : AllocReturn.RangeConflict), op);
                    if (ok) model.Set(addr, size, model.NewId());
                    break;
                }
                case 3:
                case 4:
                case 5:
                {
                    int align = rng.Next(4) == 0 ? rng.Next(0, 9) : 0;
                    size = (ulong)rng.Next(1, 120);
                    op = $"alloc_aligned({size}, {align})";
                    bool fits = model.FitsSomewhere(size, align);
                    bool ok = alloc.TryAllocAligned(size, align, out ulong got);
                    Assert.That(ok, Is.EqualTo(fits), op);
                    allocations++;
                    if (!ok)
                    {
                        failedAllocations++;
                        break;
                    }
                    Assert.That(got % (1UL << align), Is.Zero, $"{op} gave unaligned {got}");
                    Assert.That(got + size <= Space && model.All(got, size, s => s == Free), Is.True, $"{op} gave {got}, which is not free");
                    model.Set(got, size, model.NewId());
                    break;
                }
                case 6:
                case 7:
                {
                    // free an allocation by an address inside it, or an address in no allocation
                    op = $"free({addr})";
                    int id = model.State[addr];
                    alloc.Free(addr);
                    if (id > 0)
                        for (int a = 0; a < Space; a++)
                            if (model.State[a] == id) model.State[a] = Free;
                    break;
                }
                case 8:
                    op = $"valid_addr({addr})";
                    Assert.That(alloc.ValidAddr(addr), Is.EqualTo(model.State[addr] != Unmanaged), op);
                    break;
                default:
                {
                    op = $"size_at({addr})";
                    int id = model.State[addr];
                    bool start = id > 0 && (addr == 0 || model.State[addr - 1] != id);
                    Assert.That(alloc.TrySizeAt(addr, out ulong sz), Is.EqualTo(start), op);
                    if (start)
                        Assert.That(sz, Is.EqualTo((ulong)model.State.Count(s => s == id)), op);
                    break;
                }
            }
            operations++;
            Assert.That(alloc.StaleMaxAvail(), Is.Null, $"after step {step}: {op}");
            Assert.That(alloc.Blocks(), Is.EqualTo(model.Blocks()), $"blocks after step {step}: {op}");
            Assert.That(alloc.Avail(), Is.EqualTo(model.FreeBytes), $"avail after step {step}: {op}");
            Assert.That(alloc.BlockCount, Is.EqualTo(model.Blocks().Count), $"meta data after step {step}: {op}");
            maxDepth = Math.Max(maxDepth, alloc.TreeDepth);
            // An AVL tree of n nodes is at most 1.44 log2(n + 2) deep.
            Assert.That(alloc.TreeDepth, Is.LessThanOrEqualTo((int)(1.45 * Math.Log2(alloc.BlockCount + 2)) + 1), $"depth after {op}");
        }
        TestContext.Out.WriteLine($"seed {seed}: {operations} operations ({allocations} allocations, {failedAllocations} refused), tree depth at most {maxDepth}");
    }

    [Test]
    public void Allocation_cuts_and_free_merges()
    {
        var a = new AllocatorAvl();
        Assert.That(a.AddRange(0x1000, 0x1000), Is.EqualTo(RangeResult.Ok));
        Assert.That(a.TryAllocAligned(0x100, 8, out ulong first), Is.True);
        Assert.That(a.AllocAddr(0x10, 0x1800), Is.EqualTo(AllocReturn.Ok));
        Assert.That(a.Blocks(), Is.EqualTo(new[]
        {
            (0x1000UL, 0x100UL, true), (0x1100UL, 0x700UL, false), (0x1800UL, 0x10UL, true), (0x1810UL, 0x7f0UL, false),
        }));
        Assert.That(first, Is.EqualTo(0x1000UL));
        Assert.That(a.Avail(), Is.EqualTo(0x1000UL - 0x110));
        a.Free(0x1805); // any address inside the block frees it
        a.Free(first);
        Assert.That(a.Blocks(), Is.EqualTo(new[] { (0x1000UL, 0x1000UL, false) }));
    }

    [Test]
    public void Adjacent_ranges_merge_and_overlapping_ones_conflict()
    {
        var a = new AllocatorAvl();
        Assert.That(a.AddRange(0x2000, 0x1000), Is.EqualTo(RangeResult.Ok));
        Assert.That(a.AddRange(0x1000, 0x1000), Is.EqualTo(RangeResult.Ok));
        Assert.That(a.AddRange(0x3000, 0x1000), Is.EqualTo(RangeResult.Ok));
        Assert.That(a.Blocks(), Is.EqualTo(new[] { (0x1000UL, 0x3000UL, false) }));
        Assert.That(a.AddRange(0x3fff, 2), Is.EqualTo(RangeResult.Conflict));
        Assert.That(a.AddRange(0, 0x1001), Is.EqualTo(RangeResult.Conflict));
    }

    [Test]
    public void Sizes_of_zero_and_ranges_wrapping_past_the_address_space_are_refused()
    {
        var a = new AllocatorAvl();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.AddRange(0x1000, 0), Is.EqualTo(RangeResult.InvalidRange));
            Assert.That(a.AddRange(ulong.MaxValue - 4, 16), Is.EqualTo(RangeResult.InvalidRange));
            Assert.That(a.RemoveRange(0x1000, 0), Is.EqualTo(RangeResult.InvalidRange));
            Assert.That(a.AllocAddr(16, ulong.MaxValue - 4), Is.EqualTo(AllocReturn.RangeConflict));
            Assert.That(a.AddRange(0x1000, 0x1000), Is.EqualTo(RangeResult.Ok));
            Assert.That(a.TryAlloc(0, out _), Is.False);
            Assert.That(a.TryAllocAligned(16, 64, out _), Is.False);
            Assert.That(a.TryAllocAligned(16, -1, out _), Is.False);
            Assert.That(a.TryAlloc(0x1001, out _), Is.False);
        }
    }

    [Test]
    public void Ranges_at_the_top_of_the_address_space_work()
    {
        var a = new AllocatorAvl();
        ulong top = ulong.MaxValue - 0x1001; // Genode's _sum_in_range: addr + size stays below 2^64 - 1
        Assert.That(a.AddRange(top, 0x1000), Is.EqualTo(RangeResult.Ok));
        Assert.That(a.TryAllocAligned(0xfff, 12, out ulong got), Is.False, "the only 4K-aligned address has 0xffe bytes above it");
        Assert.That(a.TryAllocAligned(0xffe, 12, out got), Is.True);
        Assert.That(got, Is.EqualTo(0xffff_ffff_ffff_f000UL));
        Assert.That(a.TryAlloc(0x1000 - 0xffe, out got), Is.True);
        Assert.That(got, Is.EqualTo(top));
        Assert.That(a.Avail(), Is.Zero);
    }

    [Test]
    public void Running_out_of_meta_data_fails_without_effect()
    {
        var a = new AllocatorAvl(maxBlocks: 3);
        Assert.That(a.AddRange(0, 0x1000), Is.EqualTo(RangeResult.Ok));
        // a cut in the middle needs three more blocks of meta data beside the one in use
        Assert.That(a.AllocAddr(0x10, 0x800), Is.EqualTo(AllocReturn.OutOfMetadata));
        Assert.That(a.Blocks(), Is.EqualTo(new[] { (0UL, 0x1000UL, false) }));
        Assert.That(a.BlockCount, Is.EqualTo(1));
        // at the start no padding block is needed, but 12.02's order takes the meta data first
        Assert.That(a.TryAlloc(0x10, out _), Is.False);
        var b = new AllocatorAvl(maxBlocks: 4);
        Assert.That(b.AddRange(0, 0x1000), Is.EqualTo(RangeResult.Ok));
        Assert.That(b.AllocAddr(0x10, 0x800), Is.EqualTo(AllocReturn.Ok));
        Assert.That(b.TryAlloc(0x10, out _), Is.False, "all four blocks in use");
        b.Free(0x800);
        Assert.That(b.Blocks(), Is.EqualTo(new[] { (0UL, 0x1000UL, false) }));
    }

    [Test]
    public void Removing_a_range_with_an_allocation_in_it_reports_it()
    {
        var a = new AllocatorAvl();
        a.AddRange(0, 0x1000);
        Assert.That(a.AllocAddr(0x100, 0x400), Is.EqualTo(AllocReturn.Ok));
        Assert.That(a.RemoveRange(0x300, 0x300), Is.EqualTo(RangeResult.RangeInUse));
        Assert.That(a.ValidAddr(0x450), Is.True, "the allocation stays");
        Assert.That(a.RemoveRange(0x800, 0x100), Is.EqualTo(RangeResult.Ok));
        Assert.That(a.ValidAddr(0x850), Is.False);
        Assert.That(a.ValidAddr(0x900), Is.True);
    }

    [Test]
    public void Best_fit_follows_12_02_and_may_take_the_larger_block()
    {
        var a = new AllocatorAvl();
        a.AddRange(0x10000, 0x1000);
        a.AddRange(0x20000, 0x100);
        Assert.That(a.TryAlloc(0x80, out ulong got), Is.True);
        // 12.02's find_best_fit keeps a fitting node over a fitting descendant when the request is
        // smaller than the descendant: the root [0x10000, +0x1000) wins over [0x20000, +0x100).
        Assert.That(got, Is.EqualTo(0x10000UL));
    }
}
