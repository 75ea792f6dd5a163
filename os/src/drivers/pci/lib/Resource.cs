namespace Framework.Os.Pci;

/// <summary>
/// One base-address register and its size (Pci::Device::Resource): a BAR of 0 is invalid, bit 0
/// set means I/O ports (base masks the low 3 bits), clear means memory (low 4 bits; bit 3 =
/// prefetchable). The upper half of a 64-bit memory BAR is not combined with its lower half, as
/// in 12.02.
/// </summary>
public readonly record struct Resource(uint Bar, uint Size)
{
    public ResourceType Type => Bar == 0 ? ResourceType.Invalid : (Bar & 1) != 0 ? ResourceType.Io : ResourceType.Memory;

    public uint Base => Bar & (Type == ResourceType.Io ? ~7u : ~15u);

    public bool Prefetchable => Type == ResourceType.Memory && (Bar & 8) != 0;
}

public enum ResourceType
{
    Io,
    Memory,
    Invalid,
}
