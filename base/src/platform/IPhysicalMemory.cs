namespace Framework.Platform;

/// <summary>
/// The machine's RAM as the kernel platform models it: a page allocator over a boot memory
/// map, plus access to the bytes of allocated frames (core only).
/// </summary>
public interface IPhysicalMemory
{
    const ulong PageSize = 4096;

    ulong TotalBytes { get; }
    ulong FreeBytes { get; }

    /// <summary>Allocates whole pages, naturally aligned where possible; false when RAM is exhausted.</summary>
    bool TryAllocate(ulong size, out ulong physicalAddress);

    void Free(ulong physicalAddress, ulong size);

    /// <summary>The bytes of physical memory at <paramref name="physicalAddress"/>.</summary>
    Memory<byte> Bytes(ulong physicalAddress, int length);
}
