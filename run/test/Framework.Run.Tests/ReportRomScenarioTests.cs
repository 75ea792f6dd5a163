using Framework.Testing;

namespace Framework.Run.Tests;

/// <summary>
/// report_rom with Genode's test-report_rom (conformance.md section 5), checked against the
/// expected log of Genode's test package with the autopilot's matching rules.
/// </summary>
[TestFixtureSource(typeof(Kernels), nameof(Kernels.All))]
public sealed class ReportRomScenarioTests(string kernel)
{
    // The composition of run/report_rom.run, so that the script and these tests boot the same thing.
    private static string Config => RunScripts.InstalledConfig("report_rom.run");

    [Test]
    public void Reports_become_ROMs_that_survive_the_reporter_and_refuse_a_second_writer()
    {
        var (log, _) = OsScenario.Run(kernel, Config);
        Kernels.Verify(string.Join("\n", log));
        Assert.That(log, Has.None.Contains("exited with exit value -1"));
    }

    [Test]
    public void The_log_matches_Genodes_expected_log()
    {
        var data = OsScenario.GenodeData();
        if (data is null)
            Assert.Ignore("../shared/data/genode is absent: Genode's expected log is not available");
        var expected = File.ReadAllText(Path.Combine(data!, "report_rom_expected.log"));
        var (log, _) = OsScenario.Run(kernel, Config);
        Assert.That(AutopilotLog.Mismatch(expected, log), Is.Null, string.Join("\n", log));
    }

    [Test]
    public void The_runtime_files_success_pattern_matches_too()
    {
        var data = OsScenario.GenodeData();
        if (data is null)
            Assert.Ignore("../shared/data/genode is absent");
        var pattern = AutopilotLog.Succeed(File.ReadAllText(Path.Combine(data!, "report_rom_runtime.xml")));
        Assert.That(pattern, Does.Contain("test-report_rom started"));
        var (log, _) = OsScenario.Run(kernel, Config);
        Assert.That(AutopilotLog.Mismatch(pattern, log), Is.Null, string.Join("\n", log));
    }
}
