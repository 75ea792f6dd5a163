namespace Framework.Machine.Devices;

/// <summary>
/// PCI configuration mechanism #1 (pc: CONFIG_ADDRESS at 0xcf8, 32-bit accesses only;
/// CONFIG_DATA at 0xcfc-0xcff, 8/16/32-bit accesses within the dword) and the functions behind it.
/// </summary>
/// <remarks>
/// CONFIG_ADDRESS: enable bit 31, bus bits 23-16, device bits 15-11, function bits 10-8, register
/// bits 7-2. A disabled address, an absent function or a bus no bridge forwards to reads all ones
/// (so the vendor ID reads 0xffff) and ignores writes. Functions behind a PCI-to-PCI bridge
/// answer on the bus number programmed as the bridge's secondary bus.
/// <para>
/// The pc's functions: 00:00.0 host bridge (8086:1237, 440FX); 00:01.0 ISA bridge (8086:7000,
/// multi-function) and 00:01.1 IDE controller (8086:7010, legacy mode, bus-master I/O BAR4 of 16
/// bytes at 0xc000); 00:02.0 VGA (1234:1111, the Bochs display, prefetchable BAR0 of 16 MiB at
/// 0xe0000000 = the framebuffer); 00:03.0 PCI-to-PCI bridge (8086:244e; primary 0, secondary 1,
/// subordinate 1); 01:00.0 behind it, an Ethernet controller (8086:100e; BAR0 memory 128 KiB at
/// 0xe2000000, BAR1 I/O 64 bytes at 0xd000, INTA on line 11). Only configuration space is
/// modelled: the IDE and Ethernet registers behind the BARs are not devices of the machine.
/// </para>
/// </remarks>
public sealed class PciConfigSpace : Device
{
    private readonly List<PciFunction> _functions = [];
    private uint _address;

    internal PciConfigSpace(DeviceContext context) : base(context)
    {
        Add(new PciFunction(0, 0, 0, 0x8086, 0x1237, 0x060000, 0x02, bridge: false, multiFunction: false));
        Add(new PciFunction(0, 1, 0, 0x8086, 0x7000, 0x060100, 0x00, bridge: false, multiFunction: true));
        var ide = Add(new PciFunction(0, 1, 1, 0x8086, 0x7010, 0x010180, 0x00, bridge: false, multiFunction: false));
        ide.Bar(4, io: true, size: 16, address: 0xc000);
        var vga = Add(new PciFunction(0, 2, 0, 0x1234, 0x1111, 0x030000, 0x02, bridge: false, multiFunction: false));
        vga.Bar(0, io: false, size: 16 * 1024 * 1024, address: 0xe0000000, prefetchable: true);
        vga.Put16(0x2c, 0x1af4);
        vga.Put16(0x2e, 0x1100);
        var bridge = Add(new PciFunction(0, 3, 0, 0x8086, 0x244e, 0x060400, 0x92, bridge: true, multiFunction: false));
        bridge.Write(0x18, 3, 0x010100); // primary 0, secondary 1, subordinate 1
        bridge.Write(0x1c, 2, 0xd0d0);   // I/O window 0xd000-0xdfff
        bridge.Write(0x20, 4, 0xe200e200); // memory window 0xe2000000-0xe20fffff
        var nic = Add(new PciFunction(1, 0, 0, 0x8086, 0x100e, 0x020000, 0x03, bridge: false, multiFunction: false) { Behind = bridge });
        nic.Bar(0, io: false, size: 128 * 1024, address: 0xe2000000);
        nic.Bar(1, io: true, size: 64, address: 0xd000);
        nic.Put16(0x3c, 0x010b); // line 11, pin INTA
    }

    private PciFunction Add(PciFunction f)
    {
        _functions.Add(f);
        return f;
    }

    /// <summary>The functions with the bus numbers they answer on now.</summary>
    public IReadOnlyList<PciFunction> Functions => _functions;

    /// <summary>The function answering at bus/device/function, or null.</summary>
    public PciFunction? Find(int bus, int device, int function)
    {
        foreach (var f in _functions)
            if (f.Device == device && f.Function == function && BusOf(f) == bus)
                return f;
        return null;
    }

    private static int BusOf(PciFunction f) =>
        f.Behind is { } bridge ? (bridge.SecondaryBus != 0 && bridge.SecondaryBus <= bridge.SubordinateBus ? bridge.SecondaryBus : -1) : f.Bus;

    protected internal override BusRead PortIn(ushort port, AccessWidth width)
    {
        int bytes = (int)width / 8;
        if (port < 0xcfc)
            return port == 0xcf8 && width == AccessWidth.Bits32 ? BusRead.Ok(_address) : BusRead.Failed(BusStatus.BadWidth, width);
        int within = port - 0xcfc;
        if (within + bytes > 4)
            return BusRead.Failed(BusStatus.BadWidth, width);
        if (Selected() is not { } f)
            return BusRead.Ok(BusRead.AllOnes(width));
        return BusRead.Ok(f.Read((int)(_address & 0xfc) + within, bytes));
    }

    protected internal override BusStatus PortOut(ushort port, AccessWidth width, uint value)
    {
        int bytes = (int)width / 8;
        if (port < 0xcfc)
        {
            if (port != 0xcf8 || width != AccessWidth.Bits32)
                return BusStatus.BadWidth;
            _address = value & 0x80fffffc;
            return BusStatus.Ok;
        }
        int within = port - 0xcfc;
        if (within + bytes > 4)
            return BusStatus.BadWidth;
        Selected()?.Write((int)(_address & 0xfc) + within, bytes, value);
        return BusStatus.Ok;
    }

    private PciFunction? Selected()
    {
        if ((_address & 0x80000000) == 0)
            return null;
        int bus = (int)(_address >> 16) & 0xff, device = (int)(_address >> 11) & 0x1f, function = (int)(_address >> 8) & 7;
        var f = Find(bus, device, function);
        // function N > 0 answers only if function 0 of the device says it is multi-function
        if (f is not null && function > 0 && Find(bus, device, 0) is { } f0 && (f0.Read(0x0e, 1) & 0x80) == 0)
            return null;
        return f;
    }
}
