using Framework.Testing;
using Framework.Tool.AcpiDump;

namespace Framework.Os.Acpi.Tests;

/// <summary>The acpidump tool's report on the three real table sets and on a firmware image, snapshotted.</summary>
public sealed class AcpiDumpTests
{
    private static string Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, output, error);
        Assert.That(exit, Is.Zero, error.ToString());
        return output.ToString();
    }

    [TestCase(AcpiData.Pc)]
    [TestCase(AcpiData.Q35)]
    [TestCase(AcpiData.Xen)]
    public void Directory_report(string set)
    {
        string text = Run(AcpiData.Directory(set));
        Assert.That(Run(AcpiData.Directory(set)), Is.EqualTo(text), "deterministic");
        Verifier.Verify(text);
    }

    [TestCase(AcpiData.Q35, 0)]
    [TestCase(AcpiData.Xen, 2)]
    public void Memory_image_report(string set, int revision)
    {
        var image = new AcpiImageBuilder { TableBase = 0x100000, RsdpRevision = (byte)revision }.Build(AcpiData.Tables(set));
        string file = Path.Combine(Path.GetTempPath(), $"acpidump-{set}-{revision}-{Environment.ProcessId}.img");
        try
        {
            File.WriteAllBytes(file, image.Memory.ToFlatImage()!);
            string text = Run("--image", file).Replace(Path.GetFileName(file), "machine.img", StringComparison.Ordinal);
            Verifier.Verify(text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Usage_and_missing_input_are_errors()
    {
        var error = new StringWriter();
        Assert.That(Program.Run([], new StringWriter(), error), Is.EqualTo(2));
        Assert.That(error.ToString(), Does.StartWith("usage: acpidump DIRECTORY"));
        error = new StringWriter();
        Assert.That(Program.Run(["--image", "/nonexistent/acpi.img"], new StringWriter(), error), Is.EqualTo(1));
        Assert.That(error.ToString(), Does.StartWith("acpidump: Could not find"));
    }
}
