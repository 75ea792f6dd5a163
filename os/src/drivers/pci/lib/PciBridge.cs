namespace Framework.Os.Pci;

/// <summary>A PCI-to-PCI bridge as acpi_drv records it: its own address and the range of buses behind it.</summary>
public readonly record struct PciBridge(PciAddress Address, int SecondaryBus, int SubordinateBus)
{
    /// <summary>A bridge: base class 0x06 and header type (16-bit read at 0x0E, low 6 bits) 1.</summary>
    public static bool IsBridge(IPciDevice device) =>
        device.ClassCode >> 16 == 0x06 && (device.ConfigRead(0x0E, AccessSize.Access16Bit) & 0x3F) == DeviceConfig.HeaderPciToPci;

    /// <summary>Secondary and subordinate bus are bytes 1 and 2 of the dword at 0x18.</summary>
    public static PciBridge Of(IPciDevice device)
    {
        uint buses = device.ConfigRead(0x18, AccessSize.Access32Bit);
        return new PciBridge(device.Address, (int)((buses >> 8) & 0xFF), (int)((buses >> 16) & 0xFF));
    }

    public bool Covers(int bus) => SecondaryBus <= bus && bus <= SubordinateBus;
}
