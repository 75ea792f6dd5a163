using System.Reflection;
using System.Runtime.CompilerServices;

namespace Framework.Os.Services.Tests;

/// <summary>
/// The repository's rule for the os components until Framework.Architecture.Tests lists them:
/// Env is the only door, so no component keeps mutable static state, and components reference
/// no core or kernel assembly.
/// </summary>
public sealed class ArchitectureTests
{
    private static IEnumerable<string> Assemblies() =>
        ["Framework.Os.Api", "timer", "report_rom", "dummy", "test-init", "test-report_rom", "test-timer"];

    [TestCaseSource(nameof(Assemblies))]
    public void No_mutable_statics(string assembly)
    {
        var offenders = new List<string>();
        foreach (var type in Assembly.Load(new AssemblyName(assembly)).GetTypes())
        {
            if (type.IsDefined(typeof(CompilerGeneratedAttribute)) || type.DeclaringType?.IsDefined(typeof(CompilerGeneratedAttribute)) == true)
                continue;
            foreach (var f in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (f.IsLiteral || f.IsDefined(typeof(CompilerGeneratedAttribute)))
                    continue;
                if (!f.IsInitOnly)
                    offenders.Add($"{type.FullName}.{f.Name} is a mutable static field");
                else if (f.FieldType.IsArray || f.FieldType.Namespace == "System.Collections.Generic")
                    offenders.Add($"{type.FullName}.{f.Name} is a static of a mutable collection type ({f.FieldType.Name})");
            }
        }
        Assert.That(offenders, Is.Empty);
    }

    [TestCaseSource(nameof(Assemblies))]
    public void Components_reach_only_the_base_API(string assembly)
    {
        var forbidden = Assembly.Load(new AssemblyName(assembly)).GetReferencedAssemblies().Select(r => r.Name!)
            .Where(n => n == "Framework.Core" || n.StartsWith("Framework.Kernel", StringComparison.Ordinal));
        Assert.That(forbidden, Is.Empty);
    }
}
