using System.Reflection;
using Framework.Core;

namespace Framework.Architecture.Tests;

/// <summary>Rules of the architecture that the compiler does not enforce.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] s_framework = ["Framework.Rpc", "Framework.Util", "Framework.Base", "Framework.Platform",
        "Framework.Core", "Framework.Hosted", "Framework.Kernel.Native.Core", "Framework.Kernel.Native.Platform", "Framework.Backends",
        "Framework.Machine", "Framework.Os.PacketStream", "Framework.Os.Tar", "Framework.Os.Acpi", "Framework.Os.Pci",
        "Framework.Gems.Terminal"];

    private static readonly string[] s_components = ["init", "hello_server", "hello_client", "Hello.Api", "test-base", "bench-rpc",
        "Framework.Os.Api", "timer", "report_rom", "dummy", "test-init", "test-report_rom", "test-timer",
        "test-dynamic_config_server", "test-dynamic_config"];

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    private static IEnumerable<string> Ours(Assembly a) =>
        a.GetReferencedAssemblies().Select(r => r.Name!).Where(n => s_framework.Contains(n) || s_components.Contains(n)).Order();

    /// <summary>
    /// Env is the only door: no component or framework assembly keeps mutable static state. The
    /// rule is the one core applies before it lets components share loaded code (ImageState).
    /// </summary>
    [TestCaseSource(nameof(AllAssemblies))]
    public void No_mutable_statics(string assembly)
    {
        var image = File.ReadAllBytes(Load(assembly).Location);
        Assert.That(ImageState.FirstMutableStatic(image), Is.Null);
    }

    private static IEnumerable<string> AllAssemblies() => s_framework.Concat(s_components);

    [Test]
    public void Layers_reference_only_what_lies_below_them()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Ours(Load("Framework.Rpc")), Is.Empty);
            Assert.That(Ours(Load("Framework.Util")), Is.Empty);
            Assert.That(Ours(Load("Framework.Machine")), Is.EqualTo(new[] { "Framework.Util" }), "the machine model knows no kernel and no core");
            Assert.That(Ours(Load("Framework.Os.PacketStream")), Is.EqualTo(new[] { "Framework.Util" }));
            Assert.That(Ours(Load("Framework.Os.Tar")), Is.Empty);
            Assert.That(Ours(Load("Framework.Kernel.Native.Core")), Is.Empty, "the kernel core stands alone");
            Assert.That(Ours(Load("Framework.Base")), Is.EqualTo(new[] { "Framework.Rpc", "Framework.Util" }),
                "components see no kernel interface");
            Assert.That(Ours(Load("Framework.Platform")), Is.EqualTo(new[] { "Framework.Rpc" }), "the kernel-facing interface");
            Assert.That(Ours(Load("Framework.Core")), Is.EqualTo(new[] { "Framework.Base", "Framework.Platform", "Framework.Rpc", "Framework.Util" }),
                "core knows no kernel backend");
            Assert.That(Ours(Load("Framework.Hosted")), Is.EqualTo(new[] { "Framework.Platform", "Framework.Rpc" }),
                "the hosted machine knows no kernel");
            Assert.That(Ours(Load("Framework.Kernel.Native.Platform")),
                Is.EqualTo(new[] { "Framework.Hosted", "Framework.Kernel.Native.Core", "Framework.Platform", "Framework.Rpc" }),
                "a backend sees the kernel-facing interface and its kernel, not core or the base API");
        });
    }

    /// <summary>Components see the base API and the interfaces they use, never core or a kernel.</summary>
    [TestCaseSource(nameof(Components))]
    public void Components_reach_only_the_base_API(string component)
    {
        var forbidden = Ours(Load(component)).Where(n => n is "Framework.Core" || n.StartsWith("Framework.Kernel", StringComparison.Ordinal)
            || (s_components.Contains(n) && !n.EndsWith(".Api", StringComparison.Ordinal)));
        Assert.That(forbidden, Is.Empty);
    }

    private static IEnumerable<string> Components() => s_components;
}
