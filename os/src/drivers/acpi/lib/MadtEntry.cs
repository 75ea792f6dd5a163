namespace Framework.Os.Acpi;

/// <summary>One interrupt controller structure of the MADT: its offset in the table, type and length.</summary>
public abstract record MadtEntry(int Offset, byte Type, byte Length);

/// <summary>Type 0: a processor's local APIC.</summary>
public sealed record LocalApic(int Offset, byte Length, byte ProcessorId, byte ApicId, uint Flags) : MadtEntry(Offset, 0, Length)
{
    public bool Enabled => (Flags & 1) != 0;
}

/// <summary>Type 1: an I/O APIC and the first GSI it serves.</summary>
public sealed record IoApic(int Offset, byte Length, byte IoApicId, uint Address, uint GsiBase) : MadtEntry(Offset, 1, Length);

/// <summary>
/// Type 2: an interrupt source override (ACPI 5.2.12.5): ISA <see cref="Irq"/> of <see cref="Bus"/>
/// arrives at <see cref="Gsi"/>; <see cref="Flags"/> bits 0-1 polarity, 2-3 trigger mode
/// (0 = as the bus defines; polarity 1 high, 3 low; trigger 1 edge, 3 level).
/// </summary>
public sealed record InterruptSourceOverride(int Offset, byte Length, byte Bus, byte Irq, uint Gsi, ushort Flags) : MadtEntry(Offset, 2, Length)
{
    public int Polarity => Flags & 3;

    public int TriggerMode => (Flags >> 2) & 3;
}

/// <summary>Type 3: a GSI that is an NMI source.</summary>
public sealed record NmiSource(int Offset, byte Length, ushort Flags, uint Gsi) : MadtEntry(Offset, 3, Length);

/// <summary>Type 4: the local APIC LINT input wired to NMI (processor 0xFF = all).</summary>
public sealed record LocalApicNmi(int Offset, byte Length, byte ProcessorId, ushort Flags, byte Lint) : MadtEntry(Offset, 4, Length);

/// <summary>Type 5: a 64-bit local APIC address replacing the table's 32-bit one.</summary>
public sealed record LocalApicAddressOverride(int Offset, byte Length, ulong Address) : MadtEntry(Offset, 5, Length);

/// <summary>Type 9: a processor's local x2APIC.</summary>
public sealed record LocalX2Apic(int Offset, byte Length, uint X2ApicId, uint Flags, uint ProcessorUid) : MadtEntry(Offset, 9, Length);

/// <summary>Any other type, or a known type too short for its fields: kept as type and length.</summary>
public sealed record OtherMadtEntry(int Offset, byte Type, byte Length) : MadtEntry(Offset, Type, Length);
