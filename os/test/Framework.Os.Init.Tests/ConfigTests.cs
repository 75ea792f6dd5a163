using Framework.Os.Init.Model;
using Framework.Util;

namespace Framework.Os.Init.Tests;

public sealed class ConfigTests
{
    [Test]
    public void The_12_02_dialect_reads_resource_quantum_binary_and_configfile()
    {
        var config = InitConfig.Parse("""
            <config verbose="yes" prio_levels="4">
              <parent-provides> <service name="ROM"/> <service name="LOG"/> </parent-provides>
              <start name="timer" priority="-1">
                <binary name="pit_timer"/>
                <resource name="RAM" quantum="512K"/>
                <provides> <service name="Timer"/> </provides>
                <configfile name="timer.config"/>
              </start>
            </config>
            """);
        var timer = config.Children.Single();
        Assert.Multiple(() =>
        {
            Assert.That(config.Verbose, Is.True);
            Assert.That(config.PrioLevels, Is.EqualTo(4));
            Assert.That(timer.Binary, Is.EqualTo("pit_timer"));
            Assert.That(timer.Ram, Is.EqualTo(512UL * 1024));
            Assert.That(timer.Priority, Is.EqualTo(-1));
            Assert.That(timer.EffectivePriority(4), Is.EqualTo(1));
            Assert.That(timer.Provides, Is.EqualTo(new[] { "Timer" }));
            Assert.That(timer.ConfigFile, Is.EqualTo("timer.config"));
            Assert.That(timer.Routes, Is.Null);
        });
    }

    [Test]
    public void The_modern_dialect_reads_ram_caps_version_defaults_and_globals()
    {
        var config = InitConfig.Parse("""
            <config version="v1">
              <parent-provides> <service name="ROM"/> </parent-provides>
              <default caps="100" ram="2M"/>
              <resource name="RAM" preserve="3M"/>
              <heartbeat rate_ms="500"/>
              <report ids="yes" child_ram="yes" delay_ms="0"/>
              <alias name="logger" child="log"/>
              <start name="log" caps="300" ram="1M" version="2"> <heartbeat restart_after_skipped="3"/> </start>
              <start name="app"> <exit propagate="yes"/> <config> <x/> </config> </start>
            </config>
            """);
        var log = config.Children[0];
        var app = config.Children[1];
        Assert.Multiple(() =>
        {
            Assert.That(config.Version, Is.EqualTo("v1"));
            Assert.That(config.PreservedRam, Is.EqualTo(3UL << 20));
            Assert.That(config.HeartbeatRateMs, Is.EqualTo(500UL));
            Assert.That(config.Report, Is.EqualTo(new ReportConfig(true, false, false, false, true, false, false, false, 0, 4096)));
            Assert.That(config.DerefAlias("logger"), Is.EqualTo("log"));
            Assert.That((log.Caps, log.Ram, log.Version, log.RestartAfterSkipped), Is.EqualTo((300UL, 1UL << 20, "2", (uint?)3)));
            Assert.That((app.Caps, app.Ram, app.Version, app.ExitPropagate), Is.EqualTo((100UL, 2UL << 20, (string?)null, true)));
            Assert.That(app.Config?.RawText, Is.EqualTo("<config> <x/> </config>"));
        });
    }

    [Test]
    public void A_duplicate_child_name_is_named_with_line_and_column()
    {
        var e = Assert.Throws<InitConfigException>(() => InitConfig.Parse("""
            <config>
              <start name="a"/>
              <start name="a"/>
            </config>
            """));
        Assert.That(e!.Message, Is.EqualTo("line 3, column 3, <start>: duplicate child name \"a\""));
    }

    [TestCase("<config><start/></config>", "line 1, column 9, <start>: <start> has no name attribute")]
    [TestCase("<config><start name=\"a\"><route><parent/></route></start></config>",
        "line 1, column 32, <parent>: unexpected <parent> in <route>")]
    [TestCase("<config><default-route><any-service><sibling/></any-service></default-route></config>",
        "line 1, column 37, <sibling>: unexpected <sibling> as route target")]
    [TestCase("<config><default-route><any-service/></default-route></config>",
        "line 1, column 24, <any-service>: route entry without a target")]
    [TestCase("<config><start name=\"a\"><route><service name=\"LOG\"><child/></service></route></start></config>",
        "line 1, column 52, <child>: <child> has no name attribute")]
    public void Invalid_configs_name_the_node_and_its_position(string text, string message)
    {
        var e = Assert.Throws<InitConfigException>(() => InitConfig.Parse(text));
        Assert.That(e!.Message, Is.EqualTo(message));
    }

    [Test]
    public void Malformed_xml_reports_line_and_column()
    {
        var e = Assert.Throws<XmlSyntaxException>(() => InitConfig.Parse("<config>\n  <start name=\"a\">\n</config>"));
        Assert.That((e!.Line, e.Column), Is.EqualTo((3, 1)), e.Message);
    }
}
