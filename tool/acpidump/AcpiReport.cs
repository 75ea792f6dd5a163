using System.Globalization;
using System.Text;
using Framework.Os.Acpi;

namespace Framework.Tool.AcpiDump;

/// <summary>The readable report of one machine's tables. Deterministic: invariant culture, fixed orders.</summary>
internal static class AcpiReport
{
    public static string Format(string source, AcpiFirmware fw)
    {
        var w = new Writer();
        w.Line($"acpidump: {source}");
        Discovery(w, fw);
        w.Line($"tables ({fw.Tables.Count}):");
        foreach (var t in fw.Tables)
            w.Line($"  {Table(t)}");
        if (fw.Fadt is { } fadt)
            Fadt(w, fadt);
        if (fw.Facs is { } facs)
            w.Line($"FACS: length {facs.Length}, hardware signature 0x{facs.HardwareSignature:X}, waking vector 0x{facs.FirmwareWakingVector:X}, global lock 0x{facs.GlobalLock:X}, flags 0x{facs.Flags:X}, version {facs.Version}");
        if (fw.Madt is { } madt)
            Madt(w, madt, fw.Overrides);
        if (fw.Mcfg is { } mcfg)
        {
            w.Line($"MCFG: {mcfg.Allocations.Count} allocation(s)");
            foreach (var a in mcfg.Allocations)
                w.Line($"  MCFG BASE 0x{a.BaseAddress:x} seg {a.Segment:x2} bus {a.StartBus:x2}-{a.EndBus:x2}");
        }
        Routing(w, fw);
        w.Line($"problems ({fw.Problems.Count}):");
        foreach (var p in fw.Problems)
            w.Line($"  {p}");
        return w.ToString();
    }

    private static void Discovery(Writer w, AcpiFirmware fw)
    {
        if (fw.Rsdp is not { } r)
            return;
        w.Line($"RSDP at 0x{r.Address:X}: revision {r.Revision}, OEM \"{r.OemId}\", RSDT 0x{r.RsdtAddress:X}"
            + (r.Revision >= 2 ? $", XSDT 0x{r.XsdtAddress:X}, extended checksum {(r.ExtendedChecksumValid ? "valid" : "INVALID")}" : ""));
        if (fw.Root is { } root)
            w.Line($"walked {root.Signature} at 0x{root.Address:X}: {fw.RootEntries.Count} entries: {string.Join(" ", fw.RootEntries.Select(e => $"0x{e:X}"))}");
    }

    private static string Table(AcpiTable t)
    {
        string at = t.Address is { } a ? $"at 0x{a:X}" : $"file {t.File}";
        if (t.Header is not { } h)
            return $"{t.Signature} {at}: length {t.Length} (no standard header)";
        return $"{t.Signature} {at}: length {h.Length}, revision {h.Revision}, checksum 0x{h.Checksum:X2}, OEM \"{h.OemId}\" \"{h.OemTableId}\" {h.OemRevision}, creator \"{h.CreatorId}\" 0x{h.CreatorRevision:X}";
    }

    private static void Fadt(Writer w, Fadt f)
    {
        w.Line($"FADT: revision {f.Revision}, length {f.Length}");
        w.Line($"  FIRMWARE_CTRL 0x{f.FirmwareCtrl:X}, DSDT 0x{f.Dsdt:X}, X_FIRMWARE_CTRL {Opt(f.XFirmwareCtrl)}, X_DSDT {Opt(f.XDsdt)}");
        w.Line($"  DSDT used: 0x{f.DsdtAddress:X} (from {f.DsdtField}), FACS used: 0x{f.FacsAddress:X} (from {f.FacsField})");
        w.Line($"  SCI_INT {Opt(f.SciInterrupt, false)}, SMI_CMD {Opt(f.SmiCommand)}, PM1a_EVT_BLK {Opt(f.Pm1aEventBlock)}, PM1a_CNT_BLK {Opt(f.Pm1aControlBlock)}, PM_TMR_BLK {Opt(f.PmTimerBlock)}, flags {Opt(f.Flags)}, preferred PM profile {Opt(f.PreferredPmProfile, false)}");
    }

    private static string Opt<T>(T? v, bool hex = true) where T : struct, IFormattable =>
        v is { } x ? (hex ? "0x" + x.ToString("X", CultureInfo.InvariantCulture) : x.ToString(null, CultureInfo.InvariantCulture)) : "-";

    private static void Madt(Writer w, Madt m, IrqOverrides overrides)
    {
        w.Line($"MADT: local APIC 0x{m.LocalApicAddress:X}, flags 0x{m.Flags:X}{(m.PcAtCompatible ? " (PC-AT compatible)" : "")}, {m.Entries.Count} entries");
        foreach (var e in m.Entries)
            w.Line($"  +0x{e.Offset:X3} {Entry(e)}");
        var list = m.Overrides.ToList();
        w.Line(list.Count == 0
            ? "IRQ service: no overrides, every IRQ is its GSI"
            : $"IRQ service: {string.Join(", ", list.Select(o => (uint)o.Irq).Distinct().Order().Select(i => $"IRQ {i} -> GSI {overrides.Map(i)}"))}; every other IRQ is its GSI");
    }

    private static string Entry(MadtEntry e) => e switch
    {
        LocalApic l => $"Processor Local APIC: processor {l.ProcessorId}, APIC id {l.ApicId}, flags 0x{l.Flags:X}{(l.Enabled ? " (enabled)" : "")}",
        IoApic i => $"I/O APIC: id {i.IoApicId}, address 0x{i.Address:X}, GSI base {i.GsiBase}",
        InterruptSourceOverride o => $"Interrupt Source Override: bus {o.Bus}, IRQ {o.Irq} -> GSI {o.Gsi}, flags 0x{o.Flags:X4} (polarity {o.Polarity}, trigger {o.TriggerMode})",
        NmiSource n => $"NMI Source: GSI {n.Gsi}, flags 0x{n.Flags:X4}",
        LocalApicNmi n => $"Local APIC NMI: processor 0x{n.ProcessorId:X2}, flags 0x{n.Flags:X4}, LINT{n.Lint}",
        LocalApicAddressOverride a => $"Local APIC Address Override: 0x{a.Address:X}",
        LocalX2Apic x => $"Processor Local x2APIC: x2APIC id {x.X2ApicId}, flags 0x{x.Flags:X}, UID {x.ProcessorUid}",
        _ => $"type {e.Type}, length {e.Length} (not decoded)",
    };

    private static void Routing(Writer w, AcpiFirmware fw)
    {
        var r = fw.Routing;
        var s = r.Statistics;
        w.Line($"PCI routing (ATARE over {(fw.Dsdt is null ? "no DSDT" : "the DSDT")} and {fw.Ssdts.Count} SSDT(s)):");
        w.Line($"  elements: {s.Devices} devices, {s.Scopes} scopes, {s.Methods} methods, {s.Names} names; {s.Steps} scan steps (budget {s.StepBudget})");
        w.Line($"  _PIC {(r.HasPic ? "present" : "absent")}: {r.Verdict}");
        foreach (var d in r.Devices)
        {
            w.Line($"  device {d.Path}: bdf {d.BdfText} (_SEG {d.Seg}, _BBN {d.Bbn}, _ADR 0x{d.Adr:X}), {d.PrtPath}");
            if (d.Sources.Count == 0)
                w.Line("    no routing packages found");
            foreach (var src in d.Sources)
            {
                w.Line($"    {src.Path} ({src.Kind}, {src.Table} +0x{src.Offset:X}): {src.Routes.Count} direct GSI routes, {src.Links.Count} link-device routes");
                foreach (var line in SlotTable(src.Routes))
                    w.Line($"      {line}");
                if (src.Links.Count > 0)
                    w.Line($"      unsupported, not guessed: {string.Join(", ", src.Links.GroupBy(l => l.Link).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"))}");
            }
        }
        w.Line($"  total: {r.Devices.Count} device(s) with _PRT, {r.DirectRouteCount} direct GSI routes, {r.LinkRouteCount} link-device routes (unsupported)");
        w.Line($"  skipped AML candidates ({r.Skipped.Count}):");
        foreach (var k in r.Skipped)
            w.Line($"    {k}");
    }

    /// <summary>"slot  1: 20 21 22 23" per slot, pins INTA..INTD; '-' for a pin without a route, first route wins.</summary>
    private static IEnumerable<string> SlotTable(IReadOnlyList<PciRoute> routes)
    {
        foreach (var slot in routes.Select(x => x.Slot).Distinct().Order())
        {
            var pins = Enumerable.Range(0, 4).Select(p => routes.Where(x => x.Slot == slot && x.Pin == (uint)p).Select(x => x.Gsi.ToString(CultureInfo.InvariantCulture)).FirstOrDefault() ?? "-");
            var odd = routes.Count(x => x.Slot == slot && x.Pin > 3);
            yield return $"slot {slot,2}: {string.Join(" ", pins.Select(p => p.PadLeft(2)))}{(odd > 0 ? $" (+{odd} with pin > 3)" : "")}";
        }
    }

    private sealed class Writer
    {
        private readonly StringBuilder _sb = new();

        public void Line(FormattableString s) => _sb.Append(s.ToString(CultureInfo.InvariantCulture)).Append('\n');

        public void Line(string s) => _sb.Append(s).Append('\n');

        public override string ToString() => _sb.ToString();
    }
}
