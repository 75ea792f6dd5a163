using Framework.Util.Registers;

namespace Framework.Machine;

/// <summary>
/// The register framework's view of a device window on a bus: a driver written with
/// <see cref="Mmio"/> reaches the machine's device through it, access by access, the width kept.
/// </summary>
/// <remarks>
/// A failed access (unmapped, a width the device refuses, or any 64-bit access: the bus is 32
/// bits wide) reads all ones and writes nothing, as on hardware; <see cref="LastStatus"/> and
/// <see cref="Faults"/> tell the driver or its test.
/// </remarks>
public sealed class BusMmioRegion(IBus bus, ulong physicalBase, long size) : IMmioRegion
{
    public long Size => size;

    public BusStatus LastStatus { get; private set; }

    /// <summary>Accesses that failed so far.</summary>
    public int Faults { get; private set; }

    public byte Read8(long offset) => (byte)Read(offset, AccessWidth.Bits8);
    public ushort Read16(long offset) => (ushort)Read(offset, AccessWidth.Bits16);
    public uint Read32(long offset) => Read(offset, AccessWidth.Bits32);

    public ulong Read64(long offset)
    {
        Record(BusStatus.BadWidth);
        return ulong.MaxValue;
    }

    public void Write8(long offset, byte value) => Write(offset, AccessWidth.Bits8, value);
    public void Write16(long offset, ushort value) => Write(offset, AccessWidth.Bits16, value);
    public void Write32(long offset, uint value) => Write(offset, AccessWidth.Bits32, value);
    public void Write64(long offset, ulong value) => Record(BusStatus.BadWidth);

    private uint Read(long offset, AccessWidth width)
    {
        if (offset < 0 || offset > size - (int)width / 8)
        {
            Record(BusStatus.Unmapped);
            return BusRead.AllOnes(width);
        }
        var r = bus.ReadMmio(physicalBase + (ulong)offset, width);
        Record(r.Status);
        return r.Value;
    }

    private void Write(long offset, AccessWidth width, uint value)
    {
        if (offset < 0 || offset > size - (int)width / 8)
        {
            Record(BusStatus.Unmapped);
            return;
        }
        Record(bus.WriteMmio(physicalBase + (ulong)offset, width, value));
    }

    private void Record(BusStatus status)
    {
        LastStatus = status;
        if (status != BusStatus.Ok)
            Faults++;
    }
}
