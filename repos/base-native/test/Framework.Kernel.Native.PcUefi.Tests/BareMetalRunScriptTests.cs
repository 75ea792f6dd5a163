using Framework.Tool.Run;

namespace Framework.Kernel.Native.PcUefi.Tests;

/// <summary>
/// The bare-metal run scripts (run/kernel_*.run) with <c>--platform pc-uefi</c>: each builds the
/// UEFI image of the native kernel, boots it in QEMU under a wall-clock timeout and checks the
/// serial log against the script's expectations. Skipped, naming the missing tool, where QEMU,
/// OVMF, lld or llvm could not be installed (tool/setup/install-deps.sh installs them).
/// </summary>
[TestFixture]
[Category("qemu")]
[NonParallelizable]
public sealed class BareMetalRunScriptTests
{
    private static readonly string[] Tools = ["qemu-system-x86_64", "lld-link", "llvm-mc"];
    private static readonly string[] Firmware = ["/usr/share/ovmf/OVMF.fd", "/usr/share/OVMF/OVMF.fd", "/usr/share/qemu/OVMF.fd"];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("repository root not found");
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));

    [OneTimeSetUp]
    public void RequireQemu()
    {
        string[] missing = Tools.Where(t => !OnPath(t)).ToArray();
        if (!Firmware.Any(File.Exists))
            missing = [.. missing, "OVMF firmware"];
        if (missing.Length > 0)
            Assert.Ignore($"QEMU boot tests skipped: {string.Join(", ", missing)} not installed (run tool/setup/install-deps.sh as root)");
    }

    private static (int ExitCode, string Output) Run(string script)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        // Wall-clock timeouts: the scripts allow 60 s per boot; a loaded CI machine gets twice that.
        var result = RunScript.Execute(Path.Combine(RepositoryRoot(), "run", script), new RunOptions
        {
            Platform = "pc-uefi",
            TimeoutScale = 2,
            Out = output,
            Error = errors,
        });
        return (result.ExitCode, output + "\n" + errors);
    }

    [Test]
    public void Selftests_pass_in_the_booted_kernel()
    {
        var (code, output) = Run("kernel_selftest.run");
        Assert.That(code, Is.Zero, output);
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("selftest: ipc/call_reply: PASS"), "IPC on real kernel threads");
            Assert.That(output, Does.Contain("selftest: scheduler/priority_order: PASS"));
            Assert.That(output, Does.Contain("selftest: capspace/same_object_same_selector: PASS"));
            Assert.That(output, Does.Contain("selftest: pc/timer_interrupts: PASS"));
            Assert.That(output, Does.Contain("selftest: pc/syscalls_allocate_nothing: PASS"));
            Assert.That(output, Does.Contain("selftest: result: PASS"));
        });
    }

    [Test]
    public void Hello_components_talk_through_ipc_and_an_intruder_is_stopped()
    {
        var (code, output) = Run("kernel_hello.run");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("Test succeeded"));
    }

    [Test]
    public void A_page_fault_in_the_kernel_prints_a_readable_panic()
    {
        var (code, output) = Run("kernel_fault.run");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Match(@"rax 0x[0-9a-f]{16} rbx 0x[0-9a-f]{16} rcx 0x[0-9a-f]{16}"), "every register is printed");
    }
}
