namespace Framework.Tool.Tcl.Tests;

[TestFixture]
public sealed class ListTests
{
    private static readonly string[][] RoundTripCases =
    [
        ["a", "b c", ""],
        ["{", "}", "{}", "a{b", "a}b"],
        ["x\\", "\\", "a\\b", "$x", "[cmd]", "\"q\""],
        ["#first", "#second"],
        ["line\nbreak", "tab\there", "semi;colon"],
        ["{a b} c", "{unbalanced", "trailing\\"],
        ["<config>\n  <start name=\"x\"/>\n</config>"],
    ];

    [TestCaseSource(nameof(RoundTripCases))]
    public void Format_then_parse_round_trips(string[] items)
    {
        var formatted = TclList.Format(items);
        Assert.That(TclList.Parse(formatted), Is.EqualTo(items));
    }

    [Test]
    public void Formatting_matches_tcl()
    {
        Assert.That(TclList.Format("a", "b c", ""), Is.EqualTo("a {b c} {}"));
        Assert.That(TclList.Format("#a", "#b"), Is.EqualTo("{#a} #b"));
        Assert.That(TclList.Format("a{b"), Is.EqualTo("a\\{b"));
        Assert.That(TclList.Format("x\\"), Is.EqualTo("x\\\\"));
        Assert.That(TclList.Format("{a}"), Is.EqualTo("{{a}}"));
        Assert.That(TclList.Format("a\"b", "\"ab", "a]b", "a[b", "a b\"c"), Is.EqualTo("a\\\"b {\"ab} a\\]b {a[b} {a b\"c}"));
    }

    [Test]
    public void Parsing_handles_braces_quotes_and_backslashes()
    {
        Assert.That(TclList.Parse("  a {b {c d}} \"e f\" g\\ h  "), Is.EqualTo(new[] { "a", "b {c d}", "e f", "g h" }));
        Assert.That(TclList.Parse("\n a \n\t b \n"), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(TclList.Parse(""), Is.Empty);
    }

    [TestCase("a {b", "unmatched open brace in list")]
    [TestCase("a \"b", "unmatched open quote in list")]
    [TestCase("{a}b", "list element in braces followed by \"b\" instead of space")]
    public void Malformed_lists_fail(string list, string message)
    {
        Assert.That(() => TclList.Parse(list), Throws.TypeOf<TclException>().With.Message.EqualTo(message));
        var host = new TclTestHost();
        host.Interpreter.SetVariable("l", list);
        Assert.That(() => host.Eval("llength $l"), Throws.TypeOf<TclException>().With.Message.EqualTo(message));
    }

    [TestCase("list a {b c} {}", "a {b c} {}")]
    [TestCase("llength {a {b c} d}", "3")]
    [TestCase("lindex {a {b c} d} 1", "b c")]
    [TestCase("lindex {a {b c} d} end", "d")]
    [TestCase("lindex {a {b c} d} end-1", "b c")]
    [TestCase("lindex {a {b c} d} 1 0", "b")]
    [TestCase("lindex {a b} 5", "")]
    [TestCase("lindex {a b c}", "a b c")]
    [TestCase("lrange {a b c d e} 1 3", "b c d")]
    [TestCase("lrange {a b c d e} end-1 end", "d e")]
    [TestCase("lrange {a b c} 2 1", "")]
    [TestCase("lsearch {a b c} b", "1")]
    [TestCase("lsearch {a b c} z", "-1")]
    [TestCase("lsearch -exact {a* b} a*", "0")]
    [TestCase("lsearch -glob {xa ya yb} y*", "1")]
    [TestCase("lsearch -all -glob {xa ya yb} y*", "1 2")]
    [TestCase("lsearch -all -inline {xa ya yb} y*", "ya yb")]
    [TestCase("lsearch -regexp {abc x12 y} {\\d+}", "1")]
    [TestCase("lsearch -not {a a b} a", "2")]
    [TestCase("lsort {c a B b}", "B a b c")]
    [TestCase("lsort -nocase {c a B}", "a B c")]
    [TestCase("lsort -integer {10 9 100 -1}", "-1 9 10 100")]
    [TestCase("lsort -real {1.5 -2 1e1}", "-2 1.5 1e1")]
    [TestCase("lsort -decreasing {a c b}", "c b a")]
    [TestCase("lsort -unique {b a b c a}", "a b c")]
    [TestCase("lsort -dictionary {x10 x9 X1}", "X1 x9 x10")]
    [TestCase("lsort -index 1 {{a 3} {b 1} {c 2}}", "{b 1} {c 2} {a 3}")]
    [TestCase("join {a b c} ,", "a,b,c")]
    [TestCase("join {a {b c}}", "a b c")]
    [TestCase("split a,b,,c ,", "a b {} c")]
    [TestCase("split \"a b\"", "a b")]
    [TestCase("split abc {}", "a b c")]
    [TestCase("concat {a b} { c } {} d", "a b c d")]
    [TestCase("linsert {a c} 1 b", "a b c")]
    [TestCase("linsert {a b} end c", "a b c")]
    [TestCase("lreplace {a b c d} 1 2 X", "a X d")]
    [TestCase("lreverse {a b c}", "c b a")]
    [TestCase("lassign {1 2 3} x y; list $x $y", "1 2")]
    [TestCase("set l {}; lappend l a {b c}; lappend l d", "a {b c} d")]
    [TestCase("lappend fresh x", "x")]
    public void List_commands(string script, string expected)
    {
        Assert.That(TclTestHost.Run(script), Is.EqualTo(expected));
    }
}
