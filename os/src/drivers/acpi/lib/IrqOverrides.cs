namespace Framework.Os.Acpi;

/// <summary>
/// The lookup acpi_drv's IRQ service applies before it opens an IRQ session at its parent
/// (Genode 12.05 <c>Acpi::override</c>): an IRQ named by an interrupt source override becomes
/// that override's GSI, any other IRQ stays as it is. When two overrides name the same IRQ the
/// later one in the MADT wins, as with Genode's prepend-and-search-first list.
/// </summary>
public sealed class IrqOverrides
{
    private readonly Dictionary<uint, InterruptSourceOverride> _byIrq = [];

    public IrqOverrides(IEnumerable<InterruptSourceOverride> overrides)
    {
        foreach (var o in overrides)
            _byIrq[o.Irq] = o;
    }

    public static IrqOverrides None { get; } = new([]);

    public int Count => _byIrq.Count;

    /// <summary>The GSI for <paramref name="irq"/>.</summary>
    public uint Map(uint irq) => _byIrq.TryGetValue(irq, out var o) ? o.Gsi : irq;

    /// <summary>The override for <paramref name="irq"/>, with its polarity and trigger flags, if there is one.</summary>
    public bool TryFind(uint irq, out InterruptSourceOverride? entry) => _byIrq.TryGetValue(irq, out entry);
}
