namespace Framework.Core.Verifier.Tests;

/// <summary>
/// Every component and library of this repository (os/src/**), verified as the loader would.
/// Two are refused today, for exactly what the test names; the rule was not weakened for them
/// (see the README: the timer's host locks, the benchmark's host clock).
/// </summary>
public sealed class RepositoryComponentTests
{
    public static IEnumerable<string> Assemblies() => Repository.OsAssemblies();

    [TestCaseSource(nameof(Assemblies))]
    public void Is_verified_or_refused_for_exactly_the_known_reason(string assembly)
    {
        // Framework.Os.Api is trusted by default; verified here to show it needs no trust.
        var verifier = new ComponentVerifier(new VerificationPolicy(["Framework.Base", "Framework.Rpc", "Framework.Util"], []));
        var result = verifier.Verify("init -> " + assembly, assembly, Repository.Image(assembly), Repository.Rom);
        TestContext.Out.WriteLine(result.ToString());
        switch (assembly)
        {
            case "bench-rpc":
                // The benchmark measures host time on purpose: a tool to mark as trusted in its boot image.
                Assert.That(result.Violations.Select(v => (v.Rule, v.Member)).Distinct(), Is.EquivalentTo(new[]
                {
                    (Rule.Clock, "System.Diagnostics.Stopwatch.GetTimestamp()"),
                    (Rule.Clock, "System.Diagnostics.Stopwatch.Frequency"),
                }), result.ToString());
                break;
            case "timer":
                // TimeoutScheduler and TimerSession guard their state with System.Threading.Lock.
                Assert.That(result.Verdict, Is.EqualTo(Verdict.Refused));
                Assert.That(result.Violations.Select(v => v.Rule).Distinct(), Is.EqualTo(new[] { Rule.HostThreads }), result.ToString());
                Assert.That(result.Violations.Select(v => v.Member), Has.All.Contains("System.Threading.Lock"), result.ToString());
                break;
            case "Framework.Os.Acpi" or "Framework.Os.Tar" or "Framework.Os.PacketStream":
                // Libraries written before the verifier: UTF-8 literals ("RSD PTR "u8, which the compiler
                // turns into a span over static data through a pointer constructor), small constant
                // stackallocs, span helpers not yet on the allow-list, and (packet stream) MemoryMarshal
                // reads of the shared queue. Known refusals until issue 11 teaches the verifier the safe
                // patterns and the packet stream reads its queue with BinaryPrimitives.
                Assert.That(result.Verdict, Is.EqualTo(Verdict.Refused));
                Assert.That(result.Violations.Select(v => v.Rule).Distinct(), Is.SubsetOf(new[] { Rule.Unsafe, Rule.NotAllowed }), result.ToString());
                break;
            default:
                Assert.That(result.Verdict, Is.EqualTo(Verdict.Verified), result.ToString());
                break;
        }
    }

    [Test]
    public void Every_os_component_is_built_beside_the_tests()
    {
        var missing = Repository.OsAssemblies().Where(a => !File.Exists(Path.Combine(AppContext.BaseDirectory, a + ".dll")));
        Assert.That(missing, Is.Empty, "add a ProjectReference for each to Framework.Core.Verifier.Tests.csproj");
    }

    [Test]
    public void A_component_with_its_rom_library_names_both()
    {
        var result = Verify.Component(Repository.Image("hello_server"), "init -> hello", "hello_server",
            new Dictionary<string, byte[]> { ["Hello.Api"] = Repository.Image("Hello.Api") });
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Verified), result.ToString());
        Assert.That(result.Images, Is.EqualTo(new[] { "hello_server", "Hello.Api" }));
        Assert.That(result.Summary, Is.EqualTo("init -> hello: binary \"hello_server\" verified (hello_server and library Hello.Api)"));
    }

    [Test]
    public void A_missing_library_is_a_reference_violation()
    {
        var result = Verify.Component(Repository.Image("hello_server"), "init -> hello", "hello_server");
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Refused));
        Assert.That(result.Violations.Single().Message, Is.EqualTo(
            "init -> hello: assembly hello_server references Hello.Api: it is neither a framework assembly nor a library in ROM (\"Hello.Api.dll\"); "
            + "the loader would look for it among the host's assemblies (core's, the kernel's) [reference]"));
    }
}
