namespace Framework.Os.Acpi.Tests;

/// <summary>The real table sets of <c>../shared/data/acpi</c> (never copied into the repository), or Assert.Ignore.</summary>
internal static class AcpiData
{
    public const string Pc = "qemu-2.2-pc";
    public const string Q35 = "qemu-2.2-q35";
    public const string Xen = "xen-3.4-hvm";

    public static string Directory(string set)
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
            dir = dir.Parent;
        if (dir is null)
        {
            Assert.Ignore("Framework.sln not found above the test directory, so ../shared cannot be located");
            return "";
        }
        string path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "acpi", set));
        if (!System.IO.Directory.Exists(path))
            Assert.Ignore($"shared ACPI data not available at {path}");
        return path;
    }

    /// <summary>The table files of a set, ordered by name (ordinal), as acpidump reads a directory.</summary>
    public static List<(string File, byte[] Content)> Tables(string set) =>
        [.. System.IO.Directory.GetFiles(Directory(set)).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))];

    public static byte[] Table(string set, string name) => File.ReadAllBytes(Path.Combine(Directory(set), name));
}
