using Framework.Util;

namespace Framework.Util.Tests;

[TestFixture]
public sealed class ArgStringTests
{
    private const string Args = "ram_quota=8K, label=\"init -> foo, bar\", priority=0x100, verbose=yes, cap_quota = 20 , ram_quota=1M";

    [Test]
    public void FindArgReturnsTheFirstMatch()
    {
        var arg = ArgString.FindArg(Args, "ram_quota");
        Assert.That(arg.IsValid, Is.True);
        Assert.That(arg.Key, Is.EqualTo("ram_quota"));
        Assert.That(arg.ULongValue(0), Is.EqualTo(8192UL));
        Assert.That(arg.RawValue, Is.EqualTo("8K"));
    }

    [Test]
    public void MissingArgYieldsDefaults()
    {
        var arg = ArgString.FindArg(Args, "missing");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(arg.IsValid, Is.False);
            Assert.That(arg.Key, Is.Empty);
            Assert.That(arg.ULongValue(5), Is.EqualTo(5UL));
            Assert.That(arg.LongValue(-5), Is.EqualTo(-5L));
            Assert.That(arg.BoolValue(true), Is.True);
            Assert.That(arg.StringValue("def"), Is.EqualTo("def"));
            Assert.That(ArgString.FindArg(null, "x").IsValid, Is.False);
            Assert.That(ArgString.FindArg("", "x").IsValid, Is.False);
        }
    }

    [Test]
    public void QuotedStringsMayContainCommasAndEscapedQuotes()
    {
        Assert.That(ArgString.FindArg(Args, "label").StringValue(""), Is.EqualTo("init -> foo, bar"));
        Assert.That(ArgString.FindArg("label=\"say \\\"hi\\\"\", x=1", "label").StringValue(""), Is.EqualTo("say \"hi\""));
        Assert.That(ArgString.FindArg("label=\"say \\\"hi\\\"\", x=1", "x").LongValue(0), Is.EqualTo(1L));
        Assert.That(ArgString.FindArg("name=timer", "name").StringValue(""), Is.EqualTo("timer"));
        Assert.That(ArgString.FindArg("label=\"open, x=1", "label").StringValue("def"), Is.EqualTo("def"));
        Assert.That(ArgString.FindArg("label=\"open, x=1", "x").IsValid, Is.False, "an unterminated string hides the rest");
        Assert.That(ArgString.FindArg("label=", "label").StringValue("def"), Is.EqualTo("def"));
    }

    [TestCase("10", 10UL)]
    [TestCase("+10", 10UL)]
    [TestCase("0x10", 16UL)]
    [TestCase("0XfF", 255UL)]
    [TestCase("4K", 4096UL)]
    [TestCase("3M", 3UL << 20)]
    [TestCase("2G", 2UL << 30)]
    [TestCase("0x2K", 2048UL)]
    [TestCase(" 8 K ", 8192UL)]
    [TestCase("18446744073709551615", ulong.MaxValue)]
    public void ULongValueFormats(string value, ulong expected)
    {
        Assert.That(ArgString.FindArg($"n={value}", "n").ULongValue(1), Is.EqualTo(expected));
    }

    [TestCase("-1")]
    [TestCase("18446744073709551616")]
    [TestCase("99999999999999G")]
    [TestCase("abc")]
    [TestCase("0x")]
    [TestCase("\"5\"")]
    [TestCase("")]
    public void ULongValueFallsBackToDefault(string value)
    {
        Assert.That(ArgString.FindArg($"n={value}", "n").ULongValue(1), Is.EqualTo(1UL));
    }

    [TestCase("-1", -1L)]
    [TestCase("+7", 7L)]
    [TestCase("-0x10", -16L)]
    [TestCase("-4K", -4096L)]
    [TestCase("9223372036854775807", long.MaxValue)]
    [TestCase("-9223372036854775808", long.MinValue)]
    public void LongValueFormats(string value, long expected)
    {
        Assert.That(ArgString.FindArg($"n={value}", "n").LongValue(1), Is.EqualTo(expected));
    }

    [TestCase("9223372036854775808")]
    [TestCase("--1")]
    [TestCase("x")]
    public void LongValueFallsBackToDefault(string value)
    {
        Assert.That(ArgString.FindArg($"n={value}", "n").LongValue(1), Is.EqualTo(1L));
    }

    [TestCase("yes", true)]
    [TestCase("true", true)]
    [TestCase("on", true)]
    [TestCase("no", false)]
    [TestCase("false", false)]
    [TestCase("off", false)]
    [TestCase("\"yes\"", true)]
    [TestCase("1", true)]
    [TestCase("0", false)]
    [TestCase("0x0", false)]
    public void BoolValueFormats(string value, bool expected)
    {
        Assert.That(ArgString.FindArg($"b={value}", "b").BoolValue(!expected), Is.EqualTo(expected));
    }

    [Test]
    public void BoolValueOfGarbageIsTheDefault()
    {
        Assert.That(ArgString.FindArg("b=maybe", "b").BoolValue(true), Is.True);
        Assert.That(ArgString.FindArg("b=maybe", "b").BoolValue(false), Is.False);
        Assert.That(ArgString.FindArg("b", "b").BoolValue(true), Is.True);
    }

    [Test]
    public void WhitespaceAroundKeysAndValuesIsIgnored()
    {
        Assert.That(ArgString.FindArg(Args, "cap_quota").ULongValue(0), Is.EqualTo(20UL));
        Assert.That(ArgString.FindArg("  a =  \"x\"  ,b=2", "a").StringValue(""), Is.EqualTo("x"));
    }

    [Test]
    public void ArgsAndFirstArg()
    {
        Assert.That(ArgString.Args(Args).Select(a => a.Key),
                    Is.EqualTo(new[] { "ram_quota", "label", "priority", "verbose", "cap_quota", "ram_quota" }));
        Assert.That(ArgString.FirstArg(Args).Key, Is.EqualTo("ram_quota"));
        Assert.That(ArgString.FirstArg("").IsValid, Is.False);
        Assert.That(ArgString.Args("1x=2, ok=1, -=3").Select(a => a.Key), Is.EqualTo(new[] { "ok" }), "keys are identifiers");
    }

    [Test]
    public void RemoveArgKeepsTheOthersAsWritten()
    {
        Assert.That(ArgString.RemoveArg("a=1, b=\"x, y\", c=3", "b"), Is.EqualTo("a=1, c=3"));
        Assert.That(ArgString.RemoveArg("a=1, b=2", "a"), Is.EqualTo("b=2"));
        Assert.That(ArgString.RemoveArg("a=1, b=2", "b"), Is.EqualTo("a=1"));
        Assert.That(ArgString.RemoveArg("a=1", "a"), Is.Empty);
        Assert.That(ArgString.RemoveArg("a=1,b=2", "z"), Is.EqualTo("a=1,b=2"));
        Assert.That(ArgString.RemoveArg("a=1, b=2, a=3", "a"), Is.EqualTo("b=2"));
        Assert.That(ArgString.RemoveArg(null, "a"), Is.Empty);
    }

    [Test]
    public void AddArgAppends()
    {
        Assert.That(ArgString.AddArg("", "ram_quota", "4K"), Is.EqualTo("ram_quota=4K"));
        Assert.That(ArgString.AddArg(null, "ram_quota", "4K"), Is.EqualTo("ram_quota=4K"));
        Assert.That(ArgString.AddArg("a=1", "label", ArgString.Quote("x \"y\"")), Is.EqualTo("a=1, label=\"x \\\"y\\\"\""));
        Assert.That(ArgString.FindArg(ArgString.AddArg("a=1", "label", ArgString.Quote("x \"y\"")), "label").StringValue(""),
                    Is.EqualTo("x \"y\""));
    }

    [Test]
    public void SetArgMovesTheKeyToTheEnd()
    {
        Assert.That(ArgString.SetArg("ram_quota=8K, label=\"x\"", "ram_quota", 4096L), Is.EqualTo("label=\"x\", ram_quota=4096"));
        Assert.That(ArgString.SetArg("a=1", "b", 2UL), Is.EqualTo("a=1, b=2"));
        Assert.That(ArgString.SetArg("", "b", "\"v\""), Is.EqualTo("b=\"v\""));
        Assert.That(ArgString.SetArg("a=1, b=2, a=3", "a", -1L), Is.EqualTo("b=2, a=-1"));
    }

    [Test]
    public void TryAddAndSetRespectTheCapacity()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ArgString.TryAddArg("a=1", 9, "b", "2", out string ok), Is.True);
            Assert.That(ok, Is.EqualTo("a=1, b=2"));
            Assert.That(ArgString.TryAddArg("a=1", 8, "b", "2", out string unchanged), Is.False);
            Assert.That(unchanged, Is.EqualTo("a=1"));
            Assert.That(ArgString.TrySetArg("a=1, b=2", 9, "a", "5", out string set), Is.True);
            Assert.That(set, Is.EqualTo("b=2, a=5"));
            Assert.That(ArgString.TrySetArg("a=1, b=2", 8, "a", "55", out string kept), Is.False);
            Assert.That(kept, Is.EqualTo("a=1, b=2"));
        }
    }

    [Test]
    public void NumberOfBytesValue()
    {
        Assert.That(ArgString.FindArg(Args, "ram_quota").NumberOfBytesValue(new NumberOfBytes(0)).Value, Is.EqualTo(8192UL));
        Assert.That(ArgString.FindArg(Args, "nope").NumberOfBytesValue(new NumberOfBytes(7)).Value, Is.EqualTo(7UL));
    }
}
