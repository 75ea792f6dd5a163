using System.Globalization;

namespace Framework.Os.Acpi;

/// <summary>
/// Candidates the ATARE scan passed over for one reason in one table: how many and the first
/// one's offset. Most are bytes inside data that merely look like an opcode with a PkgLength and
/// a name; a truncated or hostile table shows up here too.
/// </summary>
public sealed record AmlSkip(string Where, string Reason, int Count, int FirstOffset)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Where}: {Count} x {Reason} (first at offset 0x{FirstOffset:X})");
}
