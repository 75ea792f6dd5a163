using System.Runtime.CompilerServices;
using Framework.Os.Acpi;

namespace Framework.Bench;

/// <summary>
/// The "acpi" group: parse time of each real table of ../shared/data/acpi (the whole parser on
/// that one table: checksum, decoding, ATARE for DSDT/SSDT), next to a plain byte scan of the
/// same bytes in the same run.
/// </summary>
internal static class AcpiTables
{
    /// <summary>../shared/data/acpi beside the repository holding the harness, or null.</summary>
    public static string? DataDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
            dir = dir.Parent;
        string? data = dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "acpi"));
        return data is not null && Directory.Exists(data) ? data : null;
    }

    /// <summary>Every table file as "set/FILE" and its bytes, in ordinal order.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Tables(string data) =>
        Directory.GetDirectories(data).Order(StringComparer.Ordinal).SelectMany(set =>
            Directory.GetFiles(set).Order(StringComparer.Ordinal)
                .Select(f => ($"{Path.GetFileName(set)}/{Path.GetFileName(f)}", File.ReadAllBytes(f))));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Parse(string name, byte[] bytes) =>
        AcpiFirmware.FromTables([(name, bytes)]).Problems.Count;

    /// <summary>The floor: one pass over the bytes (an 8-bit sum, as the checksum test is).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Scan(byte[] bytes)
    {
        byte sum = 0;
        foreach (byte b in bytes)
            sum += b;
        return sum;
    }
}
