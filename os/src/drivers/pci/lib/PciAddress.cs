using System.Globalization;

namespace Framework.Os.Pci;

/// <summary>Bus, device and function of a PCI function; <see cref="Bdf"/> is ACPI's and Genode's packed form.</summary>
public readonly record struct PciAddress
{
    public PciAddress(int bus, int device, int function)
    {
        if ((uint)bus > 255 || (uint)device > 31 || (uint)function > 7)
            throw new ArgumentOutOfRangeException(nameof(bus), $"no PCI address {bus}:{device}.{function}");
        Bus = bus;
        Device = device;
        Function = function;
    }

    public int Bus { get; }

    public int Device { get; }

    public int Function { get; }

    /// <summary>bus &lt;&lt; 8 | device &lt;&lt; 3 | function, as acpi_drv compares them.</summary>
    public uint Bdf => (uint)((Bus << 8) | (Device << 3) | Function);

    public static PciAddress FromBdf(uint bdf) => new((int)((bdf >> 8) & 0xFF), (int)((bdf >> 3) & 0x1F), (int)(bdf & 7));

    /// <summary>"bb:dd.f" with hexadecimal bus and device, as acpi_drv prints it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Bus:x2}:{Device:x2}.{Function}");
}
