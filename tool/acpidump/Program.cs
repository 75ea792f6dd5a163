using Framework.Os.Acpi;

namespace Framework.Tool.AcpiDump;

/// <summary>Command line: a directory of table files, or <c>--image FILE</c> for a physical-memory image.</summary>
internal static class Program
{
    public const string Usage = """
        usage: acpidump DIRECTORY             tables of a directory of table files (one table per file)
               acpidump --image FILE [--rsdt] tables found through the RSDP in a flat physical-memory image
          --rsdt   walk the RSDT even when the RSDP names an XSDT (as a 32-bit acpi_drv does)
        """;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Count == 0 || args.Contains("--help") || args.Contains("-h"))
        {
            (args.Count == 0 ? error : output).WriteLine(Usage);
            return args.Count == 0 ? 2 : 0;
        }
        var options = AcpiOptions.Default with { PreferXsdt = !args.Contains("--rsdt") };
        var rest = args.Where(a => a != "--rsdt").ToList();
        try
        {
            if (rest.Count == 2 && rest[0] == "--image")
            {
                using var file = File.OpenHandle(rest[1]);
                var firmware = AcpiFirmware.Discover(new FileMemory(file), options);
                output.Write(AcpiReport.Format($"memory image {Path.GetFileName(rest[1])}", firmware));
                return 0;
            }
            if (rest.Count == 1 && !rest[0].StartsWith('-'))
            {
                string dir = rest[0];
                var files = Directory.GetFiles(dir).Order(StringComparer.Ordinal)
                    .Where(f => !Path.GetFileName(f).StartsWith('.') && Path.GetExtension(f) is "" or ".dat" or ".aml" or ".bin")
                    .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)));
                var firmware = AcpiFirmware.FromTables(files, options);
                output.Write(AcpiReport.Format($"directory {Path.GetFileName(Path.TrimEndingDirectorySeparator(dir))}", firmware));
                return 0;
            }
        }
        catch (IOException e)
        {
            error.WriteLine($"acpidump: {e.Message}");
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            error.WriteLine($"acpidump: {e.Message}");
            return 1;
        }
        error.WriteLine(Usage);
        return 2;
    }
}
