using Framework.Platform;

namespace Framework.Hosted;

/// <summary>
/// Modeled RAM: one host array behind a page allocator. The array is allocated uninitialized,
/// so the host commits only touched pages; freshly allocated frames are zeroed, as Genode's core
/// does. Every backend allocates the same way, so physical addresses are the same on all of them.
/// </summary>
/// <remarks>
/// Allocation follows Genode's RAM session: natural alignment of the size first (16 KiB aligned
/// for 4 pages), then weaker, down to page alignment; first fit at each step. Free memory is a list
/// of runs sorted by address, merged on free.
/// </remarks>
public sealed class HostedRam : IPhysicalMemory
{
    /// <summary>RAM starts at 1 MiB, like a PC's memory above the legacy area.</summary>
    public const ulong Base = 0x10_0000;

    private const int PageShift = 12;
    private readonly byte[] _bytes;
    private readonly List<(ulong Start, ulong Pages)> _free = [];

    public HostedRam(ulong size)
    {
        var pages = size >> PageShift;
        if (pages == 0 || size > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(size), size, "modeled RAM is 4 KiB to 2 GiB");
        _bytes = GC.AllocateUninitializedArray<byte>(checked((int)(pages << PageShift)));
        _free.Add((Base >> PageShift, pages));
        TotalBytes = pages << PageShift;
        FreeBytes = TotalBytes;
    }

    public ulong TotalBytes { get; }
    public ulong FreeBytes { get; private set; }

    public bool TryAllocate(ulong size, out ulong physicalAddress)
    {
        physicalAddress = 0;
        var pages = (size + IPhysicalMemory.PageSize - 1) >> PageShift;
        if (pages == 0 || pages << PageShift > FreeBytes)
            return false;
        for (var align = 1UL << (63 - (int)ulong.LeadingZeroCount(pages)); align >= 1; align >>= 1)
        {
            if (TryTake(pages, align, out var page))
            {
                physicalAddress = page << PageShift;
                FreeBytes -= pages << PageShift;
                Bytes(physicalAddress, checked((int)(pages << PageShift))).Span.Clear();
                return true;
            }
        }
        return false;
    }

    private bool TryTake(ulong pages, ulong align, out ulong page)
    {
        for (var i = 0; i < _free.Count; i++)
        {
            var (start, count) = _free[i];
            var at = (start + align - 1) / align * align;
            if (at - start + pages > count)
                continue;
            var before = at - start;
            var after = count - before - pages;
            if (before > 0 && after > 0)
            {
                _free[i] = (start, before);
                _free.Insert(i + 1, (at + pages, after));
            }
            else if (before > 0)
                _free[i] = (start, before);
            else if (after > 0)
                _free[i] = (at + pages, after);
            else
                _free.RemoveAt(i);
            page = at;
            return true;
        }
        page = 0;
        return false;
    }

    public void Free(ulong physicalAddress, ulong size)
    {
        var page = physicalAddress >> PageShift;
        var pages = (size + IPhysicalMemory.PageSize - 1) >> PageShift;
        if ((physicalAddress & (IPhysicalMemory.PageSize - 1)) != 0 || pages == 0 || !IsRam(physicalAddress, pages << PageShift))
            throw new KernelException($"freeing 0x{physicalAddress:x}+0x{size:x}: not an allocated range of RAM");
        var i = 0;
        while (i < _free.Count && _free[i].Start < page)
            i++;
        if ((i > 0 && _free[i - 1].Start + _free[i - 1].Pages > page) || (i < _free.Count && page + pages > _free[i].Start))
            throw new KernelException($"freeing 0x{physicalAddress:x}+0x{size:x}: part of it is free already");
        _free.Insert(i, (page, pages));
        if (i + 1 < _free.Count && page + pages == _free[i + 1].Start)
        {
            _free[i] = (page, pages + _free[i + 1].Pages);
            _free.RemoveAt(i + 1);
        }
        if (i > 0 && _free[i - 1].Start + _free[i - 1].Pages == _free[i].Start)
        {
            _free[i - 1] = (_free[i - 1].Start, _free[i - 1].Pages + _free[i].Pages);
            _free.RemoveAt(i);
        }
        FreeBytes += pages << PageShift;
    }

    private bool IsRam(ulong physicalAddress, ulong length) =>
        physicalAddress >= Base && physicalAddress - Base <= (ulong)_bytes.Length && length <= (ulong)_bytes.Length - (physicalAddress - Base);

    public Memory<byte> Bytes(ulong physicalAddress, int length)
    {
        if (length < 0 || !IsRam(physicalAddress, (ulong)length))
            throw new KernelException($"physical range 0x{physicalAddress:x}+{length} is not RAM");
        return _bytes.AsMemory((int)(physicalAddress - Base), length);
    }
}
