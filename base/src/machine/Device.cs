namespace Framework.Machine;

/// <summary>What a device model sees of its machine: the virtual clock and its interrupt lines.</summary>
public sealed class DeviceContext
{
    private readonly Machine _machine;
    private readonly int[] _irqs;

    internal DeviceContext(Machine machine, DeviceDescription description)
    {
        _machine = machine;
        Description = description;
        _irqs = [.. description.Irqs];
    }

    public DeviceDescription Description { get; }

    /// <summary>Virtual time in microseconds.</summary>
    public ulong NowUs => _machine.NowUs;

    /// <summary>Sets the level of the device's <paramref name="index"/>-th interrupt line.</summary>
    public void SetIrq(int index, bool high) => _machine.Lines.SetLevel(_irqs[index], high);

    /// <summary>Pulses the device's <paramref name="index"/>-th interrupt line (an edge).</summary>
    public void PulseIrq(int index) => _machine.Lines.Pulse(_irqs[index]);
}

/// <summary>
/// A simulated device: it answers the accesses to its MMIO ranges and I/O ports and, if it has
/// timed behaviour, tells the machine when its next event is due.
/// </summary>
public abstract class Device
{
    protected Device(DeviceContext context) => Context = context;

    protected DeviceContext Context { get; }

    public string Name => Context.Description.Name;

    /// <summary>A read of <paramref name="offset"/> within the device's MMIO range number <paramref name="range"/>.</summary>
    protected internal virtual BusRead ReadMmio(int range, ulong offset, AccessWidth width) => BusRead.Failed(BusStatus.Unmapped, width);

    protected internal virtual BusStatus WriteMmio(int range, ulong offset, AccessWidth width, uint value) => BusStatus.Unmapped;

    /// <summary>A read of I/O port <paramref name="port"/> (absolute), one of the device's ranges.</summary>
    protected internal virtual BusRead PortIn(ushort port, AccessWidth width) => BusRead.Failed(BusStatus.Unmapped, width);

    protected internal virtual BusStatus PortOut(ushort port, AccessWidth width, uint value) => BusStatus.Unmapped;

    /// <summary>Time of the device's next timed event (virtual microseconds), or null if none.</summary>
    protected internal virtual ulong? NextEventUs => null;

    /// <summary>Called when virtual time reaches <see cref="NextEventUs"/>.</summary>
    protected internal virtual void OnTime() { }
}
