namespace Framework.Tool.Tcl.Tests;

[TestFixture]
public sealed class StringTests
{
    [TestCase("string length hello", "5")]
    [TestCase("string length {}", "0")]
    [TestCase("string equal abc abc", "1")]
    [TestCase("string equal -nocase ABC abc", "1")]
    [TestCase("string equal -length 2 abx aby", "1")]
    [TestCase("string compare a b", "-1")]
    [TestCase("string compare b a", "1")]
    [TestCase("string compare a a", "0")]
    [TestCase("string match *.run x86.run", "1")]
    [TestCase("string match {[a-c]?} bz", "1")]
    [TestCase("string match {\\*} *", "1")]
    [TestCase("string match -nocase A* abc", "1")]
    [TestCase("string match a*c abd", "0")]
    [TestCase("string first b abcb", "1")]
    [TestCase("string first b abcb 2", "3")]
    [TestCase("string first z abc", "-1")]
    [TestCase("string last b abcb", "3")]
    [TestCase("string index hello 1", "e")]
    [TestCase("string index hello end", "o")]
    [TestCase("string index hello 10", "")]
    [TestCase("string range hello 1 3", "ell")]
    [TestCase("string range hello 2 end", "llo")]
    [TestCase("string map {a 1 b 2} abcab", "12c12")]
    [TestCase("string map {ab X a Y} aab", "YX")]
    [TestCase("string tolower HeLLo", "hello")]
    [TestCase("string toupper HeLLo", "HELLO")]
    [TestCase("string trim \"  x y \n\"", "x y")]
    [TestCase("string trim xxaxx x", "a")]
    [TestCase("string trimleft \"  x \"", "x ")]
    [TestCase("string trimright \"  x \"", "  x")]
    [TestCase("string repeat ab 3", "ababab")]
    [TestCase("string is integer 42", "1")]
    [TestCase("string is integer 0x1f", "1")]
    [TestCase("string is integer 4.2", "0")]
    [TestCase("string is integer {}", "1")]
    [TestCase("string is integer -strict {}", "0")]
    [TestCase("string is double 4.2", "1")]
    [TestCase("string is double abc", "0")]
    [TestCase("string is boolean yes", "1")]
    [TestCase("string is boolean 2", "0")]
    [TestCase("string is boolean maybe", "0")]
    public void String_subcommands(string script, string expected)
    {
        Assert.That(TclTestHost.Run(script), Is.EqualTo(expected));
    }

    [TestCase("format %s-%s a b", "a-b")]
    [TestCase("format %5s| x", "    x|")]
    [TestCase("format %-5s| x", "x    |")]
    [TestCase("format %d 42", "42")]
    [TestCase("format %05d 42", "00042")]
    [TestCase("format %+d 5", "+5")]
    [TestCase("format %x 255", "ff")]
    [TestCase("format %X 255", "FF")]
    [TestCase("format %#x 255", "0xff")]
    [TestCase("format %08x 3054", "00000bee")]
    [TestCase("format %o 8", "10")]
    [TestCase("format %f 3.14159", "3.141590")]
    [TestCase("format %.2f 3.14159", "3.14")]
    [TestCase("format %8.3f -3.14159", "  -3.142")]
    [TestCase("format %e 12345.678", "1.234568e+04")]
    [TestCase("format %g 0.0001", "0.0001")]
    [TestCase("format %g 1234567", "1.23457e+06")]
    [TestCase("format %c 65", "A")]
    [TestCase("format %% ", "%")]
    [TestCase("format %*d 4 7", "   7")]
    [TestCase("format {%2$s %1$s} a b", "b a")]
    [TestCase("format %x -1", "ffffffffffffffff")]
    public void Format(string script, string expected)
    {
        Assert.That(TclTestHost.Run(script), Is.EqualTo(expected));
    }

    [Test]
    public void Format_errors()
    {
        Assert.That(TclTestHost.Fail("format %d abc").Message, Is.EqualTo("expected integer but got \"abc\""));
        Assert.That(TclTestHost.Fail("format %s").Message, Is.EqualTo("not enough arguments for all format specifiers"));
    }

    [TestCase("regexp {a+} xaay", "1")]
    [TestCase("regexp {z} xaay", "0")]
    [TestCase("regexp {(\\d+)-(\\d+)} {range 10-20} all a b; list $all $a $b", "10-20 10 20")]
    [TestCase("regexp -nocase {HELLO} hello", "1")]
    [TestCase("regexp -all {a} banana", "3")]
    [TestCase("regexp -inline {(\\w)(\\w)} abcd", "ab a b")]
    [TestCase("regexp -all -inline {\\d} a1b2", "1 2")]
    [TestCase("regexp {a(x)?b} ab m sub; list $m $sub", "ab {}")]
    [TestCase("regexp -indices {b+} abbc r; set r", "1 2")]
    [TestCase("regexp {^a.*z$} \"a\nmid\nz\"", "1")]
    [TestCase("regexp {^mid$} \"a\nmid\nz\"", "0")]
    [TestCase("regexp -line {^mid$} \"a\nmid\nz\"", "1")]
    [TestCase("regexp {x$} \"x\n\"", "0")]
    [TestCase("regexp {\\mfoo\\M} {a foo b}", "1")]
    [TestCase("regexp {[[:digit:]]+} abc123 m; set m", "123")]
    [TestCase("regexp {\\[init -\\> test\\]} {[init -> test] Test ended}", "1")]
    [TestCase("regexp {.*child exited with exit value 0.*} \"x\nchild exited with exit value 0\ny\"", "1")]
    public void Regexp(string script, string expected)
    {
        Assert.That(TclTestHost.Run(script), Is.EqualTo(expected));
    }

    [TestCase("regsub {a} banana X", "bXnana")]
    [TestCase("regsub -all {a} banana X", "bXnXnX")]
    [TestCase("regsub -all {(a)(n)} banana {\\2\\1}", "bnanaa")]
    [TestCase("regsub -all {an} banana {<&>}", "b<an><an>a")]
    [TestCase("regsub -all {an} banana {\\&}", "b&&a")]
    [TestCase("regsub -all {x*} abc -", "-a-b-c-")]
    [TestCase("regsub -nocase {B} abc X", "aXc")]
    [TestCase("regsub -all {a} banana X out; list [regsub -all {a} banana X out] $out", "3 bXnXnX")]
    public void Regsub(string script, string expected)
    {
        Assert.That(TclTestHost.Run(script), Is.EqualTo(expected));
    }

    [Test]
    public void Bad_regexp_is_a_tcl_error()
    {
        Assert.That(TclTestHost.Fail("regexp {(} x").Message, Does.StartWith("couldn't compile regular expression pattern"));
    }
}
