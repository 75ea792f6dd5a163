namespace Framework.Util.Registers;

/// <summary>
/// The memory an <see cref="Mmio"/> reaches: a range of device registers addressed by byte offset
/// from its base. Each call is exactly one access of the named width, little-endian, as a
/// <c>volatile</c> load or store of that width would be in Genode; the framework never splits or
/// merges accesses, because devices react to the width (a 32-bit read of a FIFO register is not
/// four byte reads).
/// </summary>
/// <remarks>
/// Implementations: <see cref="MemoryMmioRegion"/> over plain memory (tests, an attached I/O
/// memory dataspace), and adapters onto a machine's bus. What an access outside the region or of
/// an unsupported width yields is the implementation's documented choice.
/// </remarks>
public interface IMmioRegion
{
    /// <summary>Size of the region in bytes.</summary>
    long Size { get; }

    byte Read8(long offset);
    ushort Read16(long offset);
    uint Read32(long offset);
    ulong Read64(long offset);

    void Write8(long offset, byte value);
    void Write16(long offset, ushort value);
    void Write32(long offset, uint value);
    void Write64(long offset, ulong value);
}
