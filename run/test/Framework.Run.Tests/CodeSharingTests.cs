using Framework.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Framework.Run.Tests;

/// <summary>
/// Components of a binary without static state share its loaded code; a static field that holds
/// state keeps every component in a load context of its own.
/// </summary>
[TestFixtureSource(typeof(Kernels), nameof(Kernels.All))]
public sealed class CodeSharingTests(string kernel)
{
    private static string Dummies(int count, string commands) => $"""
        <config>
          {OsScenario.ParentProvides}
          <default-route> <any-service> <parent/> </any-service> </default-route>
          {string.Join("\n", Enumerable.Range(0, count).Select(i => $"""
            <start name="d{i}" caps="100">
              <binary name="dummy"/>
              <resource name="RAM" quantum="1M"/>
              <config> <log string="dummy {i} up"/> {commands} </config>
            </start>
            """))}
        </config>
        """;

    [Test]
    public void Components_of_a_stateless_binary_run_one_loaded_copy()
    {
        var (log, core) = OsScenario.Run(kernel, Dummies(3, ""));
        Assert.That(log, Is.SupersetOf(new[] { "[init -> d0] dummy 0 up", "[init -> d1] dummy 1 up", "[init -> d2] dummy 2 up" }),
            string.Join("\n", log));
        Assert.That(core.SharedCodeUsers("dummy"), Is.EqualTo(new[] { 3 }));
        Assert.That(core.SharedCodeUsers("init"), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void Shared_code_is_unloaded_with_its_last_component()
    {
        var (log, core) = OsScenario.Run(kernel, Dummies(3, "<exit/>"));
        Assert.That(log.Count(l => l.Contains("exited with exit value 0", StringComparison.Ordinal)), Is.EqualTo(3), string.Join("\n", log));
        Assert.That(core.SharedCodeUsers("dummy"), Is.Empty);
    }

    [TestCase("static int n;", "C.n")]
    [TestCase("public static int P { get; set; }", "C.<P>k__BackingField")]
    [TestCase("static readonly System.Collections.Generic.List<int> l = new();", "C.l")]
    [TestCase("static readonly int[] a = { 1 };", "C.a")]
    [TestCase("class Inner { internal static string s = \"\"; }", "Inner.s")]
    public void A_writable_static_or_a_static_collection_is_state(string member, string expected)
    {
        Assert.That(ImageState.FirstMutableStatic(Compile($"class C {{ {member} }}")), Is.EqualTo(expected));
    }

    [Test]
    public void Constants_read_only_values_and_compiler_caches_are_not_state()
    {
        var image = Compile("""
            using System;
            using System.Linq;
            class C
            {
                const int K = 1;
                static readonly string s = "x";
                static readonly TimeSpan t = TimeSpan.FromSeconds(1);
                public static int P { get; } = 3;
                static int M(int[] xs) => xs.Select(x => x + K).Where(x => x > 1).Sum();
                static System.Collections.Generic.IEnumerable<int> Iterate() { yield return 1; }
                static async System.Threading.Tasks.Task<int> Async() { await System.Threading.Tasks.Task.Yield(); return 1; }
            }
            """);
        Assert.That(ImageState.FirstMutableStatic(image), Is.Null);
    }

    [TestCase("init")]
    [TestCase("dummy")]
    [TestCase("hello_server")]
    [TestCase("timer")]
    [TestCase("report_rom")]
    public void The_components_of_this_repository_are_stateless(string binary)
    {
        var path = Path.Combine(AppContext.BaseDirectory, binary + ".dll");
        Assert.That(ImageState.FirstMutableStatic(File.ReadAllBytes(path)), Is.Null);
    }

    [Test]
    public void Bytes_that_are_no_assembly_are_refused()
    {
        Assert.Throws<BadImageFormatException>(() => ImageState.FirstMutableStatic([0x4d, 0x5a, 1, 2, 3]));
    }

    private static byte[] Compile(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is "System.Runtime.dll" or "System.Private.CoreLib.dll" or "System.Linq.dll" or "System.Collections.dll")
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("probe", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.That(result.Success, Is.True, string.Join("\n", result.Diagnostics));
        return stream.ToArray();
    }
}
