using Framework.Base.Kernel;
using Framework.Kernel.Native.Memory;

namespace Framework.Kernel.Native.Platform;

/// <summary>
/// Modeled RAM: the kernel's physical memory manager over a boot memory map, backed by one
/// host array. The array is allocated uninitialized, so the host commits only touched pages;
/// freshly allocated frames are zeroed, as Genode's core does.
/// </summary>
internal sealed class HostedRam : IPhysicalMemory
{
    /// <summary>RAM starts at 1 MiB, like a PC's memory above the legacy area.</summary>
    private const ulong Base = 0x10_0000;

    private readonly PhysicalMemoryManager _pmm;
    private readonly byte[] _bytes;

    public HostedRam(ulong size)
    {
        var map = new[] { new MemoryMapEntry(Base, size, MemoryKind.Usable) };
        if (PhysicalMemoryManager.Create(map, out var pmm) != SyscallStatus.Ok || pmm is null)
            throw new KernelException($"cannot manage {size} bytes of RAM");
        _pmm = pmm;
        _bytes = GC.AllocateUninitializedArray<byte>(checked((int)size));
    }

    public ulong TotalBytes => _pmm.TotalPages * IPhysicalMemory.PageSize;
    public ulong FreeBytes => _pmm.FreePages * IPhysicalMemory.PageSize;

    public bool TryAllocate(ulong size, out ulong physicalAddress)
    {
        var pages = (size + IPhysicalMemory.PageSize - 1) / IPhysicalMemory.PageSize;
        var r = _pmm.Allocate(pages);
        if (!r.IsSuccess)
        {
            physicalAddress = 0;
            return false;
        }
        physicalAddress = r.Value;
        Bytes(physicalAddress, checked((int)(pages * IPhysicalMemory.PageSize))).Span.Clear();
        return true;
    }

    public void Free(ulong physicalAddress, ulong size)
    {
        var pages = (size + IPhysicalMemory.PageSize - 1) / IPhysicalMemory.PageSize;
        var status = _pmm.Free(physicalAddress, pages);
        if (status != SyscallStatus.Ok)
            throw new KernelException($"freeing {pages} pages at 0x{physicalAddress:x}: {status}");
    }

    public Memory<byte> Bytes(ulong physicalAddress, int length)
    {
        var offset = physicalAddress - Base;
        if (physicalAddress < Base || offset + (ulong)length > (ulong)_bytes.Length)
            throw new KernelException($"physical range 0x{physicalAddress:x}+{length} is not RAM");
        return _bytes.AsMemory((int)offset, length);
    }
}
