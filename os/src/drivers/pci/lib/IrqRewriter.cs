using System.Globalization;

namespace Framework.Os.Pci;

/// <summary>What one rewrite did to one function.</summary>
public readonly record struct IrqRewrite(PciAddress Device, uint BridgeBdf, int Pin, byte OldLine, uint Gsi);

/// <summary>The outcome of <see cref="IrqRewriter.Rewrite"/>: the log lines acpi_drv prints and what was written.</summary>
public sealed record IrqRewriteReport(bool Supported, IReadOnlyList<string> Lines, IReadOnlyList<IrqRewrite> Rewritten,
    IReadOnlyList<PciAddress> Unrouted, IReadOnlyList<PciBridge> Bridges);

/// <summary>
/// acpi_drv's <c>Acpi::rewrite_irq</c>: collect the PCI-to-PCI bridges, then for every other
/// function with an interrupt pin look up the GSI of (device, bridge, pin - 1) and write it as
/// the 8-bit interrupt line at 0x3C, printing "Rewriting bb:dd.f IRQ: old -> GSI: gsi".
/// </summary>
/// <remarks>
/// The bridge of a function is the first bridge in device order whose secondary..subordinate
/// range holds its bus, else 0 (the host bridge); with nested bridges that may be an outer one,
/// as in 12.02. A function without a route keeps its line and is listed in
/// <see cref="IrqRewriteReport.Unrouted"/> (Genode skips it silently). A GSI above 255 is
/// written truncated to 8 bits, as Genode does; the log line shows the full number.
/// </remarks>
public static class IrqRewriter
{
    public const string SupportedMessage = "ACPI table format is supported by this driver";
    public const string TooOldMessage = "ACPI table format not supported (is too old) by this driver";

    public static IrqRewriteReport Rewrite(IReadOnlyList<IPciDevice> devices, IGsiRouting routing)
    {
        var bridges = devices.Where(PciBridge.IsBridge).Select(PciBridge.Of).ToList();
        var lines = new List<string>();
        var rewritten = new List<IrqRewrite>();
        var unrouted = new List<PciAddress>();
        if (!routing.IsSupportedFormat)
        {
            lines.Add(TooOldMessage);
            return new IrqRewriteReport(false, lines, rewritten, unrouted, bridges);
        }
        lines.Add(SupportedMessage);
        foreach (var device in devices)
        {
            if (PciBridge.IsBridge(device))
                continue;
            int pin = (int)((device.ConfigRead(0x3C, AccessSize.Access32Bit) >> 8) & 0xF);
            if (pin == 0)
                continue;
            uint bridgeBdf = 0;
            foreach (var b in bridges)
            {
                if (b.Covers(device.Address.Bus))
                {
                    bridgeBdf = b.Address.Bdf;
                    break;
                }
            }
            if (!routing.TrySearchGsi(device.Address, bridgeBdf, pin - 1, out uint gsi))
            {
                unrouted.Add(device.Address);
                continue;
            }
            var old = (byte)device.ConfigRead(0x3C, AccessSize.Access8Bit);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Rewriting {device.Address} IRQ: {old:00} -> GSI: {gsi:00}"));
            device.ConfigWrite(0x3C, gsi, AccessSize.Access8Bit);
            rewritten.Add(new IrqRewrite(device.Address, bridgeBdf, pin - 1, old, gsi));
        }
        return new IrqRewriteReport(true, lines, rewritten, unrouted, bridges);
    }
}
