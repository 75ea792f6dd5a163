namespace Framework.Kernel.Native;

/// <summary>
/// The memory of one protection domain's kernel objects: its capability space and its page table.
/// Core creates it and hands it to <see cref="NativeKernel.CreatePd(PdMemory)"/>, as base-hw's
/// core supplies the memory for every kernel object it asks the kernel to create; the kernel
/// itself allocates nothing after boot. After <see cref="NativeKernel.DestroyPd"/> the memory is
/// core's again (<see cref="InUse"/> false) and may back the next protection domain.
/// </summary>
public sealed class PdMemory
{
    /// <param name="capSlots">Slots of the capability space (1 .. 2^20; raised to at least 17).</param>
    /// <param name="mappingCapacity">Pages the page table can map (raised to at least 16).</param>
    public PdMemory(int capSlots, int mappingCapacity)
    {
        CapSlots = capSlots;
        Caps = new CapSpace(capSlots < 1 ? 1 : capSlots > 1 << 20 ? 1 << 20 : capSlots);
        Space = new Memory.AddressSpace(mappingCapacity < 16 ? 16 : mappingCapacity, 1);
    }

    /// <summary>The slot count asked for (checked by CreatePd like the slot count of the older overload).</summary>
    public int CapSlots { get; }

    public int MappingCapacity => Space.MappingCapacity;

    /// <summary>Whether a live protection domain uses this memory.</summary>
    public bool InUse { get; internal set; }

    internal CapSpace Caps { get; }

    internal Memory.AddressSpace Space { get; }

    /// <summary>Empties the capability space and the page table for the next protection domain.</summary>
    internal void Reset()
    {
        Caps.Clear();
        Space.UnmapAll();
    }
}
