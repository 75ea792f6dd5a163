using System.Buffers.Binary;
using Framework.Os.Pci;

namespace Framework.Os.Acpi.Tests;

/// <summary>
/// A modelled PCI configuration space behind ports 0xCF8/0xCFC, as a chipset implements
/// mechanism #1: the dword written to 0xCF8 selects bus/device/function/register when bit 31 is
/// set; 0xCFC-0xCFF read and write the selected dword's bytes; an absent function reads all ones.
/// BARs keep only the bits their size allows (so writing ~0 reveals the size).
/// </summary>
internal sealed class FakePciMachine : IIoPorts
{
    private readonly Dictionary<(int, int, int), Function> _functions = [];
    private uint _address;

    public List<string> Log { get; } = [];

    public sealed class Function
    {
        public byte[] Config { get; } = new byte[256];

        /// <summary>Size of each BAR (0 = not implemented); the type bits of the initial value are kept.</summary>
        public uint[] BarSizes { get; } = new uint[6];
    }

    public Function Add(int bus, int dev, int fn, ushort vendor, ushort device, uint classCode, byte header, byte pin = 0, byte line = 0)
    {
        var f = new Function();
        BinaryPrimitives.WriteUInt16LittleEndian(f.Config.AsSpan(0), vendor);
        BinaryPrimitives.WriteUInt16LittleEndian(f.Config.AsSpan(2), device);
        BinaryPrimitives.WriteUInt32LittleEndian(f.Config.AsSpan(8), classCode << 8 | 0x01);
        f.Config[0x0E] = header;
        f.Config[0x3C] = line;
        f.Config[0x3D] = pin;
        _functions[(bus, dev, fn)] = f;
        return f;
    }

    public static void Bar(Function f, int index, uint value, uint size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(f.Config.AsSpan(0x10 + (4 * index)), value);
        f.BarSizes[index] = size;
    }

    public static void Buses(Function bridge, byte primary, byte secondary, byte subordinate)
    {
        bridge.Config[0x18] = primary;
        bridge.Config[0x19] = secondary;
        bridge.Config[0x1A] = subordinate;
    }

    public Function? At(int bus, int dev, int fn) => _functions.GetValueOrDefault((bus, dev, fn));

    private (Function? F, int Register) Selected()
    {
        if ((_address & 0x80000000) == 0)
            return (null, 0);
        var key = ((int)(_address >> 16) & 0xFF, (int)(_address >> 11) & 0x1F, (int)(_address >> 8) & 7);
        return (_functions.GetValueOrDefault(key), (int)(_address & 0xFC));
    }

    private uint Read(ushort port, int bytes)
    {
        if (port < 0xCFC || port + bytes > 0xD00)
            throw new InvalidOperationException($"read of port 0x{port:X} is not config data");
        var (f, reg) = Selected();
        uint v = 0;
        for (int i = 0; i < bytes; i++)
            v |= (uint)(f is null ? 0xFF : f.Config[reg + (port - 0xCFC) + i]) << (8 * i);
        return v;
    }

    private void Write(ushort port, uint value, int bytes)
    {
        if (port == 0xCF8 && bytes == 4)
        {
            _address = value;
            Log.Add($"CF8 <- 0x{value:X8}");
            return;
        }
        if (port < 0xCFC || port + bytes > 0xD00)
            throw new InvalidOperationException($"write of port 0x{port:X} is not config data");
        var (f, reg) = Selected();
        if (f is null)
            return;
        int at = reg + (port - 0xCFC);
        for (int i = 0; i < bytes; i++)
            f.Config[at + i] = (byte)(value >> (8 * i));
        if (reg is >= 0x10 and < 0x28)
        {
            // A BAR keeps its type bits and only the address bits above its size.
            int index = (reg - 0x10) / 4;
            uint size = f.BarSizes[index];
            uint old = BinaryPrimitives.ReadUInt32LittleEndian(f.Config.AsSpan(reg));
            uint typeBits = (old & 1) != 0 ? old & 3 : old & 0xF;
            uint kept = size == 0 ? 0 : (old & ~(size - 1) & ~((old & 1) != 0 ? 3u : 0xFu)) | typeBits;
            BinaryPrimitives.WriteUInt32LittleEndian(f.Config.AsSpan(reg), kept);
        }
    }

    public byte InB(ushort port) => (byte)Read(port, 1);

    public ushort InW(ushort port) => (ushort)Read(port, 2);

    public uint InL(ushort port) => Read(port, 4);

    public void OutB(ushort port, byte value) => Write(port, value, 1);

    public void OutW(ushort port, ushort value) => Write(port, value, 2);

    public void OutL(ushort port, uint value) => Write(port, value, 4);

    /// <summary>
    /// The test machine: host bridge 00:00.0; multi-function 00:01.0-2 (ISA, IDE with an I/O BAR,
    /// USB on INTD); VGA 00:02.0 with a prefetchable 16 MiB BAR and a stray 00:02.1 that must be
    /// ignored (no multi-function bit); NIC 00:03.0 on INTA; bridge 00:1e.0 to bus 1 with a
    /// device 01:00.0; and a device on bus 2, which no bridge leads to.
    /// </summary>
    public static FakePciMachine Standard()
    {
        var m = new FakePciMachine();
        m.Add(0, 0, 0, 0x8086, 0x1237, 0x060000, 0x00);
        m.Add(0, 1, 0, 0x8086, 0x7000, 0x060100, 0x80);
        var ide = m.Add(0, 1, 1, 0x8086, 0x7010, 0x010180, 0x00);
        Bar(ide, 4, 0xC041, 16);
        m.Add(0, 1, 2, 0x8086, 0x7020, 0x0C0300, 0x00, pin: 4, line: 9);
        var vga = m.Add(0, 2, 0, 0x1234, 0x1111, 0x030000, 0x00);
        Bar(vga, 0, 0xFD000008, 16 << 20);
        m.Add(0, 2, 1, 0x1234, 0x2222, 0x038000, 0x00);
        var nic = m.Add(0, 3, 0, 0x8086, 0x100E, 0x020000, 0x00, pin: 1, line: 11);
        Bar(nic, 0, 0xFEBC0000, 128 << 10);
        Bar(nic, 1, 0xC001, 64);
        var bridge = m.Add(0, 0x1E, 0, 0x8086, 0x244E, 0x060400, 0x01);
        Buses(bridge, 0, 1, 1);
        m.Add(1, 0, 0, 0x10EC, 0x8139, 0x020000, 0x00, pin: 1, line: 10);
        m.Add(2, 0, 0, 0xDEAD, 0xBEEF, 0x020000, 0x00, pin: 1, line: 5);
        return m;
    }
}
