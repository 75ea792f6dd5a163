using Framework.Testing;

namespace Framework.Run.Tests;

/// <summary>
/// report_rom with Genode's test-report_rom (conformance.md section 5), checked against the
/// expected log of Genode's test package with the autopilot's matching rules.
/// </summary>
public sealed class ReportRomScenarioTests
{
    // Genode's report_rom_runtime.xml, with a timer child instead of a parent-provided Timer
    // and explicit routes, because our init answers any-child requests only once the server announced.
    private const string Config = $"""
        <config>
          {OsScenario.ParentProvides}
          <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
          <start name="timer" caps="100"> <resource name="RAM" quantum="1M"/> <provides> <service name="Timer"/> </provides> </start>
          <start name="report_rom" caps="100" ram="2M">
            <provides> <service name="ROM"/> <service name="Report"/> </provides>
            <config>
              <policy label_prefix="test-report_rom ->" label_suffix="brightness" report="test-report_rom -> brightness"/>
            </config>
          </start>
          <start name="test-report_rom" caps="100" ram="2M">
            <route>
              <service name="ROM" label="brightness"> <child name="report_rom"/> </service>
              <service name="Report"> <child name="report_rom"/> </service>
              <service name="Timer"> <child name="timer"/> </service>
              <any-service> <parent/> </any-service>
            </route>
          </start>
        </config>
        """;

    [Test]
    public void Reports_become_ROMs_that_survive_the_reporter_and_refuse_a_second_writer()
    {
        var (log, _) = OsScenario.Run(Config);
        Verifier.Verify(string.Join("\n", log));
        Assert.That(log, Has.None.Contains("exited with exit value -1"));
    }

    [Test]
    public void The_log_matches_Genodes_expected_log()
    {
        var data = OsScenario.GenodeData();
        if (data is null)
            Assert.Ignore("../shared/data/genode is absent: Genode's expected log is not available");
        var expected = File.ReadAllText(Path.Combine(data!, "report_rom_expected.log"));
        var (log, _) = OsScenario.Run(Config);
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
        var (log, _) = OsScenario.Run(Config);
        Assert.That(AutopilotLog.Mismatch(pattern, log), Is.Null, string.Join("\n", log));
    }
}
