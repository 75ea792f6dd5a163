namespace Framework.Os.Acpi;

/// <summary>
/// A physical address space made of 4 KiB pages that exist only where something was written (a
/// modelled machine's RAM and BIOS ROM). Reads of a range that touches a missing page fail, as
/// an IO_MEM request for unbacked memory would.
/// </summary>
public sealed class SparsePhysicalMemory : IPhysicalMemoryReader
{
    public const int PageSize = 4096;

    private readonly SortedDictionary<ulong, byte[]> _pages = [];

    /// <summary>Pages present, ascending by address.</summary>
    public IEnumerable<ulong> PageAddresses => _pages.Keys.Select(p => p * PageSize);

    /// <summary>Makes the pages of a range present (zero-filled) without writing data.</summary>
    public void Map(ulong physical, ulong length)
    {
        if (length == 0)
            return;
        for (ulong page = physical / PageSize; page <= (physical + length - 1) / PageSize; page++)
            _ = Page(page);
    }

    public void Write(ulong physical, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var page = Page(physical / PageSize);
            int offset = (int)(physical % PageSize);
            int n = Math.Min(bytes.Length, PageSize - offset);
            bytes[..n].CopyTo(page.AsSpan(offset));
            bytes = bytes[n..];
            physical += (ulong)n;
        }
    }

    public bool TryRead(ulong physical, Span<byte> into)
    {
        if (into.Length > 0 && physical > ulong.MaxValue - (ulong)into.Length)
            return false;
        while (!into.IsEmpty)
        {
            if (!_pages.TryGetValue(physical / PageSize, out var page))
                return false;
            int offset = (int)(physical % PageSize);
            int n = Math.Min(into.Length, PageSize - offset);
            page.AsSpan(offset, n).CopyTo(into);
            into = into[n..];
            physical += (ulong)n;
        }
        return true;
    }

    /// <summary>
    /// The memory from address 0 up to the end of the highest page as one flat image (a
    /// <c>pmemsave</c>-style dump), missing pages as zeros; null when that exceeds
    /// <paramref name="maxBytes"/>.
    /// </summary>
    public byte[]? ToFlatImage(long maxBytes = 64 << 20)
    {
        if (_pages.Count == 0)
            return [];
        ulong end = (_pages.Keys.Max() + 1) * PageSize;
        if (end > (ulong)maxBytes)
            return null;
        var image = new byte[end];
        foreach (var (page, data) in _pages)
            data.CopyTo(image, (long)(page * PageSize));
        return image;
    }

    /// <summary>A flat image read back: every page of it present.</summary>
    public static SparsePhysicalMemory FromFlatImage(ReadOnlySpan<byte> image)
    {
        var memory = new SparsePhysicalMemory();
        memory.Map(0, (ulong)image.Length);
        memory.Write(0, image);
        return memory;
    }

    private byte[] Page(ulong page)
    {
        if (!_pages.TryGetValue(page, out var data))
        {
            data = new byte[PageSize];
            _pages.Add(page, data);
        }
        return data;
    }
}
