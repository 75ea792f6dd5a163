using Framework.Base;
using Framework.Os.ReportRom;
using Framework.Util;

namespace Framework.Os.Services.Tests;

public sealed class ReportRomTests
{
    private static readonly string s_config = """
        <config>
          <policy label="init -> config" report="test-init -> init.config"/>
          <policy label_prefix="test-report_rom ->" label_suffix="brightness" report="test-report_rom -> brightness"/>
          <policy label_prefix="app" report="short prefix"/>
          <policy label_prefix="app -> " report="long prefix"/>
          <policy report="no selector"/>
        </config>
        """;

    private static Registry Registry() => new(XmlNode.Parse(s_config));

    [TestCase("init -> config", "test-init -> init.config")]
    [TestCase("test-report_rom -> brightness", "test-report_rom -> brightness")]
    [TestCase("test-report_rom -> contrast", null)]
    [TestCase("app -> x", "long prefix")]
    [TestCase("apple", "short prefix")]
    [TestCase("init -> config2", null)]
    [TestCase("", null)]
    public void A_ROM_label_selects_the_report_of_the_most_specific_policy(string label, string? report)
    {
        Assert.That(Registry().ReportName(new SessionLabel(label)), Is.EqualTo(report));
    }

    [Test]
    public void An_exact_label_beats_a_prefix()
    {
        var config = XmlNode.Parse("""<config> <policy label_prefix="a" report="prefix"/> <policy label="a -> b" report="exact"/> </config>""");
        Assert.That(SessionPolicy.Select(config, new SessionLabel("a -> b"))!.Attribute("report", ""), Is.EqualTo("exact"));
    }

    [Test]
    public void The_default_policy_applies_when_nothing_matches()
    {
        var config = XmlNode.Parse("""<config> <policy label="x" report="x"/> <default-policy report="fallback"/> </config>""");
        Assert.That(new Registry(config).ReportName(new SessionLabel("y")), Is.EqualTo("fallback"));
    }

    private sealed class Reader : IModuleReader
    {
        public int Changes { get; private set; }
        public void ModuleChanged() => Changes++;
    }

    [Test]
    public void A_module_has_one_writer_and_keeps_its_content_after_the_writer_left()
    {
        var registry = Registry();
        var writer = new object();
        var reader = new Reader();
        var module = registry.LookupForWriter(writer, "test-init -> init.config");
        var read = registry.LookupForReader(reader, new SessionLabel("init -> config"));
        Assert.That(read, Is.SameAs(module));

        Assert.Throws<ServiceDeniedException>(() => registry.LookupForWriter(new object(), "test-init -> init.config"));
        module.Write("<config/>\n"u8);
        registry.Release(writer, module);
        Assert.Multiple(() =>
        {
            Assert.That(reader.Changes, Is.EqualTo(1));
            Assert.That(read.Content, Is.EqualTo("<config/>\n"u8.ToArray()));
            Assert.That(registry.LookupForWriter(new object(), "test-init -> init.config"), Is.SameAs(module), "a new writer may come");
        });
    }

    [Test]
    public void A_module_nobody_refers_to_disappears()
    {
        var registry = Registry();
        var writer = new object();
        var module = registry.LookupForWriter(writer, "r");
        module.Write("x"u8);
        registry.Release(writer, module);
        Assert.That(registry.ModuleCount, Is.Zero);
    }

    [Test]
    public void A_ROM_without_policy_is_denied()
    {
        Assert.Throws<ServiceDeniedException>(() => Registry().LookupForReader(new Reader(), new SessionLabel("nobody")));
    }
}
