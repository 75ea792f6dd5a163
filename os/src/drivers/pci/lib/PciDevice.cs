namespace Framework.Os.Pci;

/// <summary>pci_drv's device object (Device_component): the config read at discovery plus live config access.</summary>
public sealed class PciDevice(DeviceConfig config, ConfigAccess access) : IPciDevice
{
    public DeviceConfig Config { get; } = config;

    public PciAddress Address => Config.Address;

    public ushort VendorId => Config.VendorId;

    public ushort DeviceId => Config.DeviceId;

    public uint ClassCode => Config.ClassCode;

    public Resource Resource(int id) => Config.Resource(id);

    public uint ConfigRead(byte address, AccessSize size) => access.Read(Config.Address, address, size);

    public void ConfigWrite(byte address, uint value, AccessSize size) => access.Write(Config.Address, address, value, size);
}
