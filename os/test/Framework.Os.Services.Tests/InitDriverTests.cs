using Framework.Os.Test.Init;
using Framework.Util;

namespace Framework.Os.Services.Tests;

public sealed class InitDriverTests
{
    private static readonly string s_state = """
        <state version="initial">
          <ram quota="16M" used="2M" avail="14M"/>
          <child name="application" binary="dummy" id="1">
            <ram assigned="1M" quota="1M" avail="900K"/>
            <requested> <session service="PD" label="application" state="CAP_HANDED_OUT"/> </requested>
          </child>
          <child name="exiting" binary="dummy" id="2" exited="0"/>
        </state>
        """;

    private static bool Matches(string expected) => StateMatcher.Matches(XmlNode.Parse(expected), XmlNode.Parse(s_state));

    [TestCase("""<e> <attribute name="version" value="initial"/> </e>""", true)]
    [TestCase("""<e> <attribute name="version" value="other"/> </e>""", false)]
    [TestCase("""<e> <attribute name="absent" value=""/> </e>""", true)]
    [TestCase("""<e> <node name="ram"> <attribute name="avail" higher="2M"/> </node> </e>""", true)]
    [TestCase("""<e> <node name="ram"> <attribute name="avail" lower="14M"/> </node> </e>""", false)]
    [TestCase("""<e> <node name="child"> <attribute name="id" value="2"/> <attribute name="exited" value="0"/> </node> </e>""", true)]
    [TestCase("""<e> <node name="child"> <attribute name="name" value="application"/> <attribute name="exited" value="0"/> </node> </e>""", false)]
    [TestCase("""<e> <node name="child"> <node name="requested"> <node name="session"> <attribute name="state" value="CAP_HANDED_OUT"/> </node> </node> </node> </e>""", true)]
    [TestCase("""<e> <node name="child"> <node name="ram"> <attribute name="avail" higher="899K"/> <attribute name="avail" lower="901K"/> </node> </node> </e>""", true)]
    [TestCase("""<e> <node name="child"> <attribute name="missing" higher="0"/> </node> </e>""", false)]
    [TestCase("""<e> <not> <node name="child"> <attribute name="name" value="ghost"/> </node> </not> </e>""", true)]
    [TestCase("""<e> <not> <attribute name="version" value="initial"/> </not> </e>""", false)]
    [TestCase("""<e> <node name="nothing"/> </e>""", false)]
    public void Conditions_match_as_in_Genodes_driver(string expected, bool matches)
    {
        Assert.That(Matches(expected), Is.EqualTo(matches));
    }

    [Test]
    public void A_mismatch_names_the_path_and_the_actual_value()
    {
        var mismatch = StateMatcher.Mismatch(XmlNode.Parse("""<e> <node name="child"> <attribute name="id" value="7"/> </node> </e>"""), XmlNode.Parse(s_state));
        Assert.That(mismatch, Is.EqualTo("<state>: no <child> sub-node matches (2 tried; e.g. <state> <child name=\"application\">: attribute id is \"1\", expected \"7\")"));
    }

    [TestCase("2M", 2UL << 20)]
    [TestCase("4000K", 4000UL << 10)]
    [TestCase("123", 123UL)]
    [TestCase(null, 0UL)]
    [TestCase("junk", 0UL)]
    public void Byte_counts_read_like_Number_of_bytes(string? text, ulong value)
    {
        Assert.That(StateMatcher.Bytes(text), Is.EqualTo(value));
    }

    [Test]
    public void The_overlay_replaces_typed_steps_and_sets_the_timeout()
    {
        var config = XmlNode.Parse("""<config> <sleep/> <expect_warning string="[init] " colored="Warning: x"/> </config>""");
        var overlay = XmlNode.Parse("""<overlay> <driver step_timeout_ms="42"/> <replace step="1" type="expect_warning"> <expect_log string="[init] Warning: x"/> </replace> </overlay>""");
        var script = Script.Load(config, overlay);
        Assert.Multiple(() =>
        {
            Assert.That(script.StepTimeoutMs, Is.EqualTo(42UL));
            Assert.That(script.Steps[1].Type, Is.EqualTo("expect_log"));
            Assert.That(script.Replaced, Is.EqualTo(new[] { 1 }));
            Assert.That(Script.Load(config, null).StepTimeoutMs, Is.EqualTo(Script.DefaultStepTimeoutMs));
        });
    }

    [TestCase("""<overlay> <replace step="5" type="sleep"> <nop/> </replace> </overlay>""")]
    [TestCase("""<overlay> <replace step="0" type="expect_log"> <nop/> </replace> </overlay>""")]
    [TestCase("""<overlay> <replace step="0"> <nop/> <nop/> </replace> </overlay>""")]
    [TestCase("""<overlay> <unknown/> </overlay>""")]
    public void An_overlay_that_does_not_fit_the_script_is_refused(string overlay)
    {
        var config = XmlNode.Parse("<config> <sleep/> </config>");
        Assert.Throws<ScriptException>(() => Script.Load(config, XmlNode.Parse(overlay)));
    }

    [Test]
    public void LOG_messages_are_cleaned_and_labelled()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LogMessages.Message("init -> server", "hello\n"), Is.EqualTo("[init -> server] hello"));
            Assert.That(LogMessages.Message("init", "Warning: x\u001b[0m\nignored"), Is.EqualTo("[init] Warning: x"));
            Assert.That(LogMessages.Warning("[init] ", "Warning: x"), Is.EqualTo("[init] \u001b[34mWarning: x"));
        });
    }
}
