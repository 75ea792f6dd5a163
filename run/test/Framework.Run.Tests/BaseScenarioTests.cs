namespace Framework.Run.Tests;

/// <summary>Scenario properties that need the C# API: determinism, resource return, virtual time.</summary>
[TestFixtureSource(typeof(Kernels), nameof(Kernels.All))]
public sealed class BaseScenarioTests(string kernel)
{
    [Test]
    public void Ten_virtual_seconds_cost_no_wall_clock_time()
    {
        var (_, core) = Boot.Run(kernel, Boot.Config(Boot.Start("threads", "threads")));
        Assert.That(core.Kernel.Now, Is.EqualTo(10_000_000UL), "ten virtual seconds passed, and no more");
    }

    [Test]
    public void The_same_scenario_prints_the_same_log_every_time()
    {
        var config = Boot.Config(
            Boot.Start("echo", "echo-server", provides: "Echo"),
            Boot.Start("crasher", "crash"),
            Boot.Start("client", "echo-client", extra: "count=\"5\""),
            Boot.Start("signal", "signal"));
        var first = Boot.Run(kernel, config).Log;
        var second = Boot.Run(kernel, config).Log;
        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Has.Count.GreaterThan(10));
    }

    [Test]
    public void Exited_children_return_all_their_quota_to_init()
    {
        var (_, core) = Boot.Run(kernel, Boot.Config(
            Boot.Start("echo", "echo-server", provides: "Echo"),
            Boot.Start("quota", "quota")));
        var withServer = core.InitQuota;
        // The echo server never exits, so only the quota client's resources come back.
        var (_, alone) = Boot.Run(kernel, Boot.Config(Boot.Start("echo", "echo-server", provides: "Echo")));
        Assert.That(withServer, Is.EqualTo(alone.InitQuota));
        Assert.That(core.InitUsed, Is.EqualTo(alone.InitUsed));
    }

    [Test]
    public void A_log_line_longer_than_one_write_arrives_in_pieces()
    {
        var (log, _) = Boot.Run(kernel, Boot.Config(Boot.Start("long", "long-log")));
        var text = string.Concat(Enumerable.Range(0, 60).Select(i => $"{i:D4} "));
        var lines = log.Where(l => l.StartsWith("[init -> long] ", StringComparison.Ordinal)).Select(l => l["[init -> long] ".Length..]).ToList();
        Assert.That(lines, Is.EqualTo(new[] { text[..232], text[232..], "first line", "second line" }));
    }
}
