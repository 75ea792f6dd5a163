using Framework.Machine.Devices;

namespace Framework.Machine;

/// <summary>The device models a description can name, the resources each needs, and their construction.</summary>
internal static class DeviceModels
{
    /// <summary>Model names and what each needs: MMIO ranges, port ranges (with their sizes), interrupt lines.</summary>
    private static (int Mmio, int[] PortCounts, int Irqs, ushort[]? FixedPorts) Needs(string model) => model switch
    {
        "i8254" => (0, [4], 1, null),
        "uart16550" => (0, [8], 1, null),
        "i8042" => (0, [1, 1], 2, [0x60, 0x64]),
        "bochs-vbe" => (1, [3], 0, null),
        "pci-cfg" => (0, [8], 0, [0xcf8]),
        "ata" => (0, [8, 1], 1, null),
        "pl011" => (1, [], 1, null),
        "sp804" => (1, [], 1, null),
        _ => (-1, [], 0, null),
    };

    public static IReadOnlyList<string> Known => ["i8254", "uart16550", "i8042", "bochs-vbe", "pci-cfg", "ata", "pl011", "sp804"];

    /// <summary>Null if the device's resources fit its model, else what is wrong.</summary>
    public static string? Check(DeviceDescription d)
    {
        var (mmio, ports, irqs, fixedPorts) = Needs(d.Model);
        if (mmio < 0)
            return $"unknown model (known: {string.Join(", ", Known)})";
        if (d.Mmio.Count != mmio)
            return $"needs {mmio} MMIO range(s), has {d.Mmio.Count}";
        if (d.Mmio.Any(m => m.Size < 0x20 && d.Model != "bochs-vbe"))
            return "MMIO range smaller than the register block";
        if (d.Ports.Count != ports.Length || d.Ports.Select(p => (int)p.Count).Where((c, i) => c != ports[i]).Any())
            return $"needs port ranges of {string.Join(", ", ports)} port(s), has {(d.Ports.Count == 0 ? "none" : string.Join(", ", d.Ports.Select(p => p.Count)))}";
        if (fixedPorts is not null && d.Ports.Select((p, i) => p.Base != fixedPorts[i]).Any(b => b))
            return $"its ports must start at {string.Join(", ", fixedPorts.Select(p => $"0x{p:x}"))}";
        if (d.Irqs.Count != irqs)
            return $"needs {irqs} interrupt line(s), has {d.Irqs.Count}";
        return null;
    }

    public static Device Create(DeviceDescription d, DeviceContext context, MachineOptions options) => d.Model switch
    {
        "i8254" => new Pit8254(context),
        "uart16550" => new Uart16550(context),
        "i8042" => new I8042(context),
        "bochs-vbe" => new BochsVbe(context, options.VideoMemoryBytes),
        "pci-cfg" => new PciConfigSpace(context),
        "ata" => new AtaController(context, options),
        "pl011" => new Pl011(context),
        "sp804" => new Sp804(context),
        _ => throw new ArgumentException($"unknown device model '{d.Model}'"),
    };
}
