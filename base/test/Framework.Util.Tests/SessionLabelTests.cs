using Framework.Util;

namespace Framework.Util.Tests;

[TestFixture]
public sealed class SessionLabelTests
{
    [Test]
    public void EmptyLabelBecomesTheChildName()
    {
        Assert.That(new SessionLabel("").Prefixed("timer").Value, Is.EqualTo("timer"));
        Assert.That(default(SessionLabel).Prefixed("timer").Value, Is.EqualTo("timer"));
    }

    [Test]
    public void NonEmptyLabelIsPrefixedWithTheChildName()
    {
        Assert.That(new SessionLabel("client").Prefixed("server").Value, Is.EqualTo("server -> client"));
    }

    [Test]
    public void NestingBuildsAChain()
    {
        var label = new SessionLabel("0").Prefixed("test").Prefixed("service_init").Prefixed("init");
        Assert.That(label.ToString(), Is.EqualTo("init -> service_init -> test -> 0"));
        Assert.That(label.LastElement.Value, Is.EqualTo("0"));
        Assert.That(label.Prefix.Value, Is.EqualTo("init -> service_init -> test"));
    }

    [Test]
    public void EmptyChildNameKeepsTheLabel()
    {
        Assert.That(new SessionLabel("x").Prefixed("").Value, Is.EqualTo("x"));
    }

    [Test]
    public void LastElementAndPrefixWithoutSeparator()
    {
        var label = new SessionLabel("single");
        Assert.That(label.LastElement.Value, Is.EqualTo("single"));
        Assert.That(label.Prefix.IsEmpty, Is.True);
        Assert.That(default(SessionLabel).LastElement.IsEmpty, Is.True);
    }

    [Test]
    public void FromArgsAndBack()
    {
        var label = SessionLabel.FromArgs("ram_quota=4K, label=\"init -> a \\\"b\\\"\"");
        Assert.That(label.Value, Is.EqualTo("init -> a \"b\""));
        Assert.That(SessionLabel.FromArgs("ram_quota=4K").IsEmpty, Is.True);
        string args = ArgString.SetArg("ram_quota=4K", "label", label.ToArgValue());
        Assert.That(SessionLabel.FromArgs(args), Is.EqualTo(label));
    }

    [Test]
    public void Equality()
    {
        Assert.That(new SessionLabel("a") == new SessionLabel("a"), Is.True);
        Assert.That(new SessionLabel("a") != new SessionLabel("b"), Is.True);
        Assert.That(default(SessionLabel), Is.EqualTo(new SessionLabel("")));
        Assert.That(new SessionLabel("a").GetHashCode(), Is.EqualTo(new SessionLabel(string.Concat("a", "")).GetHashCode()));
    }
}
