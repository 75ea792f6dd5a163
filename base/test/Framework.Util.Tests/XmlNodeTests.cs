using Framework.Util;

namespace Framework.Util.Tests;

[TestFixture]
public sealed class XmlNodeTests
{
    private const string Config = """
        <!-- leading comment -->
        <config verbose="yes" prio_levels="4">
            <parent-provides>
                <service name="LOG"/>
                <service name="ROM"/>
            </parent-provides>
            <start name="timer" caps="100">
                <resource name="RAM" quantum="1M"/>
                <provides><service name="Timer"/></provides>
            </start>
            <start name="test"/>
        </config>
        """;

    [Test]
    public void ParsesTypeAttributesAndSubNodes()
    {
        var config = new XmlNode(Config);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.Type, Is.EqualTo("config"));
            Assert.That(config.HasType("config"), Is.True);
            Assert.That(config.NumSubNodes, Is.EqualTo(3));
            Assert.That(config.SubNodes.Select(n => n.Type), Is.EqualTo(new[] { "parent-provides", "start", "start" }));
            Assert.That(config.SubNodesOfType("start").Select(n => n.Attribute("name", "")), Is.EqualTo(new[] { "timer", "test" }));
            Assert.That(config.HasAttribute("verbose"), Is.True);
            Assert.That(config.HasAttribute("quiet"), Is.False);
            Assert.That(config.Attributes.Select(a => a.Name), Is.EqualTo(new[] { "verbose", "prio_levels" }));
            Assert.That(config.HasSubNode("parent-provides"), Is.True);
            Assert.That(config.HasSubNode("service"), Is.False, "only immediate sub-nodes count");
        }
    }

    [Test]
    public void IteratesSubNodesByType()
    {
        var config = new XmlNode(Config);
        var names = new List<string>();
        config.ForEachSubNode("start", s => names.Add(s.Attribute("name", "?")));
        var all = new List<string>();
        config.ForEachSubNode(s => all.Add(s.Type));
        var attrs = new List<string>();
        config.ForEachAttribute(a => attrs.Add($"{a.Name}={a.Value}"));
        Assert.That(names, Is.EqualTo(new[] { "timer", "test" }));
        Assert.That(all, Has.Count.EqualTo(3));
        Assert.That(attrs, Is.EqualTo(new[] { "verbose=yes", "prio_levels=4" }));
    }

    [Test]
    public void WithSubNodeCallsFoundOrMissing()
    {
        var config = new XmlNode(Config);
        string found = "", missing = "";
        config.WithSubNode("start", s => found = s.Attribute("name", ""), () => found = "missing");
        config.WithSubNode("report", _ => missing = "found", () => missing = "missing");
        int calls = 0;
        config.WithOptionalSubNode("report", _ => calls++);
        config.WithOptionalSubNode("start", _ => calls++);
        string second = "";
        config.WithSubNode(2, s => second = s.Attribute("name", ""), () => second = "missing");
        string outOfRange = "";
        config.WithSubNode(3, _ => outOfRange = "found", () => outOfRange = "missing");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found, Is.EqualTo("timer"));
            Assert.That(missing, Is.EqualTo("missing"));
            Assert.That(calls, Is.EqualTo(1));
            Assert.That(second, Is.EqualTo("test"));
            Assert.That(outOfRange, Is.EqualTo("missing"));
            Assert.That(config.WithSubNode("start", s => s.NumSubNodes, () => -1), Is.EqualTo(2));
            Assert.That(config.FindSubNode("nothing"), Is.Null);
        }
    }

    [Test]
    public void AttributeDefaultsWhenMissingOrUnparsable()
    {
        var node = new XmlNode("<n s=\"text\" i=\"12x\" neg=\"-5\" big=\"99999999999\" b=\"maybe\" d=\"1.5e3\"/>");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(node.Attribute("missing", "def"), Is.EqualTo("def"));
            Assert.That(node.Attribute("s", "def"), Is.EqualTo("text"));
            Assert.That(node.Attribute("i", 7), Is.EqualTo(7));
            Assert.That(node.Attribute("neg", 7), Is.EqualTo(-5));
            Assert.That(node.Attribute("neg", 7U), Is.EqualTo(7U));
            Assert.That(node.Attribute("neg", 7UL), Is.EqualTo(7UL));
            Assert.That(node.Attribute("big", 7), Is.EqualTo(7), "out of int range");
            Assert.That(node.Attribute("big", 7L), Is.EqualTo(99999999999L));
            Assert.That(node.Attribute("b", true), Is.True);
            Assert.That(node.Attribute("b", false), Is.False);
            Assert.That(node.Attribute("s", 1.25), Is.EqualTo(1.25));
            Assert.That(node.Attribute("d", 0.0), Is.EqualTo(1500.0));
            Assert.That(node.Attribute("s", new NumberOfBytes(3)), Is.EqualTo(new NumberOfBytes(3)));
        }
    }

    [TestCase("yes", true)]
    [TestCase("true", true)]
    [TestCase("on", true)]
    [TestCase("no", false)]
    [TestCase("false", false)]
    [TestCase("off", false)]
    public void BoolAttributesAcceptGenodeWords(string text, bool expected)
    {
        var node = new XmlNode($"<n v=\"{text}\"/>");
        Assert.That(node.Attribute("v", !expected), Is.EqualTo(expected));
    }

    [TestCase("4096", 4096UL)]
    [TestCase("4K", 4096UL)]
    [TestCase("16M", 16UL << 20)]
    [TestCase("2G", 2UL << 30)]
    [TestCase("0x1000", 4096UL)]
    [TestCase("0x10K", 16UL << 10)]
    [TestCase("0", 0UL)]
    public void NumberOfBytesAttributes(string text, ulong expected)
    {
        var node = new XmlNode($"<n ram=\"{text}\"/>");
        Assert.That(node.Attribute("ram", new NumberOfBytes(1)).Value, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("K")]
    [TestCase("4k")]
    [TestCase("-4K")]
    [TestCase("0x")]
    [TestCase("99999999999G")]
    [TestCase(" 4K")]
    public void InvalidNumberOfBytesGivesDefault(string text)
    {
        var node = new XmlNode($"<n ram=\"{text}\"/>");
        Assert.That(node.Attribute("ram", new NumberOfBytes(1)).Value, Is.EqualTo(1UL));
    }

    [Test]
    public void HexAndTypedIntegerAttributes()
    {
        var node = new XmlNode("<n a=\"0xff\" b=\"300\" c=\"-0x10\" d=\"18446744073709551615\"/>");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(node.Attribute("a", 0), Is.EqualTo(255));
            Assert.That(node.Attribute("a", (byte)0), Is.EqualTo((byte)255));
            Assert.That(node.Attribute("b", (byte)1), Is.EqualTo((byte)1), "300 does not fit a byte");
            Assert.That(node.Attribute("b", (ushort)1), Is.EqualTo((ushort)300));
            Assert.That(node.Attribute("c", 0L), Is.EqualTo(-16L));
            Assert.That(node.Attribute("d", 0UL), Is.EqualTo(ulong.MaxValue));
            Assert.That(node.Attribute("d", 0L), Is.Zero);
        }
    }

    [Test]
    public void UnsupportedAttributeTypeIsAProgrammingError()
    {
        var node = new XmlNode("<n a=\"1\"/>");
        Assert.Throws<NotSupportedException>(() => node.Attribute("a", DateTime.MinValue));
    }

    [Test]
    public void DecodesEntitiesInContentAndAttributes()
    {
        var node = new XmlNode("<n label=\"a &amp; b &quot;c&quot;\">x &gt; y &lt; z &amp; &quot;q&quot; &apos;s&apos; &#x41;&#66;&#x00;|&unknown;</n>");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(node.DecodedContent, Is.EqualTo("x > y < z & \"q\" 's' AB\0|&unknown;"));
            Assert.That(node.RawContent, Does.StartWith("x &gt; y"));
            Assert.That(node.Attribute("label", ""), Is.EqualTo("a & b \"c\""));
            Assert.That(node.FindAttribute("label")!.RawValue, Is.EqualTo("a &amp; b &quot;c&quot;"));
        }
    }

    [Test]
    public void CopyDecodedContentStopsAtTheDestinationSize()
    {
        var node = new XmlNode("<n>a&amp;bc</n>");
        var small = new char[2];
        var large = new char[10];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(node.CopyDecodedContent(small), Is.EqualTo(2));
            Assert.That(new string(small), Is.EqualTo("a&"));
            Assert.That(node.CopyDecodedContent(large), Is.EqualTo(4));
            Assert.That(new string(large, 0, 4), Is.EqualTo("a&bc"));
            Assert.That(node.CopyDecodedContent(Span<char>.Empty), Is.Zero);
        }
    }

    [Test]
    public void QuotedLinesOfLeafContent()
    {
        var lines = new List<(string, bool)>();
        new XmlNode("<inline>one\n&lt;two&gt;\n</inline>").ForEachQuotedLine((l, last) => lines.Add((l, last)));
        var none = new List<string>();
        new XmlNode("<a><b/>text</a>").ForEachQuotedLine((l, _) => none.Add(l));
        new XmlNode("<a/>").ForEachQuotedLine((l, _) => none.Add(l));
        Assert.That(lines, Is.EqualTo(new[] { ("one", false), ("<two>", false), ("", true) }));
        Assert.That(none, Is.Empty);
    }

    [Test]
    public void ReportsPositionsOfNodesAndAttributes()
    {
        var config = new XmlNode(Config);
        var start = config.SubNodes[1];
        var resource = start.SubNodes[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That((config.Line, config.Column), Is.EqualTo((2, 1)));
            Assert.That((start.Line, start.Column), Is.EqualTo((7, 5)));
            Assert.That((resource.Line, resource.Column), Is.EqualTo((8, 9)));
            var quantum = resource.FindAttribute("quantum")!;
            Assert.That((quantum.Line, quantum.Column), Is.EqualTo((8, 30)));
        }
    }

    [Test]
    public void RawTextCoversTheNodeOnly()
    {
        var config = new XmlNode("  <a x=\"1\"><b>t</b></a>  trailing");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.RawText, Is.EqualTo("<a x=\"1\"><b>t</b></a>"));
            Assert.That(config.ToString(), Is.EqualTo(config.RawText));
            Assert.That(config.SubNodes[0].RawText, Is.EqualTo("<b>t</b>"));
            Assert.That(config.RawContent, Is.EqualTo("<b>t</b>"));
            Assert.That(config.HasContent, Is.True);
            Assert.That(new XmlNode("<e/>").HasContent, Is.False);
            Assert.That(new XmlNode("<e></e>").RawContent, Is.Empty);
        }
    }

    [Test]
    public void ParsesFromMemorySlices()
    {
        string text = "xxx<a><b/></a>yyy";
        var node = new XmlNode(text.AsMemory(3, 11));
        Assert.That(node.NumSubNodes, Is.EqualTo(1));
        Assert.That(node.RawText, Is.EqualTo("<a><b/></a>"));
    }

    [Test]
    public void DiffersFromComparesTheNodeText()
    {
        var a = new XmlNode("<config><x/></config>");
        var b = new XmlNode("  <!-- c --><config><x/></config>");
        var c = new XmlNode("<config><x/> </config>");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.DiffersFrom(b), Is.False);
            Assert.That(a.DiffersFrom(c), Is.True);
            Assert.That(a.DiffersFrom(null), Is.True);
            Assert.That(a.SubNodes[0].DiffersFrom(c.SubNodes[0]), Is.False);
        }
    }

    [Test]
    public void SkipsPrologCommentsAndTextBetweenNodes()
    {
        var node = new XmlNode("<?xml version=\"1.0\"?>\n<!-- a --> <!-- b -->\n<a> text <b/> more <!-- <c/> --> \"<d/>\" <![CDATA[<e/>]]> </a>");
        Assert.That(node.SubNodes.Select(n => n.Type), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void IdentifiersMayContainHyphenDotColonAndDigits()
    {
        var node = new XmlNode("<my-node.v2 xml:lang=\"en\" a-b.c_1=\"x\"><_x/></my-node.v2>");
        Assert.That(node.Type, Is.EqualTo("my-node.v2"));
        Assert.That(node.Attribute("xml:lang", ""), Is.EqualTo("en"));
        Assert.That(node.Attribute("a-b.c_1", ""), Is.EqualTo("x"));
        Assert.That(node.SubNodes[0].Type, Is.EqualTo("_x"));
    }

    [Test]
    public void FirstOfDuplicateAttributesWins()
    {
        Assert.That(new XmlNode("<a x=\"1\" x=\"2\"/>").Attribute("x", 0), Is.EqualTo(1));
    }

    [Test]
    public void EmptyNodeStandsInForNoNode()
    {
        Assert.That(XmlNode.Empty.Type, Is.EqualTo("empty"));
        Assert.That(XmlNode.Empty.NumSubNodes, Is.Zero);
    }

    [Test]
    public void TryParseReportsInsteadOfThrowing()
    {
        Assert.That(XmlNode.TryParse("<a/>", out var node, out var error), Is.True);
        Assert.That(node!.Type, Is.EqualTo("a"));
        Assert.That(error, Is.Null);
        Assert.That(XmlNode.TryParse("<a>", out node, out error), Is.False);
        Assert.That(node, Is.Null);
        Assert.That(error!.Reason, Does.StartWith("unclosed <a>"));
    }

    private static XmlSyntaxException Fails(string xml) => Assert.Throws<XmlSyntaxException>(() => XmlNode.Parse(xml))!;

    [Test]
    public void UnclosedNodeNamesWhereItWasOpened()
    {
        var e = Fails("<config>\n  <a/>\n    <start name=\"x\">\n      <b/>\n");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(e.Reason, Is.EqualTo("unclosed <start> opened at 3:5"));
            Assert.That((e.Line, e.Column), Is.EqualTo((5, 1)));
            Assert.That(e.Message, Is.EqualTo("5:1: unclosed <start> opened at 3:5"));
        }
    }

    [Test]
    public void MissingEqualsAfterAttribute()
    {
        var e = Fails("<config>\n  <start name \"x\"/>\n</config>");
        Assert.That(e.Reason, Does.StartWith("expected '=' after attribute 'name'"));
        Assert.That((e.Line, e.Column), Is.EqualTo((2, 15)));
    }

    [Test]
    public void MismatchedEndTag()
    {
        var e = Fails("<config>\n  <start>\n  </stop>\n</config>");
        Assert.That(e.Reason, Is.EqualTo("mismatched end tag </stop>, expected </start> for <start> opened at 2:3"));
        Assert.That((e.Line, e.Column), Is.EqualTo((3, 3)));
    }

    [TestCase("", "no XML node found", 1, 1)]
    [TestCase("  \n ", "no XML node found", 2, 2)]
    [TestCase("text <a/>", "expected '<' and a tag name, found 't'", 1, 1)]
    [TestCase("<a><!-- open </a>", "unterminated comment ('<!--' without '-->')", 1, 4)]
    [TestCase("<a x='1'/>", "value of attribute 'x' must be enclosed in double quotes", 1, 6)]
    [TestCase("<a x=1/>", "expected '\"' to start the value of attribute 'x', found '1'", 1, 6)]
    [TestCase("<a x=\"1/>", "unterminated value of attribute 'x'", 1, 6)]
    [TestCase("<a>\"open</a>", "unterminated string in content of <a> opened at 1:1", 1, 4)]
    [TestCase("<a><1/></a>", "expected a tag name after '<', found '1'", 1, 4)]
    [TestCase("<a / >", "expected '>' after '/' in tag <a>", 1, 4)]
    [TestCase("<a b=\"1\" ?>", "unexpected '?' in start tag <a>", 1, 10)]
    [TestCase("<a b=\"1\"", "unclosed start tag <a> opened at 1:1", 1, 9)]
    [TestCase("<a></a x>", "expected '>' to close end tag </a>, found 'x'", 1, 8)]
    public void MalformedInputIsReportedWithPosition(string xml, string reason, int line, int column)
    {
        var e = Fails(xml);
        Assert.That(e.Reason, Is.EqualTo(reason));
        Assert.That((e.Line, e.Column), Is.EqualTo((line, column)));
    }

    [Test]
    public void ExcessiveNestingIsRejected()
    {
        string xml = string.Concat(Enumerable.Repeat("<a>", 300)) + string.Concat(Enumerable.Repeat("</a>", 300));
        Assert.That(Fails(xml).Reason, Does.StartWith("nodes nested deeper than"));
    }

    [Test]
    public void SharedGenodeConfigurationsParse()
    {
        string dir = SharedData.GenodeDataDirectory();
        var files = Directory.GetFiles(dir, "*.xml");
        Assert.That(files, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (string file in files)
            {
                Assert.That(() => XmlNode.Parse(File.ReadAllText(file)), Throws.Nothing, Path.GetFileName(file));
            }
        }
    }
}
