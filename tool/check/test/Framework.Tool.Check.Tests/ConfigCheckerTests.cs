using Framework.Testing;

namespace Framework.Tool.Check.Tests;

/// <summary>The checker on good and bad configs; each report is a snapshot.</summary>
public sealed class ConfigCheckerTests
{
    private const string ParentProvides = """
          <parent-provides>
            <service name="LOG"/> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="RM"/>
          </parent-provides>
        """;

    private static readonly CheckOptions s_options = new()
    {
        Modules = ["init", "hello_server", "hello_client", "Hello.Api.dll", "test-base", "report_rom", "timer"],
        AvailableRam = 64 << 20,
        AvailableCaps = 3000,
    };

    private static string Report(string config) => ConfigChecker.Check(config, s_options).Format("config");

    [Test]
    public void A_good_config_resolves_every_route()
    {
        var report = ConfigChecker.Check($"""
            <config>
            {ParentProvides}
              <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
              <start name="hello_server" caps="100"> <resource name="RAM" quantum="1M"/> <provides> <service name="Hello"/> </provides> </start>
              <start name="hello_client" caps="100"> <resource name="RAM" quantum="1M"/> </start>
            </config>
            """, s_options);
        Assert.That(report.Problems, Is.Empty);
        Verifier.Verify(report.Format("config"));
    }

    [Test]
    public void Routes_to_nothing_and_undeclared_services_are_errors()
    {
        Verifier.Verify(Report($"""
            <config>
            {ParentProvides}
              <start name="client" ram="1M" caps="100">
                <binary name="hello_client"/>
                <route>
                  <service name="Hello"> <child name="server"/> </service>
                  <service name="Timer"> <parent/> </service>
                  <service name="Report"> <child name="hello"/> </service>
                  <any-service> <parent/> </any-service>
                </route>
              </start>
              <start name="hello" ram="1M" caps="100">
                <binary name="hello_server"/>
                <route> <any-service> <parent/> </any-service> </route>
              </start>
            </config>
            """));
    }

    [Test]
    public void Cycles_duplicates_unknown_binaries_and_overdrawn_quota_are_errors()
    {
        Verifier.Verify(Report($"""
            <config>
            {ParentProvides}
              <start name="a" ram="40M" caps="100">
                <binary name="test-base"/>
                <provides> <service name="A"/> </provides>
                <route> <service name="B"> <child name="b"/> </service> <any-service> <parent/> </any-service> </route>
              </start>
              <start name="b" ram="40M" caps="100">
                <binary name="no_such_binary"/>
                <provides> <service name="B"/> </provides>
                <route> <service name="A"> <child name="a"/> </service> <any-service> <parent/> </any-service> </route>
              </start>
            </config>
            """));
        Verifier.Verify(Report($"""
            <config>
            {ParentProvides}
              <default-route> <any-service> <parent/> </any-service> </default-route>
              <start name="twin" ram="1M"> <binary name="test-base"/> </start>
              <start name="twin" ram="1M"> <binary name="test-base"/> </start>
            </config>
            """), settings: new VerifySettings().UseMethodName("Duplicate_names"));
    }

    [Test]
    public void Mistakes_init_accepts_silently_are_pointed_out()
    {
        Verifier.Verify(Report($"""
            <config>
            {ParentProvides}
              <default-route>
                <any-service>
                  <service name="LOG"> <parent/> </service>
                  <parent/> <any-child/>
                </any-service>
                <service name="ROM"> <parent/> </service>
              </default-route>
              <start name="tiny" ram="16" caps="100"> <binary name="test-base"/> </start>
            </config>
            """));
    }

    [Test]
    public void Rules_that_can_never_match_and_unit_less_quantities_are_warnings()
    {
        Verifier.Verify(Report($"""
            <config>
            {ParentProvides}
              <default-route> <any-service> <parent/> </any-service> </default-route>
              <start name="old" caps="100"> <binary name="test-base"/> <resource name="RAM" quantum="512"/> </start>
              <start name="shadowed" ram="1M" caps="100">
                <binary name="test-base"/>
                <route>
                  <service name="LOG"> <parent/> </service>
                  <service name="LOG" label="debug"> <parent/> </service>
                  <any-service> <parent/> </any-service>
                </route>
              </start>
            </config>
            """));
    }

    [Test]
    public void Malformed_xml_names_line_and_column()
    {
        var report = ConfigChecker.Check("<config>\n  <start name=\"a\">\n    <binary name=\"x\">\n  </start>\n</config>", s_options);
        Assert.That(report.HasErrors, Is.True);
        Verifier.Verify(report.Format("config"));
    }

    [Test]
    public void Nested_inits_are_checked_recursively()
    {
        Verifier.Verify(Report($"""
            <config>
            {ParentProvides}
              <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
              <start name="sub" ram="8M" caps="500">
                <binary name="init"/>
                <config>
                  <parent-provides> <service name="LOG"/> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="Timer"/> </parent-provides>
                  <default-route> <any-service> <parent/> </any-service> </default-route>
                  <start name="inner" ram="16M" caps="100"> <binary name="test-base"/> </start>
                </config>
              </start>
            </config>
            """));
    }
}
