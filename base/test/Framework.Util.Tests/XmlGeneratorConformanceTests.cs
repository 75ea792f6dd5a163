using Framework.Util;

namespace Framework.Util.Tests;

/// <summary>
/// Genode's xml_generator test (25.11 <c>repos/base/src/test/xml_generator/main.cc</c>) re-enacted
/// in C#, its output compared with <c>xml_generator_expected.log</c>.
/// </summary>
/// <remarks>
/// C++ throws plain integers through the generator; C# cannot, so the values travel in
/// <see cref="ValueException"/>. Genode distinguishes <c>unsigned</c> and <c>int</c> by type; the
/// level-2 exception is caught separately here to keep that structure.
/// </remarks>
[TestFixture]
public sealed class XmlGeneratorConformanceTests
{
    private sealed class ValueException(long value) : Exception($"value {value}")
    {
        public long Value { get; } = value;
    }

    private sealed class Level2Exception(int value) : Exception($"value {value}")
    {
        public int Value { get; } = value;
    }

    private static void FillBuffer(XmlGenerator xml)
    {
        xml.Attribute("xpos", "27");
        xml.Attribute("ypos", "34");
        xml.Node("box", () =>
        {
            xml.Attribute("width", "320");
            xml.Attribute("height", "240");
        });
        xml.Node("label", () =>
        {
            xml.Attribute("name", "a test");
            xml.Node("sub_label");
            xml.Node("another_sub_label", () => xml.Node("sub_sub_label"));
        });
        xml.Node("bool", () =>
        {
            xml.Attribute("true", true);
            xml.Attribute("false", false);
        });
        xml.Node("signed", () =>
        {
            xml.Attribute("int", -1);
            xml.Attribute("long", -2L);
            xml.Attribute("longlong", -3L);
        });
        xml.Node("unsigned", () =>
        {
            xml.Attribute("int", 1U);
            xml.Attribute("long", 2UL);
            xml.Attribute("longlong", 3UL);
        });
    }

    private static void XmlWithExceptions(XmlGenerator xml, GenodeLog log)
    {
        xml.Node("level1", () =>
        {
            xml.Node("level2", () =>
            {
                xml.Attribute("attr1", 0x87654321UL);
                for (uint i = 0; i < 3; i++)
                {
                    try
                    {
                        xml.Node("level3_exception", () =>
                        {
                            xml.Attribute("attr1", 1234);
                            xml.Attribute("attr2", 4321);
                            xml.Attribute("attr3", 2143);
                            xml.Node("level4_exception", () =>
                            {
                                xml.Attribute("attr1", "Hallo");
                                xml.Node("level5_exception_1", () =>
                                {
                                    xml.Attribute("attr1", true);
                                    xml.Attribute("attr2", false);
                                });
                                xml.Node("level5_exception_2", () => { });
                                throw new ValueException(10 + i);
                            });
                        });
                    }
                    catch (ValueException e)
                    {
                        log.Log("exception with value ", e.Value, " on level 4 (expected error)");
                    }
                    xml.Node("level3", () =>
                    {
                        xml.Attribute("attr1", "Hallo");
                        xml.Attribute("attr2", 123000 + i);
                        xml.Node("level4_1", () =>
                        {
                            xml.Attribute("attr1", true);
                            xml.Attribute("attr2", "Welt");
                        });
                        try
                        {
                            xml.Node("level4_exception", () =>
                            {
                                xml.Attribute("attr1", "Welt");
                                xml.Attribute("attr2", 2143);
                                xml.Attribute("attr3", false);
                                xml.Attribute("attr3", 0x12345678UL);
                                xml.Node("level5_exception_1", () => { });
                                xml.Node("level5_exception_2", () => { });
                                xml.Node("level5_exception_3", () =>
                                    xml.Node("level6_exception", () =>
                                    {
                                        xml.Attribute("attr1", 0x12345678UL);
                                        xml.Node("level7_exception_3", () =>
                                        {
                                            xml.Node("level8_exception_1", () => { });
                                            xml.Node("level8_exception_2", () => { });
                                            xml.Node("level8_exception_3", () => { });
                                            xml.Node("level8_exception_4", () => throw new ValueException(20 + i));
                                        });
                                    }));
                            });
                        }
                        catch (ValueException e)
                        {
                            log.Log("exception with value ", e.Value, " on level 8 (expected error)");
                        }
                        xml.Node("level4_2", () => { });
                        try
                        {
                            xml.Node("level4_exception", () =>
                            {
                                xml.Attribute("attr1", "Welt");
                                xml.Attribute("attr2", 2143);
                                throw new ValueException(30 + i);
                            });
                        }
                        catch (ValueException e)
                        {
                            log.Log("exception with value ", e.Value, " on level 4 (expected error)");
                        }
                    });
                }
            });
            try
            {
                xml.Node("level2_exception", () => throw new Level2Exception(40));
            }
            catch (Level2Exception e)
            {
                log.Log("exception with value ", e.Value, " on level 2 (expected error)");
            }
        });
    }

    private static (IReadOnlyList<string> Lines, string First, string Second) Run()
    {
        var log = new GenodeLog();
        log.Log("--- XML generator test started ---");

        // Genode's test generates into a static 1000-byte buffer.
        var first = XmlGenerator.Generate(1000, "config", FillBuffer);
        log.Log("\nused ", first.UsedBytes, " bytes, result:\n\n", first.Text);

        if (XmlGenerator.Generate(20, "config", FillBuffer).Exceeded)
            log.Log("buffer exceeded (expected error)\n");

        var second = XmlGenerator.Generate(1000, "config", xml => XmlWithExceptions(xml, log));
        log.Log("\nused ", second.UsedBytes, " bytes, result:\n\n", second.Text);

        // Sanitizing: every byte value must come back from decoded content.
        string pattern = new([.. Enumerable.Range(0, 256).Select(i => (char)i)]);
        string sanitized = XmlGenerator.Generate("data", xml => xml.AppendSanitized(pattern));
        string decoded = new XmlNode(sanitized).DecodedContent;
        if (decoded.Length != pattern.Length)
            log.Log("decoded content has unexpected length ", decoded.Length);
        else if (decoded != pattern)
            log.Log("decoded content does not match original pattern");

        string content = XmlGenerator.Generate("data", xml => xml.AppendContent(" ", 2 + 2, " == 2 + 2 == ", 4.0, " "));
        if (new XmlNode(content).DecodedContent != " 4 == 2 + 2 == 4.0 ")
            log.Log("Error: decoded content does not match expect content");

        log.Log("--- XML generator test finished ---");
        return (log.Lines, first.Text, second.Text);
    }

    [Test]
    public void OutputMatchesGenodeExpectedLog()
    {
        var expected = SharedData.ExpectedLines("xml_generator_expected.log");
        SharedData.AssertLogMatches(Run().Lines, expected);
    }

    /// <summary>
    /// The '*' in the expected log only protects leading tabs from the pattern trimming, so with the
    /// wildcards removed the two XML blocks must equal the generated text byte for byte.
    /// </summary>
    [Test]
    public void GeneratedXmlIsByteIdenticalToGenode()
    {
        var expected = SharedData.ExpectedLines("xml_generator_expected.log");
        string Block(int start) =>
            string.Join("\n", expected.Skip(start).TakeWhile(l => l != "</config>").Append("</config>")
                                      .Select(l => l.TrimStart('*'))) + "\n";

        int firstStart = expected.ToList().FindIndex(l => l.StartsWith("<config xpos", StringComparison.Ordinal));
        int secondStart = expected.ToList().FindIndex(l => l == "<config>");
        var (_, first, second) = Run();
        Assert.That(first, Is.EqualTo(Block(firstStart)));
        Assert.That(second, Is.EqualTo(Block(secondStart)));
    }
}
