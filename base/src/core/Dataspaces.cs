using Framework.Platform;
using Framework.Base.Session;

namespace Framework.Core;

/// <summary>A dataspace in core: RAM, ROM, or a region map exposed as a managed dataspace.</summary>
internal sealed class DataspaceComponent(ulong phys, ulong size, bool writable, RegionMapComponent? managed = null) : IDataspace
{
    public ulong Phys { get; } = phys;
    public ulong Length { get; } = size;
    public bool IsWritable { get; } = writable;

    /// <summary>For a managed dataspace: the region map behind it.</summary>
    public RegionMapComponent? Managed { get; } = managed;

    /// <summary>Region maps this dataspace is attached to, so that freeing it detaches it everywhere.</summary>
    public List<(RegionMapComponent Map, ulong Address)> AttachedTo { get; } = [];

    public ulong Size() => Length;
    public ulong PhysAddr() => Phys;
    public bool Writable() => IsWritable;
}

internal static class Pages
{
    public const ulong Size = IPhysicalMemory.PageSize;
    public static ulong RoundUp(ulong v) => (v + Size - 1) & ~(Size - 1);
    public static bool Aligned(ulong v) => (v & (Size - 1)) == 0;
}
