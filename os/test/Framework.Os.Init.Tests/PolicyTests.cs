using Framework.Base;
using Framework.Testing;
using Framework.Util;

namespace Framework.Os.Init.Tests;

/// <summary>Server-side policy selection with modern Genode's scoring (Framework.Base's SessionPolicy).</summary>
public sealed class PolicyTests
{
    private static readonly XmlNode Config = XmlNode.Parse("""
        <config>
          <policy label_prefix="init -> "           name="p1"/>
          <policy label_prefix="init -> app"        name="p2"/>
          <policy label_prefix="init -> app"        name="p2-later"/>
          <policy label_suffix=" -> clipboard"      name="s1"/>
          <policy label_prefix="init -> app" label_suffix=" -> clipboard" name="ps"/>
          <policy label="init -> app -> clipboard"  name="exact"/>
          <policy label="init -> other" label_prefix="x" name="conflicting"/>
          <policy                                   name="no-selector"/>
          <default-policy name="default"/>
        </config>
        """);

    [TestCase("init -> app -> clipboard", "exact")]
    [TestCase("init -> app -> x -> clipboard", "ps")]
    [TestCase("init -> app -> log", "p2")]
    [TestCase("init -> viewer", "p1")]
    [TestCase("other -> y -> clipboard", "s1")]
    [TestCase("initial -> other", "default")]
    [TestCase("core", "default")]
    public void The_strongest_policy_wins(string label, string policy) =>
        Assert.That(SessionPolicy.Select(Config, new SessionLabel(label))?.Attribute("name", ""), Is.EqualTo(policy));

    [Test]
    public void Without_a_default_policy_an_unmatched_label_is_denied()
    {
        var config = XmlNode.Parse("<config><policy label=\"a\"/></config>");
        Assert.Multiple(() =>
        {
            Assert.That(SessionPolicy.Select(config, new SessionLabel("b")), Is.Null);
            Assert.That(SessionPolicy.DenialMessage(new SessionLabel("b")), Is.EqualTo("no policy defined for label 'b'"));
        });
    }

    [Test]
    public void An_empty_prefix_matches_everything_but_loses_to_any_longer_one()
    {
        var config = XmlNode.Parse("<config><policy label_prefix=\"\" name=\"any\"/><policy label_prefix=\"a\" name=\"a\"/></config>");
        Assert.Multiple(() =>
        {
            Assert.That(SessionPolicy.Select(config, new SessionLabel("b"))?.Attribute("name", ""), Is.EqualTo("any"));
            Assert.That(SessionPolicy.Select(config, new SessionLabel("ab"))?.Attribute("name", ""), Is.EqualTo("a"));
        });
    }

    [Test]
    public void Score_table()
    {
        var labels = new[] { "init -> app -> clipboard", "init -> app -> log", "init -> other", "x" };
        var lines = new List<string>();
        foreach (var policy in Config.SubNodesOfType("policy"))
        {
            var scores = labels.Select(l =>
            {
                var s = LabelScore.Of(policy, l);
                return s.Conflict || !s.HasSelector ? "-" : $"L{(s.LabelMatch ? 1 : 0)}P{s.PrefixMatch}S{s.SuffixMatch}";
            });
            lines.Add($"{policy.Attribute("name", ""),-12} {string.Join(" ", scores.Select(s => s.PadRight(8)))}".TrimEnd());
        }
        foreach (var label in labels)
            lines.Add($"{label} => {SessionPolicy.Select(Config, new SessionLabel(label))?.Attribute("name", "")}");
        Verifier.Verify(string.Join("\n", lines));
    }
}
