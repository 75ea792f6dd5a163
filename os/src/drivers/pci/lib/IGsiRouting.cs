namespace Framework.Os.Pci;

/// <summary>
/// The interrupt routing acpi_drv rewrites from: Framework.Os.Acpi's <c>PciRouting</c> implements
/// it from the <c>_PRT</c> packages found by ATARE.
/// </summary>
public interface IGsiRouting
{
    /// <summary>False when the tables are "too old" (no <c>_PIC</c> object): then nothing is rewritten.</summary>
    bool IsSupportedFormat { get; }

    /// <summary>
    /// search_gsi: the GSI routed to <paramref name="device"/>'s interrupt <paramref name="pin"/>
    /// (0 = INTA) by the routing table of the ACPI device whose bdf is <paramref name="bridgeBdf"/>
    /// (0 for the host bridge).
    /// </summary>
    bool TrySearchGsi(PciAddress device, uint bridgeBdf, int pin, out uint gsi);
}
