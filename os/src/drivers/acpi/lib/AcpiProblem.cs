using System.Globalization;

namespace Framework.Os.Acpi;

/// <summary>
/// Something in the firmware tables the parser could not use, and what it did instead: where
/// (a table signature with its address or file, or "RSDP search"), the byte offset within that
/// table (or the physical address for the search), and what was wrong.
/// </summary>
public sealed record AcpiProblem(string Where, long Offset, string What)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Where}, offset 0x{Offset:X}: {What}");
}
