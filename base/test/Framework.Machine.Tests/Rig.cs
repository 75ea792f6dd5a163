using Framework.Machine;

namespace Framework.Machine.Tests;

/// <summary>Records interrupt deliveries with their virtual time.</summary>
internal sealed class IrqRecorder(Func<ulong> now) : IIrqSink
{
    public List<(int Line, ulong Us)> Deliveries { get; } = [];
    public void Raised(int line) => Deliveries.Add((line, now()));
    public int Count(int line) => Deliveries.Count(r => r.Line == line);
}

/// <summary>A machine and a driver's view of it: port and MMIO accesses that must succeed.</summary>
internal sealed class Rig
{
    public Rig(MachineDescription description, MachineOptions? options = null)
    {
        Machine = Machine.Create(description, options);
        Irqs = new IrqRecorder(() => Machine.NowUs);
        Machine.IrqSink = Irqs;
    }

    public static Rig Pc(MachineOptions? options = null) => new(BuiltInMachines.Pc, options);
    public static Rig Vpb926(MachineOptions? options = null) => new(BuiltInMachines.Vpb926, options);

    public Machine Machine { get; }
    public IrqRecorder Irqs { get; }

    private readonly Dictionary<int, int> _taken = [];

    /// <summary>
    /// Waits (in virtual time) for the next delivery of <paramref name="line"/> not taken yet, as a
    /// driver's IRQ thread would; false if none comes.
    /// </summary>
    public bool WaitForIrq(int line)
    {
        int taken = _taken.GetValueOrDefault(line);
        while (Irqs.Count(line) <= taken && Machine.NextEventUs is { } t)
            Machine.AdvanceTo(t);
        if (Irqs.Count(line) <= taken)
            return false;
        _taken[line] = taken + 1;
        return true;
    }

    public void Out8(ushort port, byte value) => Assert.That(Machine.PortOut(port, AccessWidth.Bits8, value), Is.EqualTo(BusStatus.Ok), $"outb 0x{port:x}");
    public void Out16(ushort port, ushort value) => Assert.That(Machine.PortOut(port, AccessWidth.Bits16, value), Is.EqualTo(BusStatus.Ok), $"outw 0x{port:x}");
    public void Out32(ushort port, uint value) => Assert.That(Machine.PortOut(port, AccessWidth.Bits32, value), Is.EqualTo(BusStatus.Ok), $"outl 0x{port:x}");

    public byte In8(ushort port) => (byte)In(port, AccessWidth.Bits8);
    public ushort In16(ushort port) => (ushort)In(port, AccessWidth.Bits16);
    public uint In32(ushort port) => In(port, AccessWidth.Bits32);

    private uint In(ushort port, AccessWidth width)
    {
        var r = Machine.PortIn(port, width);
        Assert.That(r.Status, Is.EqualTo(BusStatus.Ok), $"in{(int)width} 0x{port:x}");
        return r.Value;
    }

    public uint Read32(ulong address)
    {
        var r = Machine.ReadMmio(address, AccessWidth.Bits32);
        Assert.That(r.Status, Is.EqualTo(BusStatus.Ok), $"read32 0x{address:x}");
        return r.Value;
    }

    public void Write32(ulong address, uint value) =>
        Assert.That(Machine.WriteMmio(address, AccessWidth.Bits32, value), Is.EqualTo(BusStatus.Ok), $"write32 0x{address:x}");
}
