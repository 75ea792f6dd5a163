using Framework.Os.Acpi.Aml;
using Framework.Os.Pci;

namespace Framework.Os.Acpi;

/// <summary>Element counts of a scan, for the report.</summary>
public sealed record AmlStatistics(int Devices, int Scopes, int Methods, int Names, long Steps, long StepBudget);

/// <summary>
/// PCI interrupt routing learned from the DSDT and SSDTs without an AML interpreter (ATARE,
/// B. Kauer, TUD-FI09-09, as ported by Genode 12.02): the Devices with a <c>_PRT</c>, the direct
/// GSI entries and the link-device entries found for each, whether the tables have a
/// <c>_PIC</c> method (without one they are "too old" and nothing is rewritten), and the lookup
/// the interrupt-line rewrite uses.
/// </summary>
public sealed class PciRouting : IGsiRouting
{
    private PciRouting(bool hasPic, IReadOnlyList<RoutedDevice> devices, IReadOnlyList<AmlSkip> skipped, AmlStatistics statistics)
    {
        HasPic = hasPic;
        Devices = devices;
        Skipped = skipped;
        Statistics = statistics;
    }

    public static PciRouting Empty { get; } = new(false, [], [], new AmlStatistics(0, 0, 0, 0, 0, 0));

    /// <summary>Some object at the root is named <c>_PIC</c> (12.02's test for a "new enough" table format).</summary>
    public bool HasPic { get; }

    public bool IsSupportedFormat => HasPic;

    /// <summary>The line acpi_drv prints about the format.</summary>
    public string Verdict => HasPic ? IrqRewriter.SupportedMessage : IrqRewriter.TooOldMessage;

    /// <summary>Devices with a <c>_PRT</c>, in the order their definitions appear (DSDT first, then the SSDTs).</summary>
    public IReadOnlyList<RoutedDevice> Devices { get; }

    public IReadOnlyList<AmlSkip> Skipped { get; }

    public AmlStatistics Statistics { get; }

    public int DirectRouteCount => Devices.Sum(d => d.Routes.Count());

    public int LinkRouteCount => Devices.Sum(d => d.Links.Count());

    /// <summary>
    /// search_gsi: the first device (in definition order) whose bdf is <paramref name="bridgeBdf"/>
    /// and that has a direct entry for <paramref name="device"/>'s device number and
    /// <paramref name="pin"/>. (12.02 searches its list newest first; the order matters only when
    /// two devices with the same bdf route the same slot and pin.)
    /// </summary>
    public bool TrySearchGsi(PciAddress device, uint bridgeBdf, int pin, out uint gsi)
    {
        foreach (var d in Devices)
        {
            if (d.Bdf != bridgeBdf)
                continue;
            foreach (var s in d.Sources)
            {
                foreach (var r in s.Routes)
                {
                    if (r.Slot == (uint)device.Device && r.Pin == (uint)pin)
                    {
                        gsi = r.Gsi;
                        return true;
                    }
                }
            }
        }
        gsi = 0;
        return false;
    }

    /// <summary>
    /// Scans the AML of <paramref name="tables"/> (the DSDT first, then the SSDTs) into one
    /// namespace, then routes every Device that has a <c>_PRT</c>. Bounded by
    /// <paramref name="limits"/>; anything passed over is in <see cref="Skipped"/> or
    /// <paramref name="problems"/>.
    /// </summary>
    public static PciRouting Build(IReadOnlyList<AcpiTable> tables, AmlLimits limits, List<AcpiProblem> problems)
    {
        long bytes = tables.Sum(t => (long)t.Length);
        var budget = new StepBudget(limits.StepBudgetBase + (limits.StepsPerByte * bytes));
        var root = NamespaceNode.NewRoot();
        var elements = new List<Element>();
        var skips = new SkipLog();
        foreach (var t in tables)
        {
            if (budget.Exhausted)
                break;
            AtareScanner.Collect(new AmlTable(t.Where, t.Bytes), root, elements, limits, budget, skips, problems);
        }

        var devices = new List<RoutedDevice>();
        var routedNodes = new HashSet<NamespaceNode>();
        foreach (var e in elements)
        {
            // A Device defined twice under one name routes the same way (its _PRT and _ADR are
            // the latest of that name either way), so it is routed and listed once.
            if (e.Kind != ElementKind.Device || !routedNodes.Add(e.Node))
                continue;
            if (budget.Exhausted)
            {
                problems.Add(new AcpiProblem(e.Table.Where, e.Offset,
                    $"routing stopped: step budget of {budget.Limit} exhausted; this and later devices are not routed"));
                break;
            }
            var routed = PrtExtractor.Route(e, root, budget);
            if (routed is not null)
                devices.Add(routed);
        }
        if (budget.Exhausted && !problems.Exists(p => p.What.Contains("step budget", StringComparison.Ordinal)))
            problems.Add(new AcpiProblem("AML", 0, $"routing stopped: step budget of {budget.Limit} exhausted; routes may be incomplete"));

        bool hasPic = root.Child(PrtExtractor.Seg("_PIC"))?.Latest is not null;
        var stats = new AmlStatistics(Count(ElementKind.Device), Count(ElementKind.Scope), Count(ElementKind.Method), Count(ElementKind.Name),
            budget.Used, budget.Limit);
        return new PciRouting(hasPic, devices, skips.ToList(), stats);

        int Count(ElementKind k) => elements.Count(x => x.Kind == k);
    }
}
