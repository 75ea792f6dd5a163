using System.Globalization;
using System.Text.RegularExpressions;

namespace Framework.Os.Acpi.Tests;

/// <summary>
/// The decoding compared with iasl's disassembly of the same real tables (ACPICA, an independent
/// implementation): every field the parser decodes must have iasl's value at iasl's offset, and
/// the routing packages ATARE finds must be the ones iasl shows in the named packages.
/// </summary>
public sealed partial class IaslOracleTests
{
    [GeneratedRegex(@"^\[(?<hex>[0-9A-F]+)h (?<dec>\d{4})\s+(?<len>\d+)\]\s+(?<label>.+?) : (?<value>.*)$")]
    private static partial Regex FieldLine();

    /// <summary>iasl -d on a copy of the table; the .dsl text.</summary>
    private static string Disassemble(string set, string table)
    {
        string iasl = HostTool.Require("iasl");
        string dir = Path.Combine(Path.GetTempPath(), $"iasl-{set}-{table}-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllBytes(Path.Combine(dir, table), AcpiData.Table(set, table));
            Assert.That(HostTool.Run(iasl, dir, "-d", table), Is.Zero, $"iasl -d {table}");
            return File.ReadAllText(Path.Combine(dir, table + ".dsl"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>offset -> (label, numeric value) of a data table's disassembly.</summary>
    private static Dictionary<int, (string Label, ulong Value)> Fields(string dsl)
    {
        var map = new Dictionary<int, (string, ulong)>();
        foreach (var line in dsl.Split('\n'))
        {
            var m = FieldLine().Match(line.TrimEnd('\r'));
            if (!m.Success)
                continue;
            string v = m.Groups["value"].Value.Trim().Split(' ')[0];
            if (ulong.TryParse(v, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong n))
                map.TryAdd(int.Parse(m.Groups["dec"].Value, CultureInfo.InvariantCulture), (m.Groups["label"].Value, n));
        }
        return map;
    }

    private static void Expect(Dictionary<int, (string Label, ulong Value)> iasl, int offset, string label, ulong value)
    {
        Assert.That(iasl.TryGetValue(offset, out var f), Is.True, $"iasl shows no field at offset {offset}");
        Assert.That(f.Label, Is.EqualTo(label), $"offset {offset}");
        Assert.That(f.Value, Is.EqualTo(value), $"{label} at offset {offset}");
    }

    [TestCase(AcpiData.Pc)]
    [TestCase(AcpiData.Q35)]
    public void Madt_entries_match_iasl(string set)
    {
        var iasl = Fields(Disassemble(set, "APIC"));
        var madt = AcpiFirmware.FromTables(AcpiData.Tables(set)).Madt!;
        Expect(iasl, 36, "Local Apic Address", madt.LocalApicAddress);
        Expect(iasl, 40, "Flags (decoded below)", madt.Flags);
        Assert.That(madt.Entries, Has.Count.EqualTo(iasl.Values.Count(f => f.Label == "Subtable Type")));
        foreach (var e in madt.Entries)
        {
            int o = e.Offset;
            Expect(iasl, o, "Subtable Type", e.Type);
            Expect(iasl, o + 1, "Length", e.Length);
            switch (e)
            {
                case LocalApic l:
                    Expect(iasl, o + 2, "Processor ID", l.ProcessorId);
                    Expect(iasl, o + 3, "Local Apic ID", l.ApicId);
                    Expect(iasl, o + 4, "Flags (decoded below)", l.Flags);
                    break;
                case IoApic i:
                    Expect(iasl, o + 2, "I/O Apic ID", i.IoApicId);
                    Expect(iasl, o + 4, "Address", i.Address);
                    Expect(iasl, o + 8, "Interrupt", i.GsiBase);
                    break;
                case InterruptSourceOverride s:
                    Expect(iasl, o + 2, "Bus", s.Bus);
                    Expect(iasl, o + 3, "Source", s.Irq);
                    Expect(iasl, o + 4, "Interrupt", s.Gsi);
                    Expect(iasl, o + 8, "Flags (decoded below)", s.Flags);
                    break;
                case LocalApicNmi n:
                    Expect(iasl, o + 2, "Processor ID", n.ProcessorId);
                    Expect(iasl, o + 3, "Flags (decoded below)", n.Flags);
                    Expect(iasl, o + 5, "Interrupt Input LINT", n.Lint);
                    break;
                default:
                    Assert.Fail($"entry type {e.Type} at {o} was not decoded");
                    break;
            }
        }
    }

    [TestCase(AcpiData.Pc)]
    [TestCase(AcpiData.Q35)]
    public void Fadt_facs_and_mcfg_match_iasl(string set)
    {
        var fw = AcpiFirmware.FromTables(AcpiData.Tables(set));
        var fadt = Fields(Disassemble(set, "FACP"));
        var f = fw.Fadt!;
        Expect(fadt, 36, "FACS Address", f.FirmwareCtrl);
        Expect(fadt, 40, "DSDT Address", f.Dsdt);
        Expect(fadt, 46, "SCI Interrupt", f.SciInterrupt!.Value);
        Expect(fadt, 48, "SMI Command Port", f.SmiCommand!.Value);
        Expect(fadt, 56, "PM1A Event Block Address", f.Pm1aEventBlock!.Value);
        Expect(fadt, 76, "PM Timer Block Address", f.PmTimerBlock!.Value);
        Expect(fadt, 112, "Flags (decoded below)", f.Flags!.Value);

        var facs = Fields(Disassemble(set, "FACS"));
        var s = fw.Facs!;
        Expect(facs, 8, "Hardware Signature", s.HardwareSignature);
        Expect(facs, 12, "32 Firmware Waking Vector", s.FirmwareWakingVector);
        Expect(facs, 16, "Global Lock", s.GlobalLock);
        Expect(facs, 32, "Version", s.Version);

        if (set != AcpiData.Q35)
            return;
        var mcfg = Fields(Disassemble(set, "MCFG"));
        var a = fw.Mcfg!.Allocations.Single();
        Expect(mcfg, 44, "Base Address", a.BaseAddress);
        Expect(mcfg, 52, "Segment Group Number", a.Segment);
        Expect(mcfg, 54, "Start Bus Number", a.StartBus);
        Expect(mcfg, 55, "End Bus Number", a.EndBus);
    }

    /// <summary>
    /// The entries of <c>Name (NAME, Package (...) { Package (0x04) { a, b, c, d }, ... })</c> in
    /// iasl's ASL, each as "a b c d" with integers in decimal and names as written.
    /// </summary>
    private static List<string> PackageEntries(string dsl, string name)
    {
        int start = dsl.IndexOf($"Name ({name}, Package", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"iasl shows no named package {name}");
        int end = dsl.IndexOf("})", start, StringComparison.Ordinal);
        var body = dsl[start..end];
        var entries = new List<string>();
        foreach (Match m in Regex.Matches(body, @"Package \(0x04\)\s*\{([^{}]*)\}"))
        {
            var values = m.Groups[1].Value.Split(',').Select(v => Regex.Replace(v, @"//.*", "").Trim()).Select(v => v switch
            {
                "Zero" => "0",
                "One" => "1",
                _ when v.StartsWith("0x", StringComparison.Ordinal) => ulong.Parse(v[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                _ => v,
            });
            entries.Add(string.Join(" ", values));
        }
        return entries;
    }

    [TestCase(AcpiData.Xen)]
    [TestCase(AcpiData.Q35)]
    public void Routing_packages_match_iasl(string set)
    {
        string dsl = Disassemble(set, "DSDT");
        var device = AcpiFirmware.FromTables(AcpiData.Tables(set)).Routing.Devices.Single();
        Assert.That(device.Sources, Has.Count.EqualTo(2));
        foreach (var source in device.Sources)
        {
            string name = source.Path[^4..];
            var ours = source.Routes.Select(r => $"{r.Address} {r.Pin} 0 {r.Gsi}")
                .Concat(source.Links.Select(l => $"{l.Address} {l.Pin} {l.Link} {l.SourceIndex}")).ToList();
            Assert.That(ours, Is.EqualTo(PackageEntries(dsl, name)), name);
        }
    }

    [TestCase(AcpiData.Pc)]
    [TestCase(AcpiData.Q35)]
    [TestCase(AcpiData.Xen)]
    public void Device_count_and_pic_match_iasl(string set)
    {
        var tables = AcpiData.Tables(set).Where(t => t.File is "DSDT" or "SSDT").Select(t => Disassemble(set, t.File)).ToList();
        var routing = AcpiFirmware.FromTables(AcpiData.Tables(set)).Routing;
        Assert.That(routing.Statistics.Devices, Is.EqualTo(tables.Sum(t => Regex.Matches(t, @"^\s*Device \(", RegexOptions.Multiline).Count)));
        Assert.That(routing.HasPic, Is.EqualTo(tables.Any(t => t.Contains("Method (_PIC", StringComparison.Ordinal))));
    }
}
