namespace Framework.Os.Pci;

/// <summary>
/// What pci_drv learns about one function when it first reads it (Pci::Device_config): vendor
/// and device id, the 24-bit class code, the header type, and the sized BARs.
/// </summary>
public sealed class DeviceConfig
{
    public const int NumResources = 6;

    /// <summary>Header types (the register at 0x0E without the multi-function bit).</summary>
    public const int HeaderFunction = 0;
    public const int HeaderPciToPci = 1;
    public const int HeaderCardBus = 2;

    private readonly Resource[] _resources;

    private DeviceConfig(PciAddress address, ushort vendorId, ushort deviceId, uint classCode, int headerType, Resource[] resources)
    {
        Address = address;
        VendorId = vendorId;
        DeviceId = deviceId;
        ClassCode = classCode;
        HeaderType = headerType;
        _resources = resources;
    }

    public PciAddress Address { get; }

    public ushort VendorId { get; }

    public ushort DeviceId { get; }

    /// <summary>Base class, sub class and programming interface (the dword at 0x08 shifted right by 8).</summary>
    public uint ClassCode { get; }

    public int BaseClass => (int)(ClassCode >> 16);

    public int SubClass => (int)((ClassCode >> 8) & 0xFF);

    public int HeaderType { get; }

    public bool IsPciBridge => HeaderType == HeaderPciToPci;

    /// <summary>BARs a header of this type has: 6 for a normal function, 2 for a PCI-to-PCI bridge, none otherwise.</summary>
    public int ResourceCount => ResourceCountOf(HeaderType);

    private static int ResourceCountOf(int headerType) =>
        headerType == HeaderFunction ? NumResources : headerType == HeaderPciToPci ? 2 : 0;

    /// <summary>Resource <paramref name="id"/>, or an invalid resource for an id the header type does not have.</summary>
    public Resource Resource(int id) => id >= 0 && id < _resources.Length ? _resources[id] : default;

    /// <summary>
    /// Reads the function at <paramref name="address"/> and sizes its BARs, or returns null when no
    /// function answers (vendor 0xFFFF) or when it is function 1-7 of a device whose function 0
    /// lacks the multi-function bit (bit 7 of 0x0E). BAR sizing writes all ones to each BAR and
    /// restores the firmware's value, as pci_drv does.
    /// </summary>
    public static DeviceConfig? Read(ConfigAccess config, PciAddress address)
    {
        var vendor = (ushort)config.Read(address, 0x00, AccessSize.Access16Bit);
        if (vendor == 0xFFFF)
            return null;
        if (address.Function != 0 && (config.Read(new PciAddress(address.Bus, address.Device, 0), 0x0E, AccessSize.Access8Bit) & 0x80) == 0)
            return null;

        var device = (ushort)config.Read(address, 0x02, AccessSize.Access16Bit);
        uint classCode = (config.Read(address, 0x08) >> 8) & 0xFFFFFF;
        int header = (int)(config.Read(address, 0x0E, AccessSize.Access8Bit) & 0x7F);
        var resources = new Resource[ResourceCountOf(header)];
        for (int i = 0; i < resources.Length; i++)
            resources[i] = SizeBar(config, address, 0x10 + (4 * i));
        return new DeviceConfig(address, vendor, device, classCode, header, resources);
    }

    private static Resource SizeBar(ConfigAccess config, PciAddress address, int register)
    {
        uint original = config.Read(address, register);
        if (original == uint.MaxValue)
            return default;
        config.Write(address, register, uint.MaxValue);
        uint probed = config.Read(address, register);
        config.Write(address, register, original);

        // The lowest set bit above the type bits (3 for I/O, 4 for memory) is the size; a BAR
        // that keeps no bit set has size 0 (Genode's 32-bit loop wraps to 0 there too).
        int start = (probed & 1) != 0 ? 3 : 4;
        for (int bit = start; bit < 32; bit++)
        {
            if ((probed & (1u << bit)) != 0)
                return new Resource(original, 1u << bit);
        }
        return new Resource(original, 0);
    }
}
