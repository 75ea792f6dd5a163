namespace Framework.Os.Pci;

/// <summary>
/// pci_drv's view of the machine: the initial scan that marks valid buses (from bus 0, following
/// every PCI-to-PCI bridge's secondary bus at 0x19), and the search for the next function after
/// a given one, which the PCI session's <c>first_device</c>/<c>next_device</c> use.
/// </summary>
/// <remarks>
/// Departures from 12.02: a bus is scanned at most once, so a bridge whose secondary bus points
/// back at an already scanned bus (a loop Genode would recurse into until its stack overflows) is
/// reported in <see cref="Problems"/> and not followed; the scan uses an explicit work list, not
/// recursion. BARs are sized once per <see cref="DeviceConfig.Read"/>, as in Genode, but the
/// initial scan reads identities only, so it does not write every BAR twice.
/// </remarks>
public sealed class PciBus
{
    public const int MaxBuses = 256;
    public const int MaxDevices = 32;
    public const int MaxFunctions = 8;

    private readonly ConfigAccess _config;
    private readonly bool[] _validBus = new bool[MaxBuses];
    private readonly List<string> _problems = [];

    public PciBus(ConfigAccess config)
    {
        _config = config;
        ScanBuses();
    }

    /// <summary>What the scan found odd (bridge loops), in scan order.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The buses on which the initial scan found at least one function, ascending.</summary>
    public IEnumerable<int> ValidBuses => Enumerable.Range(0, MaxBuses).Where(b => _validBus[b]);

    public bool BusValid(int bus) => bus is >= 0 and < MaxBuses && _validBus[bus];

    private void ScanBuses()
    {
        var scanned = new bool[MaxBuses];
        var pending = new Stack<int>();
        pending.Push(0);
        scanned[0] = true;
        while (pending.Count > 0)
        {
            int bus = pending.Pop();
            var bridges = new List<int>();
            for (int dev = 0; dev < MaxDevices; dev++)
            {
                for (int fn = 0; fn < MaxFunctions; fn++)
                {
                    var a = new PciAddress(bus, dev, fn);
                    if (!Present(a))
                        continue;
                    _validBus[bus] = true;
                    if ((_config.Read(a, 0x0E, AccessSize.Access8Bit) & 0x7F) != DeviceConfig.HeaderPciToPci)
                        continue;
                    int secondary = (int)_config.Read(a, 0x19, AccessSize.Access8Bit);
                    if (scanned[secondary])
                    {
                        _problems.Add($"bridge {a} names bus {secondary:x2} as its secondary bus, which was scanned already: not followed");
                        continue;
                    }
                    scanned[secondary] = true;
                    bridges.Add(secondary);
                }
            }
            // Buses behind this bus's bridges next, in bridge order (validity does not depend on order).
            for (int i = bridges.Count - 1; i >= 0; i--)
                pending.Push(bridges[i]);
        }
    }

    /// <summary>Genode's validity test without the BAR sizing: a vendor id and, for functions 1-7, function 0's multi-function bit.</summary>
    private bool Present(PciAddress a) =>
        (ushort)_config.Read(a, 0x00, AccessSize.Access16Bit) != 0xFFFF
        && (a.Function == 0 || (_config.Read(new PciAddress(a.Bus, a.Device, 0), 0x0E, AccessSize.Access8Bit) & 0x80) != 0);

    /// <summary>
    /// The first valid function at or after <paramref name="bus"/>:<paramref name="device"/>.<paramref name="function"/>
    /// on a valid bus (Session_component::_find_next), read with <see cref="DeviceConfig.Read"/>.
    /// </summary>
    public DeviceConfig? FindNext(int bus, int device, int function)
    {
        for (; bus < MaxBuses; bus++, device = 0, function = 0)
        {
            if (!_validBus[bus])
                continue;
            for (; device < MaxDevices; device++, function = 0)
            {
                for (; function < MaxFunctions; function++)
                {
                    var config = DeviceConfig.Read(_config, new PciAddress(bus, device, function));
                    if (config is not null)
                        return config;
                }
            }
        }
        return null;
    }

    /// <summary><c>first_device</c> (previous null) and <c>next_device</c>: the function after <paramref name="previous"/>.</summary>
    public DeviceConfig? Next(PciAddress? previous) =>
        previous is { } p ? FindNext(p.Bus, p.Device, p.Function + 1) : FindNext(0, 0, 0);

    /// <summary>Every function in iteration order.</summary>
    public IEnumerable<DeviceConfig> Devices()
    {
        for (var d = Next(null); d is not null; d = Next(d.Address))
            yield return d;
    }
}
