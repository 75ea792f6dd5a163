namespace Framework.Os.Pci;

/// <summary>
/// One PCI function as the PCI session hands it out (Pci::Device): identity, resources and raw
/// config-space access. pci_drv implements it with <see cref="PciDevice"/>; acpi_drv's rewrite
/// works on any implementation, so the component can pass its session client.
/// </summary>
public interface IPciDevice
{
    PciAddress Address { get; }

    ushort VendorId { get; }

    ushort DeviceId { get; }

    uint ClassCode { get; }

    Resource Resource(int id);

    uint ConfigRead(byte address, AccessSize size);

    void ConfigWrite(byte address, uint value, AccessSize size);
}
