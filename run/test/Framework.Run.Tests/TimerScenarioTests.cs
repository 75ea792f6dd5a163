using Framework.Testing;

namespace Framework.Run.Tests;

/// <summary>The timer service on virtual time: one-shot, periodic, multiplexed, sleeping threads.</summary>
[TestFixtureSource(typeof(Kernels), nameof(Kernels.All))]
public sealed class TimerScenarioTests(string kernel)
{
    // The composition of run/timer.run, so that the script and these tests boot the same thing.
    private static string Config => RunScripts.InstalledConfig("timer.run");

    [Test]
    public void Timeouts_fire_on_time_and_sleeping_threads_wake_up()
    {
        var (log, core) = OsScenario.Run(kernel, Config);
        Kernels.Verify(string.Join("\n", log));
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Contain("[init -> test-timer] --- timer test finished ---"));
            Assert.That(log, Does.Contain("[init] child \"test-timer\" exited with exit value 0"));
            Assert.That(log, Has.None.Contains("Error"));
            Assert.That(core.Kernel.Now, Is.GreaterThanOrEqualTo(2_000_000UL), "virtual time passed");
        });
    }

    [Test]
    public void The_same_timer_scenario_prints_the_same_log_every_time()
    {
        var first = OsScenario.Run(kernel, Config).Log;
        var second = OsScenario.Run(kernel, Config).Log;
        Assert.That(second, Is.EqualTo(first));
    }
}
