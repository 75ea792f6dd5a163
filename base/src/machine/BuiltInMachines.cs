namespace Framework.Machine;

/// <summary>
/// The machines the run tool can name: <c>pc</c>, a PC with the classic ISA devices and a PCI
/// configuration space, and <c>vpb926</c>, the ARM926 Versatile PB board the Codezero kernel runs
/// on (seed 000: 64 MiB of RAM from 0, the kernel keeping the first 0x41000 bytes).
/// </summary>
public static class BuiltInMachines
{
    /// <summary>A PC: 64 MiB of RAM (the legacy hole at 0xa0000-0x100000 reserved), 16 ISA interrupt lines.</summary>
    public static MachineDescription Pc { get; } = new(
        "pc", "x86_32",
        [
            new MemoryRegion("conventional", 0x0, 0xa0000, MemoryKind.Ram),
            new MemoryRegion("legacy-vga-and-bios", 0xa0000, 0x60000, MemoryKind.Reserved),
            new MemoryRegion("extended", 0x100000, 0x3f00000, MemoryKind.Ram),
        ],
        16,
        [
            new DeviceDescription("pit", "i8254", [], [new PortRange(0x40, 4)], [0]),
            new DeviceDescription("ps2", "i8042", [], [new PortRange(0x60, 1), new PortRange(0x64, 1)], [1, 12]),
            new DeviceDescription("com1", "uart16550", [], [new PortRange(0x3f8, 8)], [4]),
            new DeviceDescription("vbe", "bochs-vbe", [new MmioRange(0xe0000000, 0x1000000)], [new PortRange(0x1ce, 3)], []),
            new DeviceDescription("pci", "pci-cfg", [], [new PortRange(0xcf8, 8)], []),
            new DeviceDescription("ata0", "ata", [], [new PortRange(0x1f0, 8), new PortRange(0x3f6, 1)], [14]),
        ]);

    /// <summary>
    /// The Versatile PB926: 64 MiB of RAM at 0 (0-0x41000 reserved for the kernel), the PL011
    /// UART0 at 0x101f1000 (VIC line 12) and the SP804 timers 0/1 at 0x101e2000 (VIC line 4),
    /// 32 interrupt lines (the PL190 VIC's).
    /// </summary>
    public static MachineDescription Vpb926 { get; } = new(
        "vpb926", "arm_v5",
        [
            new MemoryRegion("kernel", 0x0, 0x41000, MemoryKind.Reserved),
            new MemoryRegion("ram", 0x41000, 0x4000000 - 0x41000, MemoryKind.Ram),
        ],
        32,
        [
            new DeviceDescription("timer0", "sp804", [new MmioRange(0x101e2000, 0x1000)], [], [4]),
            new DeviceDescription("uart0", "pl011", [new MmioRange(0x101f1000, 0x1000)], [], [12]),
        ]);

    /// <summary>The built-in machine called <paramref name="name"/>.</summary>
    public static bool TryGet(string name, out MachineDescription description)
    {
        description = name switch { "pc" => Pc, "vpb926" => Vpb926, _ => null! };
        return description is not null;
    }

    public static IReadOnlyList<string> Names => ["pc", "vpb926"];
}
