using Framework.Util;

namespace Framework.Util.Tests;

[TestFixture]
public sealed class XmlGeneratorTests
{
    [Test]
    public void CanonicalLayoutWithTabsAndSelfClosingNodes()
    {
        string xml = XmlGenerator.Generate("state", g =>
        {
            g.Attribute("version", "1");
            g.Node("child", () =>
            {
                g.Attribute("name", "timer");
                g.Node("ram", () => g.Attribute("quota", new NumberOfBytes(1 << 20)));
                g.Node("empty");
            });
            g.Node("leaf", () => g.AppendSanitized("text"));
        });
        Assert.That(xml, Is.EqualTo(
            "<state version=\"1\">\n" +
            "\t<child name=\"timer\">\n" +
            "\t\t<ram quota=\"1M\"/>\n" +
            "\t\t<empty/>\n" +
            "\t</child>\n" +
            "\t<leaf>text</leaf>\n" +
            "</state>\n"));
    }

    [Test]
    public void EmptyRootIsSelfClosing()
    {
        Assert.That(XmlGenerator.Generate("config", _ => { }), Is.EqualTo("<config/>\n"));
    }

    [Test]
    public void NumbersUseInvariantAndGenodeFormats()
    {
        string xml = XmlGenerator.Generate("n", g =>
        {
            g.Attribute("i", -42);
            g.Attribute("l", long.MinValue);
            g.Attribute("u", uint.MaxValue);
            g.Attribute("ul", ulong.MaxValue);
            g.Attribute("d", 1.5);
            g.Attribute("whole", 4.0);
            g.Attribute("t", true);
            g.Attribute("f", false);
        });
        Assert.That(xml, Is.EqualTo(
            "<n i=\"-42\" l=\"-9223372036854775808\" u=\"4294967295\" ul=\"18446744073709551615\" " +
            "d=\"1.50\" whole=\"4.0\" t=\"true\" f=\"false\"/>\n"));
    }

    [Test]
    public void AttributeValuesAreEscapedAndRoundTrip()
    {
        const string label = "init -> a \"b\" & <c> 'd'";
        string xml = XmlGenerator.Generate("policy", g => g.Attribute("label", label));
        Assert.That(xml, Is.EqualTo("<policy label=\"init -> a &quot;b&quot; &amp; &lt;c> 'd'\"/>\n"));
        Assert.That(new XmlNode(xml).Attribute("label", ""), Is.EqualTo(label));
    }

    [Test]
    public void ContentIsSanitizedOrAppendedRaw()
    {
        string xml = XmlGenerator.Generate("a", g =>
        {
            g.AppendSanitized("<x> & \"y\" 'z'\0");
            g.Append("<raw/>");
        });
        Assert.That(xml, Is.EqualTo("<a>&lt;x&gt; &amp; &quot;y&quot; &apos;z&apos;&#x00;<raw/></a>\n"));
    }

    [Test]
    public void AppendContentFormatsLikeGenodePrint()
    {
        string xml = XmlGenerator.Generate("a", g => g.AppendContent("n=", 7, " d=", 0.25, " b=", true, " <"));
        // Genode's float output stops only after printing a zero digit: 0.25 prints as 0.250.
        Assert.That(new XmlNode(xml).DecodedContent, Is.EqualTo("n=7 d=0.250 b=true <"));
    }

    [Test]
    public void AttributesAddedAfterSubNodesGoIntoTheStartTag()
    {
        string xml = XmlGenerator.Generate("a", g =>
        {
            g.Attribute("first", 1);
            g.Node("b");
            g.Attribute("second", 2);
        });
        Assert.That(xml, Is.EqualTo("<a first=\"1\" second=\"2\">\n\t<b/>\n</a>\n"));
    }

    [Test]
    public void ThrowingNodeIsRolledBackAndTheExceptionPropagates()
    {
        string xml = XmlGenerator.Generate("a", g =>
        {
            Assert.Throws<InvalidOperationException>(() =>
                g.Node("broken", () =>
                {
                    g.Attribute("x", 1);
                    g.Node("inner", () => g.AppendSanitized("text"));
                    throw new InvalidOperationException("expected");
                }));
            g.Attribute("after", "yes");
        });
        Assert.That(xml, Is.EqualTo("<a after=\"yes\"/>\n"));
    }

    [Test]
    public void ExceptionFromRootCallbackPropagates()
    {
        Assert.Throws<FormatException>(() => XmlGenerator.Generate("a", _ => throw new FormatException()));
    }

    [Test]
    public void BudgetReportsExceededOrUsedBytes()
    {
        static void Fill(XmlGenerator g) => g.Node("child", () => g.Attribute("name", "äöü"));
        var fits = XmlGenerator.Generate(100, "root", Fill);
        string text = "<root>\n\t<child name=\"äöü\"/>\n</root>\n";
        int bytes = System.Text.Encoding.UTF8.GetByteCount(text) + 1;
        var exact = XmlGenerator.Generate(bytes, "root", Fill);
        var tooSmall = XmlGenerator.Generate(bytes - 1, "root", Fill);
        var tiny = XmlGenerator.Generate(5, "root", Fill);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fits.Succeeded, Is.True);
            Assert.That(fits.Text, Is.EqualTo(text));
            Assert.That(fits.UsedBytes, Is.EqualTo(bytes));
            Assert.That(exact.Succeeded, Is.True);
            Assert.That(tooSmall.Exceeded, Is.True, "non-ASCII characters count with their UTF-8 size");
            Assert.That(tooSmall.Text, Is.Empty);
            Assert.That(tiny.Exceeded, Is.True);
        }
    }

    [Test]
    public void BudgetIsEnforcedEvenIfTheCallbackSwallowsExceptions()
    {
        var result = XmlGenerator.Generate(30, "root", g =>
        {
            for (int i = 0; i < 100; i++)
            {
                try
                {
                    g.Node("child");
                }
                catch (Exception)
                {
                    // deliberately swallowed
                }
            }
        });
        Assert.That(result.Exceeded, Is.True);
    }

    [Test]
    public void SanitizedContentRoundTripsEveryCharacter()
    {
        string pattern = new([.. Enumerable.Range(0, 512).Select(i => (char)i)]);
        string xml = XmlGenerator.Generate("data", g => g.AppendSanitized(pattern));
        Assert.That(new XmlNode(xml).DecodedContent, Is.EqualTo(pattern));
    }

    [Test]
    public void CopiesNodesAndAttributes()
    {
        var source = new XmlNode("<start name=\"a &amp; b\" caps=\"10\"><route><any-service><parent/></any-service></route><config>text &lt;x&gt;</config></start>");
        string copy = XmlGenerator.Generate("state", g => Assert.That(g.AppendNode(source, 10), Is.True));
        Assert.That(copy, Is.EqualTo(
            "<state>\n" +
            "\t<start name=\"a &amp; b\" caps=\"10\">\n" +
            "\t\t<route>\n" +
            "\t\t\t<any-service>\n" +
            "\t\t\t\t<parent/>\n" +
            "\t\t\t</any-service>\n" +
            "\t\t</route>\n" +
            "\t\t<config>text &lt;x&gt;</config>\n" +
            "\t</start>\n" +
            "</state>\n"));

        string attrsOnly = XmlGenerator.Generate("s", g => g.NodeAttributes(source));
        Assert.That(attrsOnly, Is.EqualTo("<s name=\"a &amp; b\" caps=\"10\"/>\n"));
    }

    [Test]
    public void AppendNodeStopsAtMaxDepth()
    {
        var source = new XmlNode("<a><b><c/></b></a>");
        bool complete = true;
        string copy = XmlGenerator.Generate("r", g => complete = g.AppendNode(source, 2));
        Assert.That(complete, Is.False);
        Assert.That(copy, Is.EqualTo("<r>\n\t<a>\n\t\t<b/>\n\t</a>\n</r>\n"));

        bool contentComplete = false;
        string content = XmlGenerator.Generate("r", g => contentComplete = g.AppendNodeContent(source, 3));
        Assert.That(contentComplete, Is.True);
        Assert.That(content, Is.EqualTo("<r>\n\t<b>\n\t\t<c/>\n\t</b>\n</r>\n"));
    }

    [Test]
    public void GeneratedOutputParsesBack()
    {
        string xml = XmlGenerator.Generate("config", g =>
        {
            g.Node("start", () =>
            {
                g.Attribute("name", "x");
                g.Attribute("ram", new NumberOfBytes(16UL << 20));
                g.Node("route");
            });
        });
        var node = new XmlNode(xml);
        Assert.That(node.SubNodes[0].Attribute("ram", new NumberOfBytes(0)).Value, Is.EqualTo(16UL << 20));
    }
}
