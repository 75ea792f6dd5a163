namespace Framework.Bench.Tests;

/// <summary>The harness in quick mode on a tiny workload: every row appears (timings are not checked).</summary>
public sealed class HarnessSmokeTests
{
    private static readonly string[] s_rows =
    [
        "direct interface call (floor)",
        "SemaphoreSlim ping-pong round trip",
        "null RPC round trip",
        "RPC with 244-byte argument",
        "RPC with a capability argument",
        "session open + close through init",
        "kernel IPC round trip, server in a plain receive loop (thread switch)",
        "kernel IPC round trip, server in its serve loop (lent context)",
        "core + init boot, no children",
        "component start to first log line",
        "component start + exit",
        "boot 2 idle children",
        "managed heap per idle child (2)",
        "boot 4 idle children",
        "managed heap per idle child (4)",
        "per-child boot cost, 4 vs 2 children",
        "signal submit to handler dispatch",
        "16 MiB host array fill (floor)",
        "16 MiB dataspace attach + fill",
        "terminal text: plain byte copy in 4 KiB writes (floor)",
        "terminal decode only (128x48 grid)",
        "terminal write() while scrolling, frame skipping (render every 10 ms)",
        "terminal write() while scrolling, rendering every intermediate state",
    ];

    [Test]
    public void Quick_mode_prints_every_row()
    {
        var output = new StringWriter();
        var progress = new StringWriter();
        var exit = Program.Run(["--quick", "--kernel", "native", "--batches", "2", "--iterations", "200", "--runs", "1", "--children", "2,4"],
            output, progress);

        var text = output.ToString();
        Assert.That(exit, Is.Zero, progress.ToString());
        foreach (var row in s_rows)
            Assert.That(text, Does.Contain("| " + row), $"missing row \"{row}\" in:\n{text}");
        Assert.That(text, Does.Contain("kernel: native"));
    }

    [Test]
    public void An_unknown_kernel_is_refused_with_the_usage()
    {
        var progress = new StringWriter();
        Assert.That(Program.Run(["--kernel", "nonexistent"], new StringWriter(), progress), Is.EqualTo(2));
        Assert.That(progress.ToString(), Does.Contain("kernel backend 'nonexistent' is unknown"));
    }

    [Test]
    public void Only_runs_the_named_groups()
    {
        var output = new StringWriter();
        var progress = new StringWriter();
        var exit = Program.Run(["--quick", "--only", "boot", "--runs", "1", "--children", "2,4"], output, progress);

        var text = output.ToString();
        Assert.That(exit, Is.Zero, progress.ToString());
        Assert.That(text, Does.Contain("| boot 4 idle children"));
        Assert.That(text, Does.Not.Contain("| null RPC round trip"));
        Assert.That(text, Does.Not.Contain("| 16 MiB dataspace attach + fill"));
    }

    [Test]
    public void An_unknown_group_is_refused_with_the_known_ones()
    {
        var progress = new StringWriter();
        Assert.That(Program.Run(["--only", "rpc,bogus"], new StringWriter(), progress), Is.EqualTo(2));
        Assert.That(progress.ToString(), Does.Contain("unknown group(s) 'bogus'; known: acpi, boot, dataspace, life, rpc, signal"));
    }
}
