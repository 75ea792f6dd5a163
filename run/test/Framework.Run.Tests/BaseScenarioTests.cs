using Framework.Testing;

namespace Framework.Run.Tests;

/// <summary>Scenarios booting real components that exercise the base API end to end.</summary>
public sealed class BaseScenarioTests
{
    [Test]
    public void Crashing_and_faulting_components_leave_their_siblings_running()
    {
        var (log, core) = Boot.Run(Boot.Config(
            Boot.Start("echo", "echo-server", provides: "Echo"),
            Boot.Start("crasher", "crash"),
            Boot.Start("faulter", "fault"),
            Boot.Start("client", "echo-client", extra: "count=\"3\"")));
        Verifier.Verify(string.Join("\n", log));
        Assert.That(core.Kernel.Now, Is.Zero, "nothing here waits for time");
    }

    [Test]
    public void A_server_that_crashes_in_an_RPC_faults_and_its_client_is_told()
    {
        var (log, _) = Boot.Run(Boot.Config(
            Boot.Start("echo", "echo-server", provides: "Echo"),
            Boot.Start("client", "echo-client", extra: "count=\"1\" crash=\"yes\"")));
        Verifier.Verify(string.Join("\n", log));
    }

    [Test]
    public void Quota_moves_with_sessions_and_comes_back()
    {
        var (log, _) = Boot.Run(Boot.Config(
            Boot.Start("echo", "echo-server", provides: "Echo"),
            Boot.Start("quota", "quota")));
        Verifier.Verify(string.Join("\n", log));
    }

    [Test]
    public void Signals_coalesce_until_dispatched()
    {
        var (log, _) = Boot.Run(Boot.Config(Boot.Start("signal", "signal")));
        Verifier.Verify(string.Join("\n", log));
    }

    [Test]
    public void Region_map_rejects_conflicts_and_bad_windows()
    {
        var (log, _) = Boot.Run(Boot.Config(Boot.Start("rm", "region-map")));
        Verifier.Verify(string.Join("\n", log));
    }

    [Test]
    public void Faults_in_a_managed_dataspace_reach_its_handler()
    {
        var (log, _) = Boot.Run(Boot.Config(Boot.Start("rm_fault", "rm-fault")));
        Verifier.Verify(string.Join("\n", log));
    }

    [Test]
    public void Threads_pause_resume_and_wait_on_virtual_time()
    {
        var (log, core) = Boot.Run(Boot.Config(Boot.Start("threads", "threads")));
        Verifier.Verify(string.Join("\n", log));
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
        var first = Boot.Run(config).Log;
        var second = Boot.Run(config).Log;
        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Has.Count.GreaterThan(10));
    }

    [Test]
    public void Exited_children_return_all_their_quota_to_init()
    {
        var (_, core) = Boot.Run(Boot.Config(
            Boot.Start("echo", "echo-server", provides: "Echo"),
            Boot.Start("quota", "quota")));
        var withServer = core.InitQuota;
        // The echo server never exits, so only the quota client's resources come back.
        var (_, alone) = Boot.Run(Boot.Config(Boot.Start("echo", "echo-server", provides: "Echo")));
        Assert.That(withServer, Is.EqualTo(alone.InitQuota));
        Assert.That(core.InitUsed, Is.EqualTo(alone.InitUsed));
    }
}
