using Framework.Os.Dummy;
using Framework.Util;

namespace Framework.Os.Services.Tests;

public sealed class DummyTests
{
    [TestCase(0, "", "", true)]
    [TestCase(0, "x", "x", true)]
    [TestCase(1, "", "", false)]
    [TestCase(1, "a", "a", false)]
    [TestCase(1, "a", "b", true)]
    [TestCase(2, "a", "", true)]
    public void Only_the_first_config_or_a_new_version_is_executed(int executed, string last, string version, bool expected)
    {
        Assert.That(Commands.MustExecute(executed, last, version), Is.EqualTo(expected));
    }

    [Test]
    public void Strings_are_cut_like_Genodes_fixed_size_strings()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Commands.Truncate(new string('x', 60), 50), Has.Length.EqualTo(49));
            Assert.That(Commands.Truncate("short", 50), Is.EqualTo("short"));
            Assert.That(Commands.Version(XmlNode.Parse($"<config version=\"{new string('v', 70)}\"/>")), Has.Length.EqualTo(49));
        });
    }

    [Test]
    public void A_LOG_write_is_cut_at_the_colour_reset_line_break()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Commands.StripDelimiter("hello\u001b[0m\nrest"), Is.EqualTo("hello"));
            Assert.That(Commands.StripDelimiter("plain"), Is.EqualTo("plain"));
        });
    }
}
