namespace Framework.Machine;

/// <summary>Width of one bus access.</summary>
public enum AccessWidth
{
    Bits8 = 8,
    Bits16 = 16,
    Bits32 = 32,
}

/// <summary>How a bus access ended. Every outcome is a value; no access throws.</summary>
public enum BusStatus
{
    Ok,

    /// <summary>No device decodes the address or port (or the access straddles two). Reads give all ones (a floating bus), writes are dropped.</summary>
    Unmapped,

    /// <summary>The device does not accept this width or alignment at this register. Reads give all ones, writes are dropped.</summary>
    BadWidth,
}

/// <summary>The outcome of a read: the value (zero-extended to 32 bits) and the status.</summary>
public readonly record struct BusRead(BusStatus Status, uint Value)
{
    public bool IsOk => Status == BusStatus.Ok;

    public static BusRead Ok(uint value) => new(BusStatus.Ok, value);

    /// <summary>A failed read: all ones of the access width, as an undriven bus reads.</summary>
    public static BusRead Failed(BusStatus status, AccessWidth width) => new(status, AllOnes(width));

    public static uint AllOnes(AccessWidth width) => width == AccessWidth.Bits32 ? uint.MaxValue : (1u << (int)width) - 1;

    public override string ToString() => IsOk ? $"0x{Value:x}" : $"{Status} (0x{Value:x})";
}

/// <summary>
/// What a driver reaches a device through (core's IO_MEM and IO_PORT sessions will forward to it):
/// memory-mapped I/O at physical addresses and x86 I/O ports, 8, 16 or 32 bits at a time.
/// </summary>
/// <remarks>
/// Bad accesses are results, never exceptions: an address or port no device decodes gives
/// <see cref="BusStatus.Unmapped"/>, a width or alignment the register does not accept gives
/// <see cref="BusStatus.BadWidth"/>; failed reads return all ones and failed writes change nothing.
/// A device may raise an interrupt during an access (through the machine's <see cref="IIrqSink"/>,
/// synchronously, before the access returns).
/// </remarks>
public interface IBus
{
    BusRead ReadMmio(ulong address, AccessWidth width);
    BusStatus WriteMmio(ulong address, AccessWidth width, uint value);
    BusRead PortIn(ushort port, AccessWidth width);
    BusStatus PortOut(ushort port, AccessWidth width, uint value);
}

/// <summary>Where the machine reports interrupts (core's IRQ sessions will implement it).</summary>
/// <remarks>
/// <see cref="Raised"/> is called when an interrupt line is to be delivered: when it rises, or,
/// if it was still in service then, when <see cref="Machine.AcknowledgeIrq"/> ends the service
/// and the line is still high or rose again meanwhile. A line delivered once is not delivered
/// again until it is acknowledged (a PIC's in-service bit).
/// </remarks>
public interface IIrqSink
{
    void Raised(int line);
}
