using System.Globalization;
using Framework.Util;

namespace Framework.Machine;

public enum MemoryKind
{
    /// <summary>RAM core may hand out.</summary>
    Ram,

    /// <summary>RAM or address space not to be handed out (a kernel's area, firmware, legacy VGA).</summary>
    Reserved,
}

/// <summary>A region of the physical memory map.</summary>
public sealed record MemoryRegion(string Name, ulong Base, ulong Size, MemoryKind Kind)
{
    public ulong End => Base + Size;
}

/// <summary>A range of physical addresses a device decodes.</summary>
public readonly record struct MmioRange(ulong Base, ulong Size)
{
    public ulong End => Base + Size;

    public bool Contains(ulong address, ulong bytes) => address >= Base && bytes <= Size && address - Base <= Size - bytes;

    public override string ToString() => $"[0x{Base:x}, 0x{End:x})";
}

/// <summary>A range of x86 I/O ports a device decodes.</summary>
public readonly record struct PortRange(ushort Base, ushort Count)
{
    public int End => Base + Count;

    public bool Contains(int port, int bytes) => port >= Base && port + bytes <= End;

    public override string ToString() => $"ports [0x{Base:x}, 0x{End:x})";
}

/// <summary>A device: its name, its model (which simulation answers it), where it sits, and its interrupt lines.</summary>
public sealed record DeviceDescription(string Name, string Model, IReadOnlyList<MmioRange> Mmio, IReadOnlyList<PortRange> Ports, IReadOnlyList<int> Irqs)
{
    public DeviceDescription(string name, string model) : this(name, model, [], [], []) { }
}

/// <summary>
/// A machine as data: its RAM and physical memory map, its interrupt lines and its devices. Core
/// builds its RAM allocator from the map and its IO_MEM/IO_PORT/IRQ sessions from the devices;
/// <see cref="Machine"/> simulates the devices. Written as and read from XML
/// (<see cref="ToXml"/>, <see cref="TryParseXml"/>) so a run script can name or describe one.
/// </summary>
public sealed record MachineDescription(
    string Name, string Architecture, IReadOnlyList<MemoryRegion> MemoryMap, int IrqLines, IReadOnlyList<DeviceDescription> Devices)
{
    /// <summary>Bytes of RAM core may hand out (the <see cref="MemoryKind.Ram"/> regions).</summary>
    public ulong RamSize => MemoryMap.Where(r => r.Kind == MemoryKind.Ram).Aggregate(0UL, (sum, r) => sum + r.Size);

    public DeviceDescription? Device(string name) => Devices.FirstOrDefault(d => d.Name == name);

    /// <summary>
    /// Everything wrong with the description: unknown models or resources a model cannot use,
    /// overlapping memory regions, MMIO ranges or port ranges, IRQ lines out of range or shared,
    /// duplicate names. Empty if the machine can be built.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (IrqLines is < 1 or > 256)
            errors.Add($"machine '{Name}': {IrqLines} interrupt lines, expected 1..256");

        var spans = new List<(ulong Base, ulong End, string What)>();
        foreach (var r in MemoryMap)
        {
            if (r.Size == 0 || r.Base + r.Size < r.Base)
                errors.Add($"memory region '{r.Name}': base 0x{r.Base:x} size 0x{r.Size:x} is empty or wraps");
            else
                spans.Add((r.Base, r.End, $"memory region '{r.Name}'"));
        }

        var ports = new List<(int Base, int End, string What)>();
        var irqOwner = new Dictionary<int, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in Devices)
        {
            if (!names.Add(d.Name))
                errors.Add($"device '{d.Name}' is described twice");
            if (DeviceModels.Check(d) is { } modelError)
                errors.Add($"device '{d.Name}' ({d.Model}): {modelError}");
            foreach (var m in d.Mmio)
            {
                if (m.Size == 0 || m.Base + m.Size < m.Base)
                    errors.Add($"device '{d.Name}': MMIO {m} is empty or wraps");
                else
                    spans.Add((m.Base, m.End, $"device '{d.Name}' MMIO {m}"));
            }
            foreach (var p in d.Ports)
            {
                if (p.Count == 0 || p.End > 0x10000)
                    errors.Add($"device '{d.Name}': {p} is empty or beyond port 0xffff");
                else
                    ports.Add((p.Base, p.End, $"device '{d.Name}' {p}"));
            }
            foreach (int irq in d.Irqs)
            {
                if (irq < 0 || irq >= IrqLines)
                    errors.Add($"device '{d.Name}': IRQ {irq} outside 0..{IrqLines - 1}");
                else if (!irqOwner.TryAdd(irq, d.Name))
                    errors.Add($"device '{d.Name}': IRQ {irq} is already the line of device '{irqOwner[irq]}'");
            }
        }

        spans.Sort((a, b) => a.Base.CompareTo(b.Base));
        for (int i = 1; i < spans.Count; i++)
            if (spans[i].Base < spans[i - 1].End)
                errors.Add($"{spans[i].What} overlaps {spans[i - 1].What}");
        ports.Sort((a, b) => a.Base.CompareTo(b.Base));
        for (int i = 1; i < ports.Count; i++)
            if (ports[i].Base < ports[i - 1].End)
                errors.Add($"{ports[i].What} overlaps {ports[i - 1].What}");
        return errors;
    }

    /// <summary>The description as XML (hexadecimal addresses, tab-indented), deterministic.</summary>
    public string ToXml() => XmlGenerator.Generate("machine", g =>
    {
        g.Attribute("name", Name);
        g.Attribute("arch", Architecture);
        g.Attribute("irq_lines", IrqLines);
        foreach (var r in MemoryMap)
            g.Node("memory", () =>
            {
                g.Attribute("name", r.Name);
                g.Attribute("base", Hex(r.Base));
                g.Attribute("size", Hex(r.Size));
                g.Attribute("kind", r.Kind == MemoryKind.Ram ? "ram" : "reserved");
            });
        foreach (var d in Devices)
            g.Node("device", () =>
            {
                g.Attribute("name", d.Name);
                g.Attribute("model", d.Model);
                foreach (var m in d.Mmio)
                    g.Node("mmio", () => { g.Attribute("base", Hex(m.Base)); g.Attribute("size", Hex(m.Size)); });
                foreach (var p in d.Ports)
                    g.Node("ports", () => { g.Attribute("base", Hex(p.Base)); g.Attribute("count", Hex(p.Count)); });
                foreach (int irq in d.Irqs)
                    g.Node("irq", () => g.Attribute("line", irq));
            });
    });

    private static string Hex(ulong v) => "0x" + v.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Reads a description written as <see cref="ToXml"/> writes it; false with every problem found.</summary>
    public static bool TryParseXml(string xml, out MachineDescription description, out IReadOnlyList<string> errors)
    {
        description = null!;
        var problems = new List<string>();
        errors = problems;
        if (!XmlNode.TryParse(xml, out var root, out var syntax))
        {
            problems.Add($"machine description: {syntax!.Message}");
            return false;
        }
        if (root.Type != "machine")
        {
            problems.Add($"machine description: top node is <{root.Type}>, expected <machine>");
            return false;
        }

        ulong Number(XmlNode node, string attribute)
        {
            ulong value = node.Attribute(attribute, ulong.MaxValue);
            if (value == ulong.MaxValue)
                problems.Add($"line {node.Line}: <{node.Type}> needs a numeric '{attribute}' attribute");
            return value;
        }

        string Text(XmlNode node, string attribute)
        {
            string value = node.Attribute(attribute, "");
            if (value.Length == 0)
                problems.Add($"line {node.Line}: <{node.Type}> needs a '{attribute}' attribute");
            return value;
        }

        var memory = new List<MemoryRegion>();
        foreach (var m in root.SubNodesOfType("memory"))
        {
            string kind = m.Attribute("kind", "ram");
            if (kind is not ("ram" or "reserved"))
                problems.Add($"line {m.Line}: memory kind '{kind}', expected ram or reserved");
            memory.Add(new MemoryRegion(Text(m, "name"), Number(m, "base"), Number(m, "size"), kind == "reserved" ? MemoryKind.Reserved : MemoryKind.Ram));
        }
        var devices = new List<DeviceDescription>();
        foreach (var d in root.SubNodesOfType("device"))
        {
            var mmio = d.SubNodesOfType("mmio").Select(n => new MmioRange(Number(n, "base"), Number(n, "size"))).ToList();
            var portRanges = new List<PortRange>();
            foreach (var p in d.SubNodesOfType("ports"))
            {
                ulong b = Number(p, "base"), c = Number(p, "count");
                if (b > 0xffff || c > 0x10000 - b)
                    problems.Add($"line {p.Line}: ports base 0x{b:x} count 0x{c:x} beyond port 0xffff");
                else
                    portRanges.Add(new PortRange((ushort)b, (ushort)c));
            }
            var irqs = d.SubNodesOfType("irq").Select(n => (int)Math.Min(Number(n, "line"), int.MaxValue)).ToList();
            devices.Add(new DeviceDescription(Text(d, "name"), Text(d, "model"), mmio, portRanges, irqs));
        }
        ulong lines = Number(root, "irq_lines");
        var candidate = new MachineDescription(Text(root, "name"), root.Attribute("arch", ""), memory, (int)Math.Min(lines, int.MaxValue), devices);
        if (problems.Count > 0)
            return false;
        problems.AddRange(candidate.Validate());
        if (problems.Count > 0)
            return false;
        description = candidate;
        return true;
    }
}
