namespace Framework.Tool.Tcl.Tests;

[TestFixture]
public sealed class ControlTests
{
    [TestCase("if {1} {set r a} else {set r b}", "a")]
    [TestCase("if {0} {set r a} else {set r b}", "b")]
    [TestCase("if 0 then {set r a} elseif 1 then {set r b} else {set r c}", "b")]
    [TestCase("if {0} {set r a} elseif {0} {set r b}", "")]
    [TestCase("set x yes; if {$x} {set r t}", "t")]
    [TestCase("if {\"a\" eq \"a\"} {set r eq}", "eq")]
    public void If(string script, string expected)
    {
        Assert.That(TclTestHost.Run(script), Is.EqualTo(expected));
    }

    [Test]
    public void While_with_break_and_continue()
    {
        const string script = """
            set i 0; set r {}
            while {1} {
                incr i
                if {$i == 2} continue
                if {$i > 4} break
                lappend r $i
            }
            set r
            """;
        Assert.That(TclTestHost.Run(script), Is.EqualTo("1 3 4"));
    }

    [Test]
    public void For_loop()
    {
        Assert.That(TclTestHost.Run("set r {}; for {set i 0} {$i < 5} {incr i} { if {$i == 3} break; lappend r $i }; set r"), Is.EqualTo("0 1 2"));
        Assert.That(TclTestHost.Run("set s 0; for {set i 0} {$i < 5} {incr i} { if {$i % 2} continue; incr s $i }; set s"), Is.EqualTo("6"));
    }

    [Test]
    public void Foreach_forms()
    {
        Assert.That(TclTestHost.Run("set r {}; foreach x {a b c} { lappend r $x$x }; set r"), Is.EqualTo("aa bb cc"));
        Assert.That(TclTestHost.Run("set r {}; foreach {k v} {a 1 b 2 c} { lappend r $k=$v }; set r"), Is.EqualTo("a=1 b=2 c="));
        Assert.That(TclTestHost.Run("set r {}; foreach x {1 2 3} y {a b} { lappend r $x$y }; set r"), Is.EqualTo("1a 2b 3"));
        Assert.That(TclTestHost.Run("set r {}; foreach x {1 2 3 4} { if {$x == 2} continue; if {$x == 4} break; lappend r $x }; set r"), Is.EqualTo("1 3"));
    }

    [Test]
    public void Switch_forms()
    {
        Assert.That(TclTestHost.Run("switch b { a {set r 1} b {set r 2} default {set r 3} }"), Is.EqualTo("2"));
        Assert.That(TclTestHost.Run("switch z { a {set r 1} default {set r 3} }"), Is.EqualTo("3"));
        Assert.That(TclTestHost.Run("switch z { a {set r 1} }"), Is.EqualTo(""));
        Assert.That(TclTestHost.Run("switch -glob foo.run { *.c {set r c} *.run {set r run} }"), Is.EqualTo("run"));
        Assert.That(TclTestHost.Run("switch -regexp abc123 { {^\\d} {set r d} {\\d+$} {set r tail} }"), Is.EqualTo("tail"));
        Assert.That(TclTestHost.Run("switch b { a - b - c {set r abc} default {set r no} }"), Is.EqualTo("abc"));
        Assert.That(TclTestHost.Run("switch -exact -- -x { -x {set r dash} }"), Is.EqualTo("dash"));
        Assert.That(TclTestHost.Run("switch b a {set r 1} b {set r 2}"), Is.EqualTo("2"));
        Assert.That(TclTestHost.Run("set v b; switch $v [list a {set r 1} $v {set r 2}]"), Is.EqualTo("2"));
    }

    [Test]
    public void Catch_and_error()
    {
        Assert.That(TclTestHost.Run("list [catch {error boom} msg] $msg"), Is.EqualTo("1 boom"));
        Assert.That(TclTestHost.Run("list [catch {set x 5} msg] $msg"), Is.EqualTo("0 5"));
        Assert.That(TclTestHost.Run("catch {break}"), Is.EqualTo("3"));
        Assert.That(TclTestHost.Run("catch {continue}"), Is.EqualTo("4"));
        Assert.That(TclTestHost.Run("catch {return x}"), Is.EqualTo("2"));
        Assert.That(TclTestHost.Run("catch {nosuchcommand}"), Is.EqualTo("1"));
        Assert.That(TclTestHost.Run("catch {error msg info CODE}; set errorCode"), Is.EqualTo("CODE"));
        Assert.That(TclTestHost.Run("catch {error boom} m opts; dict_get $opts", withDictGet: true), Is.EqualTo("1"));
    }

    [Test]
    public void ErrorInfo_is_set_by_catch()
    {
        var result = TclTestHost.Run("proc f {} { error inner }\ncatch {f}\nset errorInfo");
        Assert.That(result, Is.EqualTo("inner\n    while executing\n\"error inner\"\n    (procedure \"f\" line 1)\n    invoked from within\n\"f\""));
    }

    [Test]
    public void Error_keeps_unwinding_after_catch_reset()
    {
        var e = TclTestHost.Fail("catch {error first}\nerror second");
        Assert.That(e.Message, Is.EqualTo("second"));
        Assert.That(e.ErrorInfo, Is.EqualTo("second\n    while executing\n\"error second\""));
    }

    [Test]
    public void Eval_and_uplevel_concatenate()
    {
        Assert.That(TclTestHost.Run("eval set x 5; set x"), Is.EqualTo("5"));
        Assert.That(TclTestHost.Run("set cmd {list a}; eval $cmd {b c}"), Is.EqualTo("a b c"));
    }

    [Test]
    public void Incr_and_append()
    {
        Assert.That(TclTestHost.Run("set i 5; incr i; incr i -3"), Is.EqualTo("3"));
        Assert.That(TclTestHost.Run("incr fresh 4"), Is.EqualTo("4"));
        Assert.That(TclTestHost.Fail("set i x; incr i").Message, Is.EqualTo("expected integer but got \"x\""));
        Assert.That(TclTestHost.Run("append s a b; append s c"), Is.EqualTo("abc"));
    }

    [Test]
    public void Unset_and_info_exists()
    {
        Assert.That(TclTestHost.Run("set x 1; unset x; info exists x"), Is.EqualTo("0"));
        Assert.That(TclTestHost.Run("set x 1; info exists x"), Is.EqualTo("1"));
        Assert.That(TclTestHost.Run("unset -nocomplain nothere; set ok 1"), Is.EqualTo("1"));
        Assert.That(TclTestHost.Fail("unset nothere").Message, Is.EqualTo("can't unset \"nothere\": no such variable"));
        Assert.That(TclTestHost.Fail("set nothere").Message, Is.EqualTo("can't read \"nothere\": no such variable"));
    }

    [Test]
    public void Arrays()
    {
        Assert.That(TclTestHost.Run("array set a {x 1 y 2}; lsort [array names a]"), Is.EqualTo("x y"));
        Assert.That(TclTestHost.Run("array set a {x 1}; set a(y) 2; array get a"), Is.EqualTo("x 1 y 2"));
        Assert.That(TclTestHost.Run("set a(x) 1; list [array exists a] [array exists b] [array size a]"), Is.EqualTo("1 0 1"));
        Assert.That(TclTestHost.Run("set a(x) 1; unset a(x); array size a"), Is.EqualTo("0"));
        Assert.That(TclTestHost.Run("set a(x) 1; info exists a(x)"), Is.EqualTo("1"));
        Assert.That(TclTestHost.Fail("set a(x) 1; set a").Message, Is.EqualTo("can't read \"a\": variable is array"));
        Assert.That(TclTestHost.Fail("set s 1; set s(x) 1").Message, Is.EqualTo("can't set \"s(x)\": variable isn't array"));
    }

    [Test]
    public void Info_commands_lists_builtins_and_host_commands()
    {
        var host = new TclTestHost();
        host.Interpreter.RegisterCommand("have_spec", (_, _) => TclResult.Ok("1"));
        Assert.That(TclList.Parse(host.Eval("info commands")), Does.Contain("have_spec").And.Contain("set").And.Contain("regexp"));
        Assert.That(host.Eval("info commands have_*"), Is.EqualTo("have_spec"));
    }

    [Test]
    public void Return_at_top_level_ends_the_script()
    {
        var host = new TclTestHost();
        Assert.That(host.Eval("set a 1\nreturn done\nset a 2"), Is.EqualTo("done"));
        Assert.That(host.Interpreter.GetVariable("a"), Is.EqualTo("1"));
    }

    [Test]
    public void Error_with_explicit_errorinfo()
    {
        var e = TclTestHost.Fail("error msg {custom info} {POSIX ENOENT}");
        Assert.That(e.ErrorInfo, Is.EqualTo("custom info"));
        Assert.That(e.ErrorCode, Is.EqualTo("POSIX ENOENT"));
    }

    [Test]
    public void Catch_options_report_the_error_line()
    {
        Assert.That(TclTestHost.Run("catch {\n  set a 1\n  error x\n} m o; set o", withDictGet: false), Does.Contain("-errorline 3"));
    }
}
