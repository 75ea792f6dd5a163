using Framework.Testing;

namespace Framework.Run.Tests;

/// <summary>
/// The test-init driver under the static init: instead of a nested init, a dummy reads the
/// published configs (through report_rom) and logs to the driver, and the driver's "state" ROM is
/// the published config itself. This checks the driver's loop, its LOG service, its condition
/// matching, its failure reports and the overlay without needing the dynamic init.
/// </summary>
[TestFixtureSource(typeof(Kernels), nameof(Kernels.All))]
public sealed class InitDriverScenarioTests(string kernel)
{
    private static string Config(string steps) => $"""
        <config>
          {OsScenario.ParentProvides}
          <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
          <start name="timer" caps="100"> <resource name="RAM" quantum="1M"/> <provides> <service name="Timer"/> </provides> </start>
          <start name="report_rom" caps="100" ram="2M">
            <provides> <service name="ROM"/> <service name="Report"/> </provides>
            <config verbose="no">
              <policy label="dummy -> config"    report="test-init -> init.config"/>
              <policy label="test-init -> state" report="test-init -> init.config"/>
            </config>
          </start>
          <start name="test-init" caps="200" ram="4M">
            <provides> <service name="LOG"/> </provides>
            <config>{steps}</config>
            <route>
              <service name="Report"> <child name="report_rom"/> </service>
              <service name="ROM" label="state"> <child name="report_rom"/> </service>
              <service name="Timer"> <child name="timer"/> </service>
              <any-service> <parent/> </any-service>
            </route>
          </start>
          <start name="dummy" caps="200" ram="2M">
            <route>
              <service name="ROM" label="config"> <child name="report_rom"/> </service>
              <service name="LOG"> <child name="test-init"/> </service>
              <service name="Timer"> <child name="timer"/> </service>
              <any-service> <parent/> </any-service>
            </route>
          </start>
        </config>
        """;

    private const string PassingSteps = """
        <sleep ms="100"/>
        <message string="driver self test"/>
        <init_config version="one"> <log string="hello from dummy"/> </init_config>
        <expect_log string="[dummy] hello from dummy"/>
        <expect_init_state>
          <attribute name="version" value="one"/>
          <node name="log"> <attribute name="string" value="hello from dummy"/> </node>
          <not> <node name="exit"/> </not>
        </expect_init_state>
        <init_config version="two">
          <create_log_connections count="2"/>
          <consume_ram amount="64K"/>
          <log string="second"/>
        </init_config>
        <expect_log string="[dummy] going to create 2 LOG connections"/>
        <expect_log string="[dummy] second"/>
        <nop/>
        <expect_init_state>
          <attribute name="version" value="two"/>
          <node name="consume_ram"> <attribute name="amount" higher="63K"/> <attribute name="amount" lower="1M"/> </node>
        </expect_init_state>
        <sleep ms="50"/>
        <message string="test complete"/>
        """;

    [Test]
    public void The_driver_runs_every_step_and_exits_with_0()
    {
        var (log, _) = OsScenario.Run(kernel, Config(PassingSteps));
        Kernels.Verify(string.Join("\n", log));
        Assert.That(log, Does.Contain("[init] child \"test-init\" exited with exit value 0"), string.Join("\n", log));
    }

    [Test]
    public void A_log_that_never_comes_fails_the_step_with_its_index_and_what_arrived()
    {
        const string steps = """
            <init_config version="one"> <log string="hello from dummy"/> </init_config>
            <expect_log string="[dummy] good bye"/>
            <message string="never reached"/>
            """;
        var (log, _) = OsScenario.Run(kernel, Config(steps), extra: new Dictionary<string, string>
        {
            ["overlay"] = """<overlay> <driver step_timeout_ms="500"/> </overlay>""",
        });
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Contain("[init -> test-init] Error: step 1 (expect_log) failed: expected log message did not appear within 500 ms: \"[dummy] good bye\""),
                string.Join("\n", log));
            Assert.That(log, Does.Contain("[init -> test-init]     [dummy] hello from dummy"));
            Assert.That(log, Does.Contain("[init] child \"test-init\" exited with exit value 1"));
            Assert.That(log, Has.None.Contains("never reached"));
        });
    }

    [Test]
    public void A_state_that_never_matches_fails_with_the_first_difference()
    {
        const string steps = """
            <init_config version="one"> <log string="hello"/> </init_config>
            <expect_init_state> <node name="log"> <attribute name="string" value="bye"/> </node> </expect_init_state>
            """;
        var (log, _) = OsScenario.Run(kernel, Config(steps), extra: new Dictionary<string, string>
        {
            ["overlay"] = """<overlay> <driver step_timeout_ms="300"/> </overlay>""",
        });
        Assert.That(log, Has.Some.StartsWith("[init -> test-init] Error: step 1 (expect_init_state) failed: init state did not match within 300 ms: <config>: no <log> sub-node matches (1 tried; e.g. <config> <log>: attribute string is \"hello\", expected \"bye\")"),
            string.Join("\n", log));
        Assert.That(log, Does.Contain("[init] child \"test-init\" exited with exit value 1"));
    }

    [Test]
    public void The_overlay_replaces_a_step_only_if_its_type_matches()
    {
        const string steps = """
            <init_config version="one"> <log string="Warning: something"/> </init_config>
            <expect_warning string="[dummy] " colored="Warning: something"/>
            """;
        var overlay = """
            <overlay>
              <driver step_timeout_ms="300"/>
              <replace step="1" type="expect_warning"> <expect_log string="[dummy] Warning: something"/> </replace>
            </overlay>
            """;
        var (log, _) = OsScenario.Run(kernel, Config(steps), extra: new Dictionary<string, string> { ["overlay"] = overlay });
        Assert.That(log, Does.Contain("[init] child \"test-init\" exited with exit value 0"), string.Join("\n", log));
        Assert.That(log, Does.Contain("[init -> test-init] 2 steps, step timeout 300 ms, steps replaced by the overlay: 1"));

        var wrongType = overlay.Replace("type=\"expect_warning\"", "type=\"expect_log\"", StringComparison.Ordinal);
        (log, _) = OsScenario.Run(kernel, Config(steps), extra: new Dictionary<string, string> { ["overlay"] = wrongType });
        Assert.That(log, Does.Contain("[init -> test-init] Error: failed: cannot load the step script: overlay replaces step 1 of type expect_log, but that step is expect_warning"),
            string.Join("\n", log));
    }
}
