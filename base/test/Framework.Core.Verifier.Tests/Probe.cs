using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Framework.Core.Verifier.Tests;

/// <summary>Compiles component sources with Roslyn against the BCL and the framework, as a component author's build would.</summary>
internal static class Probe
{
    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var framework = new[] { "Framework.Base.dll", "Framework.Rpc.dll", "Framework.Util.dll", "Framework.Os.Api.dll", "System.Reactive.dll" }
            .Select(f => Path.Combine(AppContext.BaseDirectory, f))
            .Where(File.Exists)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        return [.. platform, .. framework];
    });

    /// <summary>The image of assembly <paramref name="name"/> compiled from <paramref name="source"/>; fails the test if it does not compile.</summary>
    public static byte[] Compile(string source, string name = "evil", params byte[][] libraries)
    {
        // As a project would: AllowUnsafeBlocks only where the source needs it (it marks the module [UnverifiableCode]).
        var allowUnsafe = source.Contains("unsafe", StringComparison.Ordinal);
        var references = s_references.Value.Concat(libraries.Select(l => MetadataReference.CreateFromImage(l)));
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: ["DEBUG"]))], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe, nullableContextOptions: NullableContextOptions.Enable,
                deterministic: true));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.That(result.Success, Is.True, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return stream.ToArray();
    }
}
