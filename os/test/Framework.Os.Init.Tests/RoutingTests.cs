using Framework.Os.Init.Model;
using Framework.Os.Init.Routing;
using Framework.Testing;
using Framework.Util;

namespace Framework.Os.Init.Tests;

/// <summary>The resolved routing of non-trivial configs, as canonical text snapshots, and single rules.</summary>
public sealed class RoutingTests
{
    /// <summary>12.02's os/src/init/config.explicit_routing style: every route spelled out.</summary>
    private const string ExplicitRouting1202 = """
        <config>
          <parent-provides>
            <service name="ROM"/> <service name="RAM"/> <service name="CPU"/> <service name="RM"/>
            <service name="PD"/> <service name="LOG"/> <service name="IRQ"/> <service name="IO_PORT"/>
          </parent-provides>
          <start name="timer">
            <resource name="RAM" quantum="512K"/>
            <provides> <service name="Timer"/> </provides>
            <route>
              <service name="IRQ"> <parent/> </service>
              <service name="IO_PORT"> <parent/> </service>
              <any-service> <parent/> </any-service>
            </route>
          </start>
          <start name="nitlog">
            <resource name="RAM" quantum="1M"/>
            <provides> <service name="LOG"/> </provides>
            <route> <any-service> <parent/> </any-service> </route>
          </start>
          <start name="app">
            <resource name="RAM" quantum="4M"/>
            <route>
              <service name="LOG"> <child name="nitlog"/> </service>
              <service name="Timer"> <child name="timer"/> </service>
              <service name="ROM"> <if-arg key="label" value="secret"/> <child name="nitlog"/> </service>
              <service name="ROM"> <parent/> </service>
              <service name="PD"> <parent/> </service> <service name="CPU"> <parent/> </service>
            </route>
          </start>
        </config>
        """;

    /// <summary>The top-level config of Genode's test-init runtime (conformance.md 2.2).</summary>
    private const string TestInitRuntime = """
        <config prio_levels="2">
          <parent-provides>
            <service name="ROM"/> <service name="CPU"/> <service name="PD"/> <service name="LOG"/>
            <service name="IRQ"/> <service name="IO_MEM"/> <service name="IO_PORT"/> <service name="Timer"/>
          </parent-provides>
          <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
          <default caps="100"/>
          <start name="report_rom" priority="-1" ram="2M">
            <provides> <service name="ROM"/> <service name="Report"/> </provides>
            <config verbose="no"/>
          </start>
          <start name="test-init" priority="-1" ram="4M">
            <provides> <service name="LOG"/> </provides>
            <route>
              <service name="Report"> <child name="report_rom"/> </service>
              <service name="ROM" label="state"> <child name="report_rom"/> </service>
              <service name="ROM" label="config"> <parent label="test-init.config"/> </service>
              <any-service> <parent/> </any-service>
            </route>
          </start>
          <start name="init" caps="2000" priority="-1" ram="16M">
            <binary name="init"/>
            <route>
              <service name="ROM" label="config"> <child name="report_rom"/> </service>
              <service name="Report"> <child name="report_rom"/> </service>
              <service name="LOG"> <child name="test-init"/> </service>
              <service name="ROM" label="another_dummy"> <parent label="dummy"/> </service>
              <any-service> <parent/> </any-service>
            </route>
          </start>
        </config>
        """;

    /// <summary>Modern selectors, aliases, label rewriting, an ambiguous any-child and a missing server.</summary>
    private const string ModernSelectors = """
        <config>
          <parent-provides> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="LOG"/> </parent-provides>
          <alias name="gui" child="nitpicker"/>
          <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
          <start name="nitpicker"> <provides> <service name="Gui"/> <service name="Report"/> </provides> </start>
          <start name="report_rom"> <provides> <service name="Report"/> <service name="ROM"/> </provides> </start>
          <start name="app">
            <binary name="renamed_app"/>
            <route>
              <service name="ROM" unscoped_label="renamed_app"> <parent label="app"/> </service>
              <service name="ROM" label_last="clipboard"> <child name="report_rom"/> </service>
              <service name="ROM" label_prefix="fonts/"> <child name="report_rom" label="fonts"/> </service>
              <service name="LOG" label_suffix="-> debug"> <child name="nowhere"/> </service>
              <service name="Gui"> <child name="gui"/> </service>
              <service name="Report"> <any-child/> </service>
              <any-service> <parent/> </any-service>
            </route>
          </start>
        </config>
        """;

    /// <summary>Two servers that need each other: a cycle init warns about.</summary>
    private const string Cyclic = """
        <config>
          <parent-provides> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="LOG"/> </parent-provides>
          <start name="a"> <provides> <service name="A"/> </provides>
            <route> <service name="B"> <child name="b"/> </service> <any-service> <parent/> </any-service> </route> </start>
          <start name="b"> <provides> <service name="B"/> </provides>
            <route> <service name="LOG"> <child name="c"/> </service> <any-service> <parent/> </any-service> </route> </start>
          <start name="c"> <provides> <service name="LOG"/> </provides>
            <route> <service name="A"> <child name="a"/> </service> <any-service> <parent/> </any-service> </route> </start>
        </config>
        """;

    [TestCase("explicit_routing_1202")]
    [TestCase("test_init_runtime")]
    [TestCase("modern_selectors")]
    [TestCase("cyclic")]
    public void Routing_table(string name)
    {
        var text = name switch
        {
            "explicit_routing_1202" => ExplicitRouting1202,
            "test_init_runtime" => TestInitRuntime,
            "modern_selectors" => ModernSelectors,
            _ => Cyclic,
        };
        Verifier.Verify(RoutingTable.Render(InitConfig.Parse(text)));
    }

    [Test]
    public void A_start_route_replaces_the_default_route()
    {
        var config = InitConfig.Parse("""
            <config>
              <parent-provides> <service name="LOG"/> </parent-provides>
              <default-route> <any-service> <parent/> </any-service> </default-route>
              <start name="a"> <route> <service name="ROM"> <parent/> </service> </route> </start>
            </config>
            """);
        var decision = RouteResolver.Resolve(config, config.Children[0], "LOG", new SessionLabel("a"), new SessionLabel(""));
        Assert.That(decision.ToString(), Is.EqualTo("denied (a: no route to service \"LOG\" (label=\"\"))"));
    }

    [Test]
    public void A_service_rule_whose_targets_fail_denies_but_any_service_falls_through()
    {
        var config = InitConfig.Parse("""
            <config>
              <parent-provides> <service name="LOG"/> </parent-provides>
              <start name="a"> <route>
                <service name="LOG" label="x"> <child name="missing"/> </service>
                <any-service> <child name="missing"/> </any-service>
                <any-service> <parent/> </any-service>
              </route> </start>
            </config>
            """);
        var a = config.Children[0];
        Assert.Multiple(() =>
        {
            Assert.That(RouteResolver.Resolve(config, a, "LOG", new SessionLabel("a -> x")).ToString(),
                Is.EqualTo("denied (a: lookup for service \"LOG\" failed)"));
            Assert.That(RouteResolver.Resolve(config, a, "LOG", new SessionLabel("a -> y")).ToString(),
                Is.EqualTo("parent \"a -> y\""));
        });
    }

    [TestCase("a -> x", true)]
    [TestCase("a -> x -> y", false)]
    [TestCase("a", false)]
    [TestCase("b -> x", false)]
    public void Label_selectors_apply_to_the_label_without_the_child_prefix(string label, bool matches)
    {
        var rule = RouteRule.ParseAll(XmlNode.Parse("<route><service name=\"ROM\" label=\"x\"><parent/></service></route>"))[0];
        Assert.That(rule.Matches("ROM", new SessionLabel(label), "a"), Is.EqualTo(matches));
    }

    [Test]
    public void An_empty_label_prefix_matches_every_scoped_label()
    {
        var rule = RouteRule.ParseAll(XmlNode.Parse("<route><service name=\"LOG\" label_prefix=\"\"><parent/></service></route>"))[0];
        Assert.Multiple(() =>
        {
            Assert.That(rule.Matches("LOG", new SessionLabel("client -> 0"), "client"), Is.True);
            Assert.That(rule.Matches("LOG", new SessionLabel("client -> "), "client"), Is.True);
            Assert.That(rule.Matches("LOG", new SessionLabel("client"), "client"), Is.False);
        });
    }

    [Test]
    public void Cycles_are_found_once_in_config_order()
    {
        var cycles = RouteResolver.Cycles(InitConfig.Parse(Cyclic));
        Assert.That(cycles.Select(c => string.Join(" -> ", c)), Is.EqualTo(new[] { "a -> b -> c -> a" }));
    }
}
