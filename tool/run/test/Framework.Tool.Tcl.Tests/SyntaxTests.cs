namespace Framework.Tool.Tcl.Tests;

/// <summary>The twelve rules: separators, words, quoting, substitution, comments, expansion.</summary>
[TestFixture]
public sealed class SyntaxTests
{
    [TestCase("set a 1; set b 2; list $a $b", "1 2")]
    [TestCase("set a 1\nset b 2\nlist $a $b", "1 2")]
    [TestCase("set a {hello world}", "hello world")]
    [TestCase("set a \"hello world\"", "hello world")]
    [TestCase("set x 5; set a \"x=$x\"", "x=5")]
    [TestCase("set x 5; set a {x=$x}", "x=$x")]
    [TestCase("set a {[list a b]}", "[list a b]")]
    [TestCase("set a \"[list a b]\"", "a b")]
    [TestCase("set a [list a [list b c]]", "a {b c}")]
    [TestCase("set a {a {b {c d}} e}", "a {b {c d}} e")]
    [TestCase("set a x[set b y]z", "xyz")]
    [TestCase("set a [set b [set c deep]]", "deep")]
    [TestCase("set a \"semi;colon\"", "semi;colon")]
    [TestCase("set a semi\\;colon", "semi;colon")]
    [TestCase("set a \"q\\\"q\"", "q\"q")]
    [TestCase("set a \\{x\\}", "{x}")]
    [TestCase("set a \\$x", "$x")]
    [TestCase("set a \\[x\\]", "[x]")]
    [TestCase("set a a\\tb", "a\tb")]
    [TestCase("set a a\\nb", "a\nb")]
    [TestCase("set a \\x41\\x42", "AB")]
    [TestCase("set a \\u00e9", "\u00e9")]
    [TestCase("set a \\101", "A")]
    [TestCase("set a \\\\", "\\")]
    [TestCase("set a {a\\nb}", "a\\nb")]
    [TestCase("set a \\q", "q")]
    [TestCase("set a {{}}", "{}")]
    [TestCase("set a {}", "")]
    [TestCase("set a \"\"", "")]
    [TestCase("set a $", "$")]
    [TestCase("set a a$", "a$")]
    [TestCase("set a \"cost: $ 5\"", "cost: $ 5")]
    [TestCase("set a {brace \\} inside}", "brace \\} inside")]
    [TestCase("set a x\"y\"z", "x\"y\"z")]
    [TestCase("set a x{y}z", "x{y}z")]
    public void Substitution_follows_the_rules(string script, string expected)
    {
        Assert.That(TclTestHost.Run(script), Is.EqualTo(expected));
    }

    [Test]
    public void Variable_forms()
    {
        Assert.That(TclTestHost.Run("set x 1; set y ${x}2"), Is.EqualTo("12"));
        Assert.That(TclTestHost.Run("set {a b} sp; set y ${a b}"), Is.EqualTo("sp"));
        Assert.That(TclTestHost.Run("set a(k) v; set y $a(k)"), Is.EqualTo("v"));
        Assert.That(TclTestHost.Run("set a(k1) v; set i 1; set y $a(k$i)"), Is.EqualTo("v"));
        Assert.That(TclTestHost.Run("set a(3) v; set y $a([expr {1+2}])"), Is.EqualTo("v"));
        Assert.That(TclTestHost.Run("set ::g 7; set y $::g"), Is.EqualTo("7"));
        Assert.That(TclTestHost.Run("set x 1; set y $x.txt"), Is.EqualTo("1.txt"));
        Assert.That(TclTestHost.Run("set x 1; set y $x:b"), Is.EqualTo("1:b"));
    }

    [Test]
    public void Backslash_newline_joins_lines_everywhere()
    {
        Assert.That(TclTestHost.Run("set a [list a \\\n     b]"), Is.EqualTo("a b"));
        Assert.That(TclTestHost.Run("set a {x\\\n    y}"), Is.EqualTo("x y"));
        Assert.That(TclTestHost.Run("set a \"x\\\n\ty\""), Is.EqualTo("x y"));
    }

    [Test]
    public void Comments_only_at_command_start()
    {
        const string script = """
            # a comment ; set a 1
            set a 2 ;# trailing comment
            # continued \
            set a 3
            set b #notacomment
            list $a $b
            """;
        Assert.That(TclTestHost.Run(script), Is.EqualTo("2 #notacomment"));
    }

    [Test]
    public void Braces_keep_newlines_and_nesting()
    {
        var result = TclTestHost.Run("set a {line1\n  {nested\n  }\nline3}");
        Assert.That(result, Is.EqualTo("line1\n  {nested\n  }\nline3"));
    }

    [Test]
    public void Argument_expansion()
    {
        Assert.That(TclTestHost.Run("set l {b c}; list a {*}$l d"), Is.EqualTo("a b c d"));
        Assert.That(TclTestHost.Run("llength [list {*}{} x]"), Is.EqualTo("1"));
        Assert.That(TclTestHost.Run("list {*}[list {x y} z]"), Is.EqualTo("{x y} z"));
        Assert.That(TclTestHost.Run("list {*}"), Is.EqualTo("*"));
    }

    [Test]
    public void Double_substitution_does_not_happen()
    {
        Assert.That(TclTestHost.Run("set a {$b}; set b 1; set c $a"), Is.EqualTo("$b"));
        Assert.That(TclTestHost.Run("set a {[error no]}; set c $a"), Is.EqualTo("[error no]"));
    }

    [Test]
    public void Extra_characters_after_close_brace_is_an_error()
    {
        var e = TclTestHost.Fail("set a {x}y");
        Assert.That(e.Message, Is.EqualTo("extra characters after close-brace"));
    }

    [Test]
    public void Subst_command()
    {
        Assert.That(TclTestHost.Run("set x 1; subst {a $x [set x] \\t}"), Is.EqualTo("a 1 1 \t"));
    }
}
