using Framework.Testing;

namespace Framework.Run.Tests;

/// <summary>The dummy's commands under the minimal (static) init: the parts of the init test it can run.</summary>
[TestFixtureSource(typeof(Kernels), nameof(Kernels.All))]
public sealed class DummyScenarioTests(string kernel)
{
    private static string Dummy(string name, string config, string route = "", string provides = "", string ram = "1M") => $"""
        <start name="{name}" caps="200">
          <binary name="dummy"/>
          <resource name="RAM" quantum="{ram}"/>
          {(provides.Length > 0 ? $"<provides><service name=\"{provides}\"/></provides>" : "")}
          <config>{config}</config>
          <route>{route} <any-service> <parent/> </any-service> </route>
        </start>
        """;

    private static string Config(params string[] starts) => $"""
        <config>
          {OsScenario.ParentProvides}
          <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
          <start name="timer" caps="100"> <resource name="RAM" quantum="1M"/> <provides> <service name="Timer"/> </provides> </start>
          {string.Join("\n", starts)}
        </config>
        """;

    private const string ToTimer = """<service name="Timer"> <child name="timer"/> </service>""";

    [Test]
    public void Chained_log_services_prefix_each_hop()
    {
        // Section C of the init test (steps 14-16).
        var (log, _) = OsScenario.Run(kernel, Config(
            Dummy("server", "<log_service/>", provides: "LOG"),
            Dummy("indirect_server", "<log_service/>", provides: "LOG",
                route: """<service name="LOG"> <child name="server"/> </service>"""),
            Dummy("client", """<log string="client started"/> <create_log_connections count="1"/>""",
                route: """<service name="LOG"> <child name="indirect_server"/> </service>""")));
        Assert.That(log, Does.Contain("[init -> server] [indirect_server] [client] client started"), string.Join("\n", log));
        Kernels.Verify(string.Join("\n", log));
    }

    [Test]
    public void Commands_run_in_document_order()
    {
        var (log, _) = OsScenario.Run(kernel, Config(
            Dummy("server", """<log_service verbose="yes" delay_close_ms="100"/>""", provides: "LOG", route: ToTimer),
            Dummy("test", """
                <log string="started"/>
                <create_log_connections count="2" ram_upgrade="64K"/>
                <destroy_log_connections/>
                <destroy_log_connections/>
                <consume_ram amount="256K"/>
                <consume_ram amount="128K"/>
                <consume_caps amount="10"/>
                <consume_ram amount="1G"/>
                <sleep ms="300"/>
                <log string="a string longer than forty-nine characters is cut at forty-nine"/>
                <unknown_command/>
                <exit/>
                <log string="never printed"/>
                """,
                route: ToTimer + """<service name="LOG"> <child name="server"/> </service>""", ram: "2M")));
        Kernels.Verify(string.Join("\n", log));
        Assert.That(log, Has.None.Contains("never printed"));
    }
}
