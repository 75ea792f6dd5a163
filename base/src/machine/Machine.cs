namespace Framework.Machine;

/// <summary>
/// A simulated machine built from a <see cref="MachineDescription"/>: its devices, reached only
/// through the bus (<see cref="IBus"/>), its interrupt lines, reported to an <see cref="IIrqSink"/>,
/// and a virtual clock. Nothing runs by itself: no host thread, no wall clock. Time moves only by
/// <see cref="AdvanceTo"/>, which runs every device event due up to then, in time order (devices
/// in description order at equal times), raising their interrupts.
/// </summary>
/// <remarks>Not thread-safe; its owner (core) serialises accesses.</remarks>
public sealed class Machine : IBus
{
    private readonly Device[] _devices;
    private readonly (MmioRange Range, Device Device, int Index)[] _mmio;
    private readonly (PortRange Range, Device Device)[] _ports;

    private Machine(MachineDescription description, MachineOptions options)
    {
        Description = description;
        IrqSink = options.IrqSink;
        Lines = new InterruptLines(description.IrqLines, () => IrqSink);
        _devices = description.Devices.Select(d => DeviceModels.Create(d, new DeviceContext(this, d), options)).ToArray();
        _mmio = description.Devices.SelectMany((d, i) => d.Mmio.Select((m, r) => (m, _devices[i], r)))
            .OrderBy(e => e.m.Base).ToArray();
        _ports = description.Devices.SelectMany((d, i) => d.Ports.Select(p => (p, _devices[i])))
            .OrderBy(e => e.p.Base).ToArray();
    }

    /// <summary>Builds the machine, or gives every problem of the description.</summary>
    public static bool TryCreate(MachineDescription description, MachineOptions? options, out Machine machine, out IReadOnlyList<string> errors)
    {
        errors = description.Validate();
        machine = errors.Count == 0 ? new Machine(description, options ?? new MachineOptions()) : null!;
        return errors.Count == 0;
    }

    /// <summary>Builds the machine; an invalid description is a bug of the caller here.</summary>
    public static Machine Create(MachineDescription description, MachineOptions? options = null) =>
        TryCreate(description, options, out var machine, out var errors)
            ? machine
            : throw new ArgumentException($"invalid machine description '{description.Name}': {string.Join("; ", errors)}", nameof(description));

    public MachineDescription Description { get; }

    /// <summary>Where interrupts go; null drops them (they stay asserted and in service).</summary>
    public IIrqSink? IrqSink { get; set; }

    internal InterruptLines Lines { get; }

    public IReadOnlyList<Device> Devices => _devices;

    /// <summary>The device named <paramref name="name"/> in the description, as its model type.</summary>
    public T Device<T>(string name) where T : Device =>
        _devices.OfType<T>().FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"machine '{Description.Name}' has no {typeof(T).Name} named '{name}'", nameof(name));

    public bool TryGetDevice<T>(string name, out T device) where T : Device
    {
        device = _devices.OfType<T>().FirstOrDefault(d => d.Name == name)!;
        return device is not null;
    }

    // ---- interrupts -------------------------------------------------------------------------

    /// <summary>Ends the service of an interrupt line (the IRQ session's acknowledgement); false for no such line.</summary>
    public bool AcknowledgeIrq(int line) => Lines.Acknowledge(line);

    public bool IsIrqAsserted(int line) => Lines.IsAsserted(line);

    public bool IsIrqInService(int line) => Lines.IsInService(line);

    /// <summary>How often <paramref name="line"/> was delivered to the sink.</summary>
    public long IrqDeliveries(int line) => Lines.DeliveredCount(line);

    // ---- time -------------------------------------------------------------------------------

    /// <summary>Virtual time in microseconds since the machine was built.</summary>
    public ulong NowUs { get; private set; }

    /// <summary>The time of the next device event, or null if no device has one.</summary>
    public ulong? NextEventUs
    {
        get
        {
            ulong? next = null;
            foreach (var d in _devices)
                if (d.NextEventUs is { } t && (next is null || t < next))
                    next = t;
            return next;
        }
    }

    /// <summary>
    /// Moves virtual time to <paramref name="us"/>, running every device event due until then;
    /// returns how many ran. Time never goes back: an earlier time runs nothing.
    /// </summary>
    public int AdvanceTo(ulong us)
    {
        int events = 0;
        while (true)
        {
            Device? due = null;
            ulong dueAt = 0;
            foreach (var d in _devices)
                if (d.NextEventUs is { } t && t <= us && (due is null || t < dueAt))
                {
                    due = d;
                    dueAt = t;
                }
            if (due is null)
                break;
            NowUs = Math.Max(NowUs, dueAt);
            due.OnTime();
            events++;
            if (due.NextEventUs is { } again && again <= dueAt)
                throw new InvalidOperationException($"device '{due.Name}' did not move its event past {dueAt} us");
        }
        NowUs = Math.Max(NowUs, us);
        return events;
    }

    public int AdvanceBy(ulong us) => AdvanceTo(NowUs + us);

    // ---- the bus ----------------------------------------------------------------------------

    public BusRead ReadMmio(ulong address, AccessWidth width)
    {
        if (!IsWidth(width))
            return BusRead.Failed(BusStatus.BadWidth, AccessWidth.Bits32);
        foreach (var (range, device, index) in _mmio)
            if (range.Contains(address, (ulong)width / 8))
                return device.ReadMmio(index, address - range.Base, width);
        return BusRead.Failed(BusStatus.Unmapped, width);
    }

    public BusStatus WriteMmio(ulong address, AccessWidth width, uint value)
    {
        if (!IsWidth(width))
            return BusStatus.BadWidth;
        foreach (var (range, device, index) in _mmio)
            if (range.Contains(address, (ulong)width / 8))
                return device.WriteMmio(index, address - range.Base, width, Truncate(value, width));
        return BusStatus.Unmapped;
    }

    public BusRead PortIn(ushort port, AccessWidth width)
    {
        if (!IsWidth(width))
            return BusRead.Failed(BusStatus.BadWidth, AccessWidth.Bits32);
        foreach (var (range, device) in _ports)
            if (range.Contains(port, (int)width / 8))
                return device.PortIn(port, width);
        return BusRead.Failed(BusStatus.Unmapped, width);
    }

    public BusStatus PortOut(ushort port, AccessWidth width, uint value)
    {
        if (!IsWidth(width))
            return BusStatus.BadWidth;
        foreach (var (range, device) in _ports)
            if (range.Contains(port, (int)width / 8))
                return device.PortOut(port, width, Truncate(value, width));
        return BusStatus.Unmapped;
    }

    private static bool IsWidth(AccessWidth width) => width is AccessWidth.Bits8 or AccessWidth.Bits16 or AccessWidth.Bits32;

    private static uint Truncate(uint value, AccessWidth width) => value & BusRead.AllOnes(width);
}
