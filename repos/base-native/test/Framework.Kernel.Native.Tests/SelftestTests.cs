using System.Text;
using Framework.Kernel.Native;
using Framework.Kernel.Native.Memory;
using Framework.Kernel.Native.Selftest;

namespace Framework.Kernel.Native.Tests;

[TestFixture]
public sealed class SelftestTests
{
    private sealed class BufferLog : ISelftestLog
    {
        private readonly StringBuilder _text = new();

        public void Write(string text) => _text.Append(text);

        public string[] Lines => _text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private sealed class FailingSuite
    {
        public SelftestSuite Suite() => new("broken", [new SelftestCase("fails", Fails), new SelftestCase("passes", Passes)]);

        private SyscallStatus Fails(SelftestContext t) => t.Check(false, "deliberate") ? SyscallStatus.Ok : SyscallStatus.Failed;

        private SyscallStatus Passes(SelftestContext t) => SyscallStatus.Ok;
    }

    [Test]
    public void All_registered_suites_pass_and_end_with_the_marker()
    {
        var log = new BufferLog();
        SyscallStatus status = SelftestRunner.Run(SelftestRegistry.CreateDefault(), null, new SelftestContext(log));
        string[] lines = log.Lines;
        Assert.That(status, Is.EqualTo(SyscallStatus.Ok), string.Join("\n", lines));
        Assert.Multiple(() =>
        {
            Assert.That(lines[^1], Is.EqualTo("selftest: result: PASS"));
            Assert.That(lines, Has.Member("selftest: suite pmm"));
            Assert.That(lines, Has.Member("selftest: suite pagetable"));
            Assert.That(lines, Has.Member("selftest: suite vmm"));
            Assert.That(lines, Has.Member("selftest: vmm/lazy_fault: PASS"));
            Assert.That(lines, Has.Member("selftest: suite capspace"));
            Assert.That(lines, Has.Member("selftest: capspace/same_object_same_selector: PASS"));
            Assert.That(lines, Has.Member("selftest: suite scheduler"));
            Assert.That(lines, Has.Member("selftest: suite ipc"));
            Assert.That(lines, Has.Member("selftest: pmm/live: SKIP"), "no live allocator when hosted");
            Assert.That(lines, Has.Member("selftest: ipc/call_reply: SKIP"), "no threads of a booted kernel when hosted");
            Assert.That(lines, Has.Member("selftest: scheduler/priority_order: SKIP"));
            Assert.That(lines, Has.None.Contains("FAIL"));
            Assert.That(lines[^2], Is.EqualTo("selftest: passed 18, failed 0, skipped 8"));
        });
    }

    [Test]
    public void A_live_allocator_enables_the_live_test()
    {
        Assert.That(PhysicalMemoryManager.Create([new MemoryMapEntry(0x10_0000, 0x40_0000, MemoryKind.Usable)], out PhysicalMemoryManager? pmm), Is.EqualTo(SyscallStatus.Ok));
        var log = new BufferLog();
        SyscallStatus status = SelftestRunner.Run(SelftestRegistry.CreateDefault(), "pmm", new SelftestContext(log, pmm));
        Assert.That(status, Is.EqualTo(SyscallStatus.Ok));
        Assert.That(log.Lines, Has.Member("selftest: pmm/live: PASS"));
        Assert.That(log.Lines[^1], Is.EqualTo(SelftestRunner.PassMarker));
    }

    [Test]
    public void A_suite_filter_runs_only_that_suite()
    {
        var log = new BufferLog();
        SelftestRunner.Run(SelftestRegistry.CreateDefault(), "vmm", new SelftestContext(log));
        Assert.That(log.Lines, Has.None.StartsWith("selftest: pmm/"));
        Assert.That(log.Lines, Has.Some.StartsWith("selftest: vmm/"));
        Assert.That(log.Lines[^1], Is.EqualTo("selftest: result: PASS"));
    }

    [Test]
    public void An_unknown_suite_fails()
    {
        var log = new BufferLog();
        SyscallStatus status = SelftestRunner.Run(SelftestRegistry.CreateDefault(), "vmmm", new SelftestContext(log));
        Assert.That(status, Is.EqualTo(SyscallStatus.Failed));
        Assert.That(log.Lines, Has.Member("selftest: no suite named vmmm"));
        Assert.That(log.Lines[^1], Is.EqualTo("selftest: result: FAIL"));
    }

    [Test]
    public void A_failing_test_is_reported_and_fails_the_run()
    {
        var log = new BufferLog();
        SyscallStatus status = SelftestRunner.Run([new FailingSuite().Suite()], null, new SelftestContext(log));
        Assert.That(status, Is.EqualTo(SyscallStatus.Failed));
        Assert.That(log.Lines, Is.EqualTo(new[]
        {
            "selftest: suite broken",
            "selftest:   check failed: deliberate",
            "selftest: broken/fails: FAIL (Failed)",
            "selftest: broken/passes: PASS",
            "selftest: passed 1, failed 1, skipped 0",
            "selftest: result: FAIL",
        }));
    }

    [Test]
    public void Status_names_and_numbers_are_written_without_formatting()
    {
        var log = new BufferLog();
        SelftestRunner.WriteDecimal(log, 1234567890);
        log.Write("\n");
        SelftestRunner.WriteDecimal(log, 0);
        Assert.That(log.Lines, Is.EqualTo(new[] { "1234567890", "0" }));
        foreach (SyscallStatus s in Enum.GetValues<SyscallStatus>())
        {
            Assert.That(SelftestRunner.StatusName(s), Is.EqualTo(s.ToString()));
        }
    }
}
