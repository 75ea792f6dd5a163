namespace Framework.Tool.Tcl.Tests;

[TestFixture]
public sealed class ExprTests
{
    private static string Expr(string expression) => TclTestHost.Run($"expr {{{expression}}}");

    [TestCase("1 + 2 * 3", "7")]
    [TestCase("(1 + 2) * 3", "9")]
    [TestCase("2 ** 3 ** 2", "512")]
    [TestCase("-2 ** 2", "4")]
    [TestCase("10 - 4 - 3", "3")]
    [TestCase("7 / 2", "3")]
    [TestCase("-7 / 2", "-4")]
    [TestCase("7 % 3", "1")]
    [TestCase("-7 % 3", "2")]
    [TestCase("7 % -3", "-2")]
    [TestCase("7.0 / 2", "3.5")]
    [TestCase("1 / 2.0", "0.5")]
    [TestCase("0.1 + 0.2", "0.30000000000000004")]
    [TestCase("1.0 * 2", "2.0")]
    [TestCase("1e20 * 1", "1e+20")]
    [TestCase("1e15 + 0", "1000000000000000.0")]
    [TestCase("1 / 3.0", "0.3333333333333333")]
    [TestCase("0.0001 * 1", "0.0001")]
    [TestCase("0.00001 * 1", "1e-5")]
    [TestCase("1.5e-7 * 1", "1.5e-7")]
    [TestCase("1e16 * 1", "10000000000000000.0")]
    [TestCase("1e17 * 1", "1e+17")]
    [TestCase("0x10 + 1", "17")]
    [TestCase("0xff & 0x0f", "15")]
    [TestCase("1 << 4", "16")]
    [TestCase("-16 >> 2", "-4")]
    [TestCase("5 | 2", "7")]
    [TestCase("6 ^ 3", "5")]
    [TestCase("~0", "-1")]
    [TestCase("!0", "1")]
    [TestCase("!5", "0")]
    [TestCase("1 < 2", "1")]
    [TestCase("2 <= 1", "0")]
    [TestCase("10 > 9", "1")]
    [TestCase("\"10\" > \"9\"", "1")]
    [TestCase("\"abc\" < \"abd\"", "1")]
    [TestCase("\"b\" > \"abc\"", "1")]
    [TestCase("1 == 1.0", "1")]
    [TestCase("\"1\" == \"1.0\"", "1")]
    [TestCase("\"1\" eq \"1.0\"", "0")]
    [TestCase("\"a\" == \"a\"", "1")]
    [TestCase("\"a\" ne \"b\"", "1")]
    [TestCase("\"0x10\" == 16", "1")]
    [TestCase("1 && 0", "0")]
    [TestCase("1 || 0", "1")]
    [TestCase("true && yes", "1")]
    [TestCase("\"off\" || 0", "0")]
    [TestCase("1 ? \"a\" : \"b\"", "a")]
    [TestCase("0 ? 1 : 0 ? 2 : 3", "3")]
    [TestCase("\"b\" in {a b c}", "1")]
    [TestCase("\"d\" ni {a b c}", "1")]
    [TestCase("abs(-3)", "3")]
    [TestCase("abs(-3.5)", "3.5")]
    [TestCase("int(3.7)", "3")]
    [TestCase("int(-3.7)", "-3")]
    [TestCase("double(3)", "3.0")]
    [TestCase("round(2.5)", "3")]
    [TestCase("round(-2.5)", "-3")]
    [TestCase("min(3, 1, 2)", "1")]
    [TestCase("max(3, 1.5)", "3")]
    [TestCase("max(1, 2.5)", "2.5")]
    [TestCase("sqrt(16)", "4.0")]
    [TestCase("pow(2, 10)", "1024.0")]
    [TestCase("010 + 0", "8")]
    [TestCase("2 - -2", "4")]
    [TestCase("1.5e3", "1500.0")]
    [TestCase("{abc} eq \"abc\"", "1")]
    [TestCase("9223372036854775807 + 0", "9223372036854775807")]
    public void Evaluates(string expression, string expected)
    {
        Assert.That(Expr(expression), Is.EqualTo(expected));
    }

    [Test]
    public void Substitutes_variables_and_commands_itself()
    {
        Assert.That(TclTestHost.Run("set x 4; expr {$x * [llength {a b c}]}"), Is.EqualTo("12"));
        Assert.That(TclTestHost.Run("set a(k) 3; set i k; expr {$a($i) + 1}"), Is.EqualTo("4"));
        Assert.That(TclTestHost.Run("set s abc; expr {$s eq \"abc\"}"), Is.EqualTo("1"));
        Assert.That(TclTestHost.Run("set s abc; expr {\"x$s\" eq \"xabc\"}"), Is.EqualTo("1"));
    }

    [Test]
    public void Unbraced_expressions_are_substituted_twice()
    {
        Assert.That(TclTestHost.Run("set x 2; expr $x + 3"), Is.EqualTo("5"));
        Assert.That(TclTestHost.Run("expr 1 + 2"), Is.EqualTo("3"));
    }

    [Test]
    public void Lone_operand_keeps_its_string()
    {
        Assert.That(TclTestHost.Run("set x 0x10; expr {$x}"), Is.EqualTo("0x10"));
        Assert.That(TclTestHost.Run("set x hello; expr {$x}"), Is.EqualTo("hello"));
    }

    [Test]
    public void Short_circuit_skips_evaluation()
    {
        Assert.That(TclTestHost.Run("set n 0; expr {0 && [incr n]}; expr {1 || [incr n]}; expr {1 ? 1 : [incr n]}; set n"), Is.EqualTo("0"));
    }

    [TestCase("1 / 0", "divide by zero")]
    [TestCase("1 % 0", "divide by zero")]
    [TestCase("\"abc\" + 1", "can't use non-numeric string \"abc\" as operand of \"+\"")]
    [TestCase("1.5 & 1", "can't use floating-point value \"1.5\" as operand of \"&\"")]
    [TestCase("\"x\" && 1", "expected boolean value but got \"x\"")]
    [TestCase("nosuch", "invalid bareword \"nosuch\"")]
    [TestCase("1 +", "syntax error in expression \"1 +\": premature end of expression")]
    [TestCase("(1", "syntax error in expression \"(1\": looking for close parenthesis")]
    [TestCase("1 2", "syntax error in expression \"1 2\": extra tokens at end of expression")]
    [TestCase("foo(1)", "invalid command name \"tcl::mathfunc::foo\"")]
    public void Errors(string expression, string message)
    {
        var e = TclTestHost.Fail($"expr {{{expression}}}");
        Assert.That(e.Message, Is.EqualTo(message));
    }

    [Test]
    public void Double_division_by_zero_is_infinite()
    {
        Assert.That(Expr("1.0 / 0"), Is.EqualTo("Inf"));
    }
}
