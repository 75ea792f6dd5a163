namespace Framework.Kernel.Native.Memory;

/// <summary>What a range of the boot memory map holds.</summary>
public enum MemoryKind : byte
{
    /// <summary>RAM the kernel may hand out.</summary>
    Usable = 0,
    /// <summary>Firmware tables, holes and anything else that must never be allocated.</summary>
    Reserved = 1,
    /// <summary>The kernel image, its boot stacks and early allocations.</summary>
    Kernel = 2,
    /// <summary>Device registers; handed to drivers as I/O memory, never as RAM.</summary>
    Mmio = 3,
}

/// <summary>One range of the boot memory map, as the boot protocol reports it.</summary>
/// <remarks>
/// Ranges need neither be sorted nor page aligned; the physical memory manager rounds usable
/// ranges inwards and every other kind outwards, so a partially reserved page is never handed out.
/// </remarks>
public readonly struct MemoryMapEntry
{
    public MemoryMapEntry(ulong baseAddress, ulong size, MemoryKind kind)
    {
        Base = baseAddress;
        Size = size;
        Kind = kind;
    }

    public ulong Base { get; }
    public ulong Size { get; }
    public MemoryKind Kind { get; }

    /// <summary>One past the last byte; saturates instead of wrapping for a range that reaches 2^64.</summary>
    public ulong End => Size > ulong.MaxValue - Base ? ulong.MaxValue : Base + Size;
}

/// <summary>Page geometry shared by the memory subsystem: the kernel manages 4 KiB pages only.</summary>
public static class Page
{
    public const int Shift = 12;
    public const ulong Size = 1UL << Shift;
    public const ulong Mask = Size - 1;

    public static bool IsAligned(ulong address) => (address & Mask) == 0;

    public static ulong AlignDown(ulong address) => address & ~Mask;

    /// <summary>Rounds up; an address in the last page of the 64-bit space saturates to that page.</summary>
    public static ulong AlignUp(ulong address) => address > ulong.MaxValue - Mask ? address & ~Mask : (address + Mask) & ~Mask;
}
