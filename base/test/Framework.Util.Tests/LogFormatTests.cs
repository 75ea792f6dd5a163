using Framework.Util;

namespace Framework.Util.Tests;

[TestFixture]
public sealed class LogFormatTests
{
    [TestCase(1.7, "1.70")]
    [TestCase(4.0, "4.0")]
    [TestCase(0.0, "0.0")]
    [TestCase(-2.5, "-2.50")]
    [TestCase(0.1, "0.10")]
    [TestCase(123.0, "123.0")]
    public void DoublesPrintLikeGenode(double value, string expected)
    {
        Assert.That(LogFormat.Double(value), Is.EqualTo(expected));
    }

    [Test]
    public void SpecialDoubles()
    {
        Assert.That(LogFormat.Double(double.NaN), Is.EqualTo("nan"));
        Assert.That(LogFormat.Double(double.NegativeInfinity), Is.EqualTo("-inf"));
        Assert.That(LogFormat.Double(1e20), Is.EqualTo("100000000000000000000.0"));
        Assert.That(LogFormat.Double(1.25, 1), Is.EqualTo("1.2"));
    }

    [Test]
    public void HexMasksAndPadsToTheTypeWidth()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LogFormat.Hex(3), Is.EqualTo("0x3"));
            Assert.That(LogFormat.Hex((sbyte)-2, pad: true), Is.EqualTo("0xfe"));
            Assert.That(LogFormat.Hex((sbyte)2, pad: true), Is.EqualTo("0x02"));
            Assert.That(LogFormat.Hex(-1), Is.EqualTo("0xffffffff"));
            Assert.That(LogFormat.Hex(0xabcUL, prefix: false, pad: true), Is.EqualTo("0000000000000abc"));
            Assert.That(LogFormat.Hex(-1L), Is.EqualTo("0xffffffffffffffff"));
        }
    }

    [Test]
    public void HexRanges()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LogFormat.HexRange<ushort>(0xe00, 0x880), Is.EqualTo("[0e00,1680)"));
            Assert.That(LogFormat.HexRange<uint>(0xabc0000, 0), Is.EqualTo("[0abc0000,0abc0000) (empty!)"));
            Assert.That(LogFormat.HexRange<byte>(0xf8, 8), Is.EqualTo("[f8,ff]"));
            Assert.That(LogFormat.HexRange<byte>(0xf8, 0x10), Is.EqualTo("[f8,08) (overflow!)"));
            Assert.That(LogFormat.HexRange<ulong>(0x1000, 0x1000), Is.EqualTo("[0000000000001000,0000000000002000)"));
        }
    }

    [Test]
    public void FormatConcatenatesLikeGenodePrint()
    {
        Assert.That(LogFormat.Format("a", 1, ' ', -2L, " ", true, " ", 2.5, " ", null, " ", 3.5f),
                    Is.EqualTo("a1 -2 true 2.50 <null-string> 3.50"));
        Assert.That(LogFormat.Format(), Is.Empty);
    }

    [Test]
    public void ShortMessagesAreOneWritePerLine()
    {
        Assert.That(LogFormat.SessionWrites("hello"), Is.EqualTo(new[] { "hello\n" }));
        Assert.That(LogFormat.SessionWrites("a\n\nb"), Is.EqualTo(new[] { "a\n", "\n", "b\n" }));
        Assert.That(LogFormat.SessionWrites(""), Is.EqualTo(new[] { "\n" }));
    }

    [Test]
    public void LongMessagesAreCutAtTheSessionLimit()
    {
        int max = LogFormat.MaxStringLength - 1;
        var exact = LogFormat.SessionWrites(new string('x', max));
        Assert.That(exact.Select(w => w.Length), Is.EqualTo(new[] { max, 1 }), "a full buffer is flushed before the line break");
        var longer = LogFormat.SessionWrites(new string('x', max + 10));
        Assert.That(longer.Select(w => w.Length), Is.EqualTo(new[] { max, 11 }));
    }

    [Test]
    public void CoreLinesCarryTheLabel()
    {
        Assert.That(LogFormat.CoreLines("init -> test", "text\n"), Is.EqualTo(new[] { "[init -> test] text" }));
        Assert.That(LogFormat.CoreLines("init -> test", "\n"), Is.EqualTo(new[] { "[init -> test] " }));
        Assert.That(LogFormat.CoreLines("x", "a\nb"), Is.EqualTo(new[] { "[x] a", "[x] b" }));
        Assert.That(LogFormat.CoreLines("", "plain\n"), Is.EqualTo(new[] { "plain" }));
    }
}

[TestFixture]
public sealed class NumberOfBytesTests
{
    [TestCase("0", 0UL, "0")]
    [TestCase("1024", 1024UL, "1K")]
    [TestCase("1536K", 1536UL << 10, "1536K")]
    [TestCase("16M", 16UL << 20, "16M")]
    [TestCase("0x400M", 1UL << 30, "1G")]
    [TestCase("100", 100UL, "100")]
    public void ParsesAndPrints(string text, ulong value, string printed)
    {
        var n = NumberOfBytes.Parse(text);
        Assert.That(n.Value, Is.EqualTo(value));
        Assert.That(n.ToString(), Is.EqualTo(printed));
    }

    [Test]
    public void RejectsGarbage()
    {
        Assert.That(NumberOfBytes.TryParse("12Q", out _), Is.False);
        Assert.Throws<FormatException>(() => NumberOfBytes.Parse("x"));
        Assert.That(new NumberOfBytes(1) < new NumberOfBytes(2), Is.True);
        ulong raw = new NumberOfBytes(5);
        Assert.That(raw, Is.EqualTo(5UL));
    }
}

[TestFixture]
public sealed class ExpectedLogMatcherTests
{
    [TestCase("abc", "abc", true)]
    [TestCase("  abc ", "abc", true)]
    [TestCase("abcd", "abc", false)]
    [TestCase("  XML node: x", "* XML node: x", true)]
    [TestCase("XML node: x", "* XML node: x", false)]
    [TestCase("\t\t<a/>", "*\t<a/>", true)]
    [TestCase("<a/> tail", "*\t<a/>", false)]
    [TestCase("x 1 y 2 z", "x*y*z", true)]
    [TestCase("x 1 z 2 y", "x*y*z", false)]
    [TestCase("", "", true)]
    [TestCase("text", "", false)]
    public void WildcardLines(string line, string pattern, bool matches)
    {
        Assert.That(SharedData.LineMatches(line, pattern), Is.EqualTo(matches));
    }
}
