using System.Reflection;
using System.Runtime.CompilerServices;

namespace Framework.Os.Acpi.Tests;

/// <summary>
/// The architecture rule for framework assemblies (no mutable static state: static fields are
/// constants or read-only, and never arrays or collections), applied to these libraries until
/// the architecture test lists them.
/// </summary>
public sealed class StaticStateTests
{
    [TestCase(typeof(AcpiFirmware))]
    [TestCase(typeof(Pci.PciBus))]
    [TestCase(typeof(Framework.Tool.AcpiDump.AcpiReport))]
    public void No_mutable_statics(Type anyTypeOfTheAssembly)
    {
        var offenders = anyTypeOfTheAssembly.Assembly.GetTypes()
            .Where(t => !t.IsDefined(typeof(CompilerGeneratedAttribute)) && !t.Name.StartsWith('<'))
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => !f.IsLiteral && (!f.IsInitOnly || f.FieldType.IsArray
                || f.FieldType.Namespace == "System.Collections.Generic"))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}");
        Assert.That(offenders, Is.Empty);
    }
}
