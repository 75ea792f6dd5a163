using System.Buffers.Binary;

namespace Framework.Util.Registers;

/// <summary>
/// An <see cref="IMmioRegion"/> over ordinary memory, little-endian: Genode's test backs its
/// <c>Mmio</c> with a static byte array the same way, and an attached I/O memory dataspace is
/// such memory too.
/// </summary>
/// <remarks>
/// An access that does not lie entirely inside the memory is a driver bug (a register declared
/// beyond its region; on Genode a page fault), so it throws <see cref="ArgumentOutOfRangeException"/>
/// naming offset, width and size. Accesses need no alignment.
/// </remarks>
public sealed class MemoryMmioRegion(Memory<byte> memory) : IMmioRegion
{
    public MemoryMmioRegion(byte[] bytes) : this(bytes.AsMemory()) { }

    public long Size => memory.Length;

    public byte Read8(long offset) => Slice(offset, 1)[0];
    public ushort Read16(long offset) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(offset, 2));
    public uint Read32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(offset, 4));
    public ulong Read64(long offset) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(offset, 8));

    public void Write8(long offset, byte value) => Slice(offset, 1)[0] = value;
    public void Write16(long offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Slice(offset, 2), value);
    public void Write32(long offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Slice(offset, 4), value);
    public void Write64(long offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Slice(offset, 8), value);

    private Span<byte> Slice(long offset, int bytes)
    {
        if (offset < 0 || offset > memory.Length - bytes)
            throw new ArgumentOutOfRangeException(nameof(offset),
                $"{bytes * 8}-bit access at offset 0x{offset:x} lies outside the {memory.Length}-byte MMIO region");
        return memory.Span.Slice((int)offset, bytes);
    }
}
