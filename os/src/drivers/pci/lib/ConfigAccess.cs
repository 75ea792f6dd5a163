namespace Framework.Os.Pci;

/// <summary>
/// Configuration-space access through the two x86 ports (Pci::Config_access): the address goes
/// to 0xCF8 (enable bit, bus, device, function, register with the low two bits cleared), the
/// data is read or written at 0xCFC plus the byte (8 bit) or word (16 bit) offset within the
/// dword. No range checks beyond those of <see cref="PciAddress"/>, as in Genode.
/// </summary>
public sealed class ConfigAccess(IIoPorts ports)
{
    public const ushort AddressPort = 0xCF8;
    public const ushort DataPort = 0xCFC;

    public static uint ConfigAddress(PciAddress a, int register) =>
        (1u << 31) | ((uint)a.Bus << 16) | ((uint)a.Device << 11) | ((uint)a.Function << 8) | ((uint)register & 0xFC);

    public uint Read(PciAddress a, int register, AccessSize size = AccessSize.Access32Bit)
    {
        ports.OutL(AddressPort, ConfigAddress(a, register));
        return size switch
        {
            AccessSize.Access8Bit => ports.InB((ushort)(DataPort + (register & 3))),
            AccessSize.Access16Bit => ports.InW((ushort)(DataPort + (register & 2))),
            _ => ports.InL(DataPort),
        };
    }

    public void Write(PciAddress a, int register, uint value, AccessSize size = AccessSize.Access32Bit)
    {
        ports.OutL(AddressPort, ConfigAddress(a, register));
        switch (size)
        {
            case AccessSize.Access8Bit:
                ports.OutB((ushort)(DataPort + (register & 3)), (byte)value);
                break;
            case AccessSize.Access16Bit:
                ports.OutW((ushort)(DataPort + (register & 2)), (ushort)value);
                break;
            default:
                ports.OutL(DataPort, value);
                break;
        }
    }
}
