namespace Framework.Util;

/// <summary>Outcome of <see cref="AllocatorAvl.AllocAddr"/> (Genode's <c>Range_allocator::Alloc_return</c>).</summary>
public enum AllocReturn
{
    Ok,

    /// <summary>The allocator's bounded block meta data is used up.</summary>
    OutOfMetadata,

    /// <summary>The range is not entirely inside one free block, or it wraps around the address space.</summary>
    RangeConflict,
}

/// <summary>Outcome of <see cref="AllocatorAvl.AddRange"/> and <see cref="AllocatorAvl.RemoveRange"/>.</summary>
public enum RangeResult
{
    Ok,

    /// <summary>A size of 0, or a range that wraps around the end of the address space.</summary>
    InvalidRange,

    /// <summary>AddRange: the range overlaps a range already managed.</summary>
    Conflict,

    /// <summary>The allocator's bounded block meta data is used up.</summary>
    OutOfMetadata,

    /// <summary>RemoveRange: part of the range is allocated; the free parts before it were removed.</summary>
    RangeInUse,
}

/// <summary>
/// Genode's <c>Allocator_avl</c> (12.02 <c>base/include/base/allocator_avl.h</c>): a range
/// allocator over an address space of 64-bit addresses. The managed ranges are cut into blocks,
/// free or used, kept in an AVL tree ordered by address in which each node also knows the largest
/// free block of its subtree, so a fitting free block is found in logarithmic time.
/// </summary>
/// <remarks>
/// <para>
/// The tree and the block choices follow 12.02 step by step: its AVL insertion, removal and
/// rotations, and its <c>find_best_fit</c>, which prefers the subtree with the smaller largest
/// block and, despite its name, keeps a fitting node over a fitting descendant whenever the
/// request is smaller than that descendant. One correction (see <see cref="RecomputeDepth"/>):
/// 12.02 can leave an ancestor's largest-free-block value too small after a removal and then
/// refuses allocations that fit. Without the correction, this class gave the same results as
/// 12.02's own code compiled from its sources on 400,000 random operations; with it, results are
/// the same until the first operation where 12.02's stale value steers it elsewhere.
/// </para>
/// <para>
/// Bounded: block meta data comes from a pool of at most <c>maxBlocks</c> entries (Genode's
/// slab of <c>Block</c>s), grown on demand; when it is used up, operations report
/// <see cref="AllocReturn.OutOfMetadata"/>. Deliberate differences from 12.02, all for inputs
/// 12.02 leaves undefined: a size of 0 is refused; a range must end below 2^64 - 1 (12.02's
/// <c>_sum_in_range</c>, applied to every operation); alignments are log2 values from 0 to 63
/// (12.02 computes <c>1 &lt;&lt; align</c> in an int); and an allocation takes all the meta data
/// it needs before it changes anything.
/// </para>
/// <para>Not thread-safe: one owner (a component's entrypoint, a packet-stream source) uses it.</para>
/// </remarks>
public sealed class AllocatorAvl
{
    private const int Null = -1;
    private const int Sentinel = 0; // Genode's Avl_tree object: the real root is its left child
    private const int Left = 0;
    private const int Right = 1;

    private struct Block
    {
        public ulong Addr;
        public ulong Size;
        public ulong MaxAvail;
        public bool Used;
        public int Child0;
        public int Child1;
        public int Parent;
        public int Depth;
    }

    private Block[] _blocks;
    private readonly int _maxBlocks;
    private int _freeSlot = Null; // free-list of meta-data slots, linked through Child0
    private int _usedSlots = 1;   // slot 0 is the sentinel
    private int _blocksInUse;

    /// <param name="maxBlocks">most blocks (free and used together) the allocator keeps meta data for</param>
    public AllocatorAvl(int maxBlocks = 4096)
    {
        if (maxBlocks < 3)
            throw new ArgumentOutOfRangeException(nameof(maxBlocks), $"an allocator needs at least 3 blocks of meta data, not {maxBlocks}");
        _maxBlocks = maxBlocks;
        _blocks = new Block[Math.Min(maxBlocks, 64) + 1];
        _blocks[Sentinel] = new Block { Child0 = Null, Child1 = Null, Parent = Null, Depth = 1 };
    }

    /// <summary>Blocks (free and used) currently described by meta data.</summary>
    public int BlockCount => _blocksInUse;

    /// <summary>The bound given at construction.</summary>
    public int MaxBlocks => _maxBlocks;

    // ---- Range_allocator interface ---------------------------------------------------------

    /// <summary>
    /// Adds <c>[addr, addr + size)</c> to the managed address space, merged with free neighbours.
    /// </summary>
    public RangeResult AddRange(ulong addr, ulong size)
    {
        if (size == 0 || !SumInRange(addr, size))
            return RangeResult.InvalidRange;
        if (FindByAddress(addr, size, checkOverlap: true) != Null)
            return RangeResult.Conflict;
        int newBlock = AllocMetadata();
        if (newBlock == Null)
            return RangeResult.OutOfMetadata;

        // merge with predecessor
        int b;
        if (addr > 0 && (b = FindByAddress(addr - 1)) != Null && !_blocks[b].Used)
        {
            size += _blocks[b].Size;
            addr = _blocks[b].Addr;
            DestroyBlock(b);
        }

        // merge with successor
        if (SumInRange(addr, size) && (b = FindByAddress(addr + size)) != Null && !_blocks[b].Used)
        {
            size += _blocks[b].Size;
            DestroyBlock(b);
        }

        AddBlock(newBlock, addr, size, used: false);
        return RangeResult.Ok;
    }

    /// <summary>
    /// Removes <c>[addr, addr + size)</c> from the managed address space. Parts not managed are
    /// ignored; if an allocated block overlaps the range, the free parts met before it are gone
    /// and <see cref="RangeResult.RangeInUse"/> is reported (as 12.02 does).
    /// </summary>
    public RangeResult RemoveRange(ulong addr, ulong size)
    {
        if (size == 0 || !SumInRange(addr, size))
            return RangeResult.InvalidRange;
        while (true)
        {
            if (!AllocTwoMetadata(out int dst1, out int dst2))
                return RangeResult.OutOfMetadata;

            int b = FindByAddress(addr, size, checkOverlap: true);
            if (b == Null || _blocks[b].Used)
            {
                FreeMetadata(dst1);
                FreeMetadata(dst2);
                return b == Null ? RangeResult.Ok : RangeResult.RangeInUse;
            }

            ulong intersectBegin = Math.Max(addr, _blocks[b].Addr);
            ulong intersectEnd = Math.Min(addr + size - 1, _blocks[b].Addr + _blocks[b].Size - 1);
            CutFromBlock(b, intersectBegin, intersectEnd - intersectBegin + 1, dst1, dst2);
        }
    }

    /// <summary>Allocates <paramref name="size"/> bytes anywhere (Genode's <c>alloc</c>).</summary>
    public bool TryAlloc(ulong size, out ulong addr) => TryAllocAligned(size, 0, out addr);

    /// <summary>
    /// Allocates <paramref name="size"/> bytes at an address aligned to 2^<paramref name="alignLog2"/>
    /// (Genode's <c>alloc_aligned</c>); false if no free block fits or meta data is used up.
    /// </summary>
    public bool TryAllocAligned(ulong size, int alignLog2, out ulong addr)
    {
        addr = 0;
        if (size == 0 || alignLog2 is < 0 or > 63)
            return false;
        if (!AllocThreeMetadata(out int dst1, out int dst2, out int usedBlock))
            return false;

        int b = Root;
        b = b != Null ? FindBestFit(b, size, alignLog2) : Null;
        if (b == Null)
        {
            FreeMetadata(dst1);
            FreeMetadata(dst2);
            FreeMetadata(usedBlock);
            return false;
        }

        ulong newAddr = AlignAddr(_blocks[b].Addr, alignLog2);
        CutFromBlock(b, newAddr, size, dst1, dst2);
        AddBlock(usedBlock, newAddr, size, used: true);
        addr = newAddr;
        return true;
    }

    /// <summary>Allocates exactly <c>[addr, addr + size)</c>, which must lie inside one free block.</summary>
    public AllocReturn AllocAddr(ulong size, ulong addr)
    {
        if (size == 0 || !SumInRange(addr, size))
            return AllocReturn.RangeConflict;
        if (!AllocThreeMetadata(out int dst1, out int dst2, out int usedBlock))
            return AllocReturn.OutOfMetadata;

        int b = FindByAddress(addr, size);
        if (b == Null || _blocks[b].Used)
        {
            FreeMetadata(dst1);
            FreeMetadata(dst2);
            FreeMetadata(usedBlock);
            return AllocReturn.RangeConflict;
        }

        CutFromBlock(b, addr, size, dst1, dst2);
        AddBlock(usedBlock, addr, size, used: true);
        return AllocReturn.Ok;
    }

    /// <summary>
    /// Frees the allocated block that contains <paramref name="addr"/>; an address in no allocated
    /// block is ignored, as in Genode.
    /// </summary>
    public void Free(ulong addr)
    {
        int b = FindByAddress(addr);
        if (b == Null || !_blocks[b].Used)
            return;
        ulong blockAddr = _blocks[b].Addr;
        ulong blockSize = _blocks[b].Size;
        DestroyBlock(b);
        AddRange(blockAddr, blockSize);
    }

    /// <summary>The sum of all free blocks.</summary>
    public ulong Avail()
    {
        ulong sum = 0;
        Walk(Root, ref sum);
        return sum;

        void Walk(int n, ref ulong acc)
        {
            while (n != Null)
            {
                acc += AvailOf(n);
                Walk(_blocks[n].Child0, ref acc);
                n = _blocks[n].Child1;
            }
        }
    }

    /// <summary>True if <paramref name="addr"/> lies in a managed block, free or used.</summary>
    public bool ValidAddr(ulong addr) => FindByAddress(addr) != Null;

    /// <summary>The address of the root block, if there is any block (Genode's <c>any_block_addr</c>).</summary>
    public bool AnyBlockAddr(out ulong addr)
    {
        int b = Root;
        addr = b != Null ? _blocks[b].Addr : 0;
        return b != Null;
    }

    /// <summary>The size of the allocated block starting exactly at <paramref name="addr"/> (Genode's later <c>size_at</c>).</summary>
    public bool TrySizeAt(ulong addr, out ulong size)
    {
        int b = FindByAddress(addr);
        bool found = b != Null && _blocks[b].Used && _blocks[b].Addr == addr;
        size = found ? _blocks[b].Size : 0;
        return found;
    }

    /// <summary>All blocks in address order (for tests and diagnostics).</summary>
    public IReadOnlyList<(ulong Addr, ulong Size, bool Used)> Blocks()
    {
        var list = new List<(ulong, ulong, bool)>(_blocksInUse);
        InOrder(Root);
        return list;

        void InOrder(int n)
        {
            if (n == Null) return;
            InOrder(_blocks[n].Child0);
            list.Add((_blocks[n].Addr, _blocks[n].Size, _blocks[n].Used));
            InOrder(_blocks[n].Child1);
        }
    }

    /// <summary>Depth of the tree (for tests: the AVL property keeps it logarithmic).</summary>
    public int TreeDepth => Root == Null ? 0 : _blocks[Root].Depth;

    /// <summary>First node whose max_avail differs from its subtree's largest free block (debug).</summary>
    internal string? StaleMaxAvail()
    {
        string? found = null;
        Check(Root);
        return found;

        ulong Check(int n)
        {
            if (n == Null) return 0;
            ulong m = Math.Max(AvailOf(n), Math.Max(Check(_blocks[n].Child0), Check(_blocks[n].Child1)));
            if (m != _blocks[n].MaxAvail && found is null)
                found = $"block 0x{_blocks[n].Addr:x} max_avail {_blocks[n].MaxAvail}, subtree {m}";
            return m;
        }
    }

    // ---- blocks (12.02 Allocator_avl_base::Block) --------------------------------------------

    private int Root => _blocks[Sentinel].Child0;

    private static bool SumInRange(ulong addr, ulong offset) => ulong.MaxValue - addr > offset;

    private static ulong AlignAddr(ulong addr, int alignLog2)
    {
        ulong offset = (1UL << alignLog2) - 1;
        return (addr + offset) & ~offset; // wraps for addresses near 2^64; Fits() rejects that
    }

    private ulong AvailOf(int b) => _blocks[b].Used ? 0 : _blocks[b].Size;

    private ulong ChildMaxAvail(int b, int side)
    {
        int c = ChildOf(b, side);
        return c != Null ? _blocks[c].MaxAvail : 0;
    }

    private bool Fits(int b, ulong n, int alignLog2)
    {
        ulong a = AlignAddr(_blocks[b].Addr, alignLog2);
        return a >= _blocks[b].Addr && SumInRange(a, n) && a - _blocks[b].Addr + n <= AvailOf(b);
    }

    private int FindBestFit(int b, ulong size, int alignLog2)
    {
        // find child with lowest max_avail value
        int side = ChildMaxAvail(b, Right) < ChildMaxAvail(b, Left) ? Right : Left;

        // try to find best fitting block in both subtrees
        for (int i = 0; i < 2; i++, side = 1 - side)
        {
            if (ChildMaxAvail(b, side) < size)
                continue;
            int c = ChildOf(b, side);
            int res = c != Null ? FindBestFit(c, size, alignLog2) : Null;
            if (res != Null)
                return Fits(b, size, alignLog2) && size < _blocks[res].Size ? b : res;
        }
        return Fits(b, size, alignLog2) ? b : Null;
    }

    private int FindByAddress(ulong findAddr, ulong findSize = 0, bool checkOverlap = false)
    {
        // the following checks do not work for size 0
        findSize = findSize != 0 ? findSize : 1;
        ulong findLast = findAddr + findSize - 1; // callers keep ranges below 2^64
        int b = Root;
        while (b != Null)
        {
            ulong last = _blocks[b].Addr + _blocks[b].Size - 1;
            if (checkOverlap && findLast >= _blocks[b].Addr && last >= findAddr)
                return b;
            if (findAddr >= _blocks[b].Addr && findLast <= last)
                return b;
            b = ChildOf(b, findAddr >= _blocks[b].Addr ? Right : Left);
        }
        return Null;
    }

    private void Recompute(int b) =>
        _blocks[b].MaxAvail = Math.Max(Math.Max(ChildMaxAvail(b, Left), ChildMaxAvail(b, Right)), AvailOf(b));

    // ---- meta data --------------------------------------------------------------------------

    private int AllocMetadata()
    {
        int slot;
        if (_freeSlot != Null)
        {
            slot = _freeSlot;
            _freeSlot = _blocks[slot].Child0;
        }
        else
        {
            if (_usedSlots > _maxBlocks)
                return Null;
            if (_usedSlots == _blocks.Length)
                Array.Resize(ref _blocks, Math.Min(_blocks.Length * 2, _maxBlocks + 1));
            slot = _usedSlots++;
        }
        _blocksInUse++;
        return slot;
    }

    private void FreeMetadata(int slot)
    {
        if (slot == Null)
            return;
        _blocks[slot] = new Block { Child0 = _freeSlot };
        _freeSlot = slot;
        _blocksInUse--;
    }

    private bool AllocTwoMetadata(out int dst1, out int dst2)
    {
        dst1 = AllocMetadata();
        dst2 = AllocMetadata();
        if (dst1 != Null && dst2 != Null)
            return true;
        FreeMetadata(dst1);
        FreeMetadata(dst2);
        dst1 = dst2 = Null;
        return false;
    }

    /// <summary>
    /// The meta data of an allocation: the two blocks a cut may leave and the used block. 12.02
    /// takes the third only after the cut and, if it is missing then, loses the range; taking all
    /// three first keeps an allocation that fails for meta data without effect.
    /// </summary>
    private bool AllocThreeMetadata(out int dst1, out int dst2, out int dst3)
    {
        dst3 = Null;
        if (!AllocTwoMetadata(out dst1, out dst2))
            return false;
        dst3 = AllocMetadata();
        if (dst3 != Null)
            return true;
        FreeMetadata(dst1);
        FreeMetadata(dst2);
        dst1 = dst2 = Null;
        return false;
    }

    private void AddBlock(int slot, ulong addr, ulong size, bool used)
    {
        _blocks[slot] = new Block
        {
            Addr = addr, Size = size, Used = used, MaxAvail = used ? 0 : size,
            Child0 = Null, Child1 = Null, Parent = Null, Depth = 1,
        };
        Insert(Sentinel, slot);
    }

    private void DestroyBlock(int b)
    {
        Remove(b);
        FreeMetadata(b);
    }

    /// <summary>Replaces block <paramref name="b"/> by the free blocks before and after the cut range.</summary>
    private void CutFromBlock(int b, ulong addr, ulong size, int dst1, int dst2)
    {
        ulong blockAddr = _blocks[b].Addr, blockSize = _blocks[b].Size;
        ulong padding = addr > blockAddr ? addr - blockAddr : 0;
        ulong remaining = blockSize > size + padding ? blockSize - size - padding : 0;
        DestroyBlock(b);

        if (padding > 0)
            AddBlock(dst1, blockAddr, padding, used: false);
        else
            FreeMetadata(dst1);

        if (remaining > 0)
            AddBlock(dst2, addr + size, remaining, used: false);
        else
            FreeMetadata(dst2);
    }

    // ---- the AVL tree (12.02 base/src/base/avl_tree/avl_tree.cc) ---------------------------

    private int ChildOf(int n, int side) => side == Left ? _blocks[n].Child0 : _blocks[n].Child1;

    private void SetChild(int n, int side, int c)
    {
        if (side == Left) _blocks[n].Child0 = c;
        else _blocks[n].Child1 = c;
    }

    private int ChildDepth(int n, int side)
    {
        int c = ChildOf(n, side);
        return c != Null ? _blocks[c].Depth : 0;
    }

    private int Bias(int n) => ChildDepth(n, Right) > ChildDepth(n, Left) ? Right : Left;

    /// <summary>
    /// Genode's <c>_recompute_depth</c>, with one correction: 12.02 updates the parent before the
    /// node's own meta data and only when the depth changed, so after a removal an ancestor may
    /// keep a largest-free-block value that is too small, and <c>alloc</c> then fails although a
    /// fitting block exists (seen in randomized runs of 12.02's own code). Here the node is
    /// recomputed first and the parent whenever depth or largest free block changed.
    /// </summary>
    private void RecomputeDepth(int n)
    {
        int oldDepth = _blocks[n].Depth;
        ulong oldMaxAvail = _blocks[n].MaxAvail;
        _blocks[n].Depth = Math.Max(ChildDepth(n, Left), ChildDepth(n, Right)) + 1;

        // call recompute hook only for valid tree nodes
        int parent = _blocks[n].Parent;
        if (parent != Null)
            Recompute(n);

        // if our own values change, update parent
        if (parent != Null && (_blocks[n].Depth != oldDepth || _blocks[n].MaxAvail != oldMaxAvail))
            RecomputeDepth(parent);
    }

    private void Adopt(int n, int node, int side)
    {
        SetChild(n, side, node);
        if (node != Null)
            _blocks[node].Parent = n;
        RecomputeDepth(n);
    }

    private void RotateSubtree(int n, int node, int side)
    {
        int i = node == _blocks[n].Child0 ? Left : Right;
        int nodeR = ChildOf(node, 1 - side);
        int nodeRL = ChildOf(nodeR, side);

        if (Bias(nodeR) == 1 - side)
        {
            // simple rotation
            Adopt(node, nodeRL, 1 - side);
            Adopt(nodeR, node, side);
            Adopt(n, nodeR, i);
        }
        else if (nodeRL != Null)
        {
            // double rotation
            int nodeRLL = ChildOf(nodeRL, side);
            int nodeRLR = ChildOf(nodeRL, 1 - side);
            Adopt(node, nodeRLL, 1 - side);
            Adopt(nodeR, nodeRLR, side);
            Adopt(nodeRL, node, side);
            Adopt(nodeRL, nodeR, 1 - side);
            Adopt(n, nodeRL, i);
        }
    }

    private void RebalanceSubtree(int n, int node)
    {
        int v = ChildDepth(node, Right) - ChildDepth(node, Left);
        if (Math.Abs(v) < 2)
            return;
        RotateSubtree(n, node, v < 0 ? Right : Left);
    }

    private void Insert(int n, int node)
    {
        int side = Left;
        // for non-root nodes, decide for a branch (Block::higher: node's address >= n's)
        if (_blocks[n].Parent != Null)
            side = _blocks[node].Addr >= _blocks[n].Addr ? Right : Left;

        int c = ChildOf(n, side);
        if (c != Null)
            Insert(c, node);
        else
            Adopt(n, node, side);

        // the inserted node might have changed the depth of the subtree
        RecomputeDepth(n);
        if (_blocks[n].Parent != Null)
            RebalanceSubtree(_blocks[n].Parent, n);
    }

    private void Remove(int n)
    {
        int lp = Null;
        int l = _blocks[n].Child0;
        int parent = _blocks[n].Parent;

        if (l != Null)
        {
            // find right-most node in left sub tree
            while (_blocks[l].Child1 != Null)
                l = _blocks[l].Child1;

            // isolate right-most node in left sub tree
            if (l == _blocks[n].Child0)
                Adopt(n, _blocks[l].Child0, Left);
            else
                Adopt(_blocks[l].Parent, _blocks[l].Child0, Right);

            // remember for rebalancing
            if (_blocks[l].Parent != n)
                lp = _blocks[l].Parent;

            // exchange n and l
            for (int i = 0; i < 2; i++)
                if (ChildOf(parent, i) == n)
                    Adopt(parent, l, i);

            Adopt(l, _blocks[n].Child0, Left);
            Adopt(l, _blocks[n].Child1, Right);
        }
        else
        {
            // no left sub tree, attach our right sub tree to our parent
            for (int i = 0; i < 2; i++)
                if (ChildOf(parent, i) == n)
                    Adopt(parent, _blocks[n].Child1, i);
        }

        // walk the tree towards its root and rebalance sub trees
        while (lp != Null && _blocks[lp].Parent != Null)
        {
            int lpp = _blocks[lp].Parent;
            RebalanceSubtree(lpp, lp);
            lp = lpp;
        }
    }
}
