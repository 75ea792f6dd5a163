namespace Framework.Os.Acpi;

/// <summary>Choices and limits of the parser; the defaults suit real firmware.</summary>
public sealed record AcpiOptions
{
    public static AcpiOptions Default { get; } = new();

    /// <summary>
    /// Walk the XSDT instead of the RSDT when the RSDP (revision 2 or later) names a valid one,
    /// as Genode does on 64-bit machines from 13.02 on (12.02 reads the RSDT only). False models a
    /// 32-bit acpi_drv, which cannot map the XSDT's 64-bit addresses.
    /// </summary>
    public bool PreferXsdt { get; init; } = true;

    /// <summary>Longest table accepted; real DSDTs are well below 1 MiB.</summary>
    public uint MaxTableLength { get; init; } = 16 << 20;

    /// <summary>The AML scan's limits (nesting, name depth, step budget).</summary>
    public AmlLimits Aml { get; init; } = AmlLimits.Default;
}

/// <summary>
/// Bounds of the ATARE scan, so that hostile AML costs time and memory proportional to its size.
/// An element nested deeper than <see cref="MaxNesting"/> or whose absolute name would have more
/// than <see cref="MaxNameSegments"/> segments is skipped together with its body (reported once
/// per skipped element). <see cref="StepsPerByte"/> times the bytes scanned (plus a constant) is
/// the budget of scan steps; a scan that exhausts it stops with a problem.
/// </summary>
public sealed record AmlLimits
{
    public static AmlLimits Default { get; } = new();

    public int MaxNesting { get; init; } = 64;

    public int MaxNameSegments { get; init; } = 64;

    public int StepsPerByte { get; init; } = 64;

    public int StepBudgetBase { get; init; } = 65536;
}
