namespace Framework.Base;

/// <summary>A block of heap memory: an address and a size in the component's address space.</summary>
public readonly record struct HeapBlock(ulong Address, int Size);

/// <summary>
/// Quota-accounted memory: backed by RAM dataspaces of the component's PD, attached to its
/// region map, and handed out in blocks (first fit, coalescing on free). Managed objects live on
/// the .NET heap; this heap is for memory that must count against the component's RAM quota.
/// </summary>
public sealed class Heap(Env env)
{
    private const ulong ChunkSize = 64 * 1024;
    private readonly List<Chunk> _chunks = [];
    private readonly List<AttachedRamDataspace> _dataspaces = [];

    private sealed class Chunk(ulong start, ulong size)
    {
        public ulong Start { get; } = start;
        public ulong Size { get; } = size;
        /// <summary>Free ranges (address, size), sorted by address.</summary>
        public List<(ulong Address, ulong Size)> Free { get; } = [(start, size)];
    }

    /// <summary>Bytes handed out and not yet freed.</summary>
    public ulong Used { get; private set; }

    /// <summary>Bytes of RAM the heap holds from the PD.</summary>
    public ulong Backing { get; private set; }

    public HeapBlock Alloc(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        var need = ((ulong)size + 15) & ~15UL;
        foreach (var chunk in _chunks)
        {
            if (TryTake(chunk, need, out var addr))
                return Taken(addr, size, need);
        }
        var chunkSize = Math.Max(ChunkSize, (need + 4095) & ~4095UL);
        var ds = new AttachedRamDataspace(env, chunkSize);
        _dataspaces.Add(ds);
        Backing += chunkSize;
        var c = new Chunk(ds.Address, chunkSize);
        _chunks.Add(c);
        TryTake(c, need, out var a);
        return Taken(a, size, need);
    }

    private HeapBlock Taken(ulong address, int size, ulong need)
    {
        Used += need;
        return new HeapBlock(address, size);
    }

    private static bool TryTake(Chunk chunk, ulong need, out ulong address)
    {
        for (var i = 0; i < chunk.Free.Count; i++)
        {
            var (a, s) = chunk.Free[i];
            if (s < need)
                continue;
            address = a;
            if (s == need)
                chunk.Free.RemoveAt(i);
            else
                chunk.Free[i] = (a + need, s - need);
            return true;
        }
        address = 0;
        return false;
    }

    public void Free(HeapBlock block)
    {
        var need = ((ulong)block.Size + 15) & ~15UL;
        var chunk = _chunks.Find(c => block.Address >= c.Start && block.Address < c.Start + c.Size)
            ?? throw new ArgumentException($"block at 0x{block.Address:x} is not from this heap", nameof(block));
        var i = 0;
        while (i < chunk.Free.Count && chunk.Free[i].Address < block.Address)
            i++;
        chunk.Free.Insert(i, (block.Address, need));
        // Coalesce with the neighbours so that fragmentation does not grow without bound.
        if (i + 1 < chunk.Free.Count && chunk.Free[i].Address + chunk.Free[i].Size == chunk.Free[i + 1].Address)
        {
            chunk.Free[i] = (chunk.Free[i].Address, chunk.Free[i].Size + chunk.Free[i + 1].Size);
            chunk.Free.RemoveAt(i + 1);
        }
        if (i > 0 && chunk.Free[i - 1].Address + chunk.Free[i - 1].Size == chunk.Free[i].Address)
        {
            chunk.Free[i - 1] = (chunk.Free[i - 1].Address, chunk.Free[i - 1].Size + chunk.Free[i].Size);
            chunk.Free.RemoveAt(i);
        }
        Used -= need;
    }

    public Span<byte> Span(HeapBlock block) => env.Rm.Span(block.Address, block.Size);
}
