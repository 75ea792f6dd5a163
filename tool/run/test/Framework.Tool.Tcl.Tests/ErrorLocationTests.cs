namespace Framework.Tool.Tcl.Tests;

/// <summary>A failing script must name the file and line of the command that failed.</summary>
[TestFixture]
public sealed class ErrorLocationTests
{
    [Test]
    public void Top_level_error_names_file_and_line()
    {
        const string script = """
            set a 1

            set b [nosuch cmd]
            set c 3
            """;
        var e = TclTestHost.Fail(script, "x.run");
        Assert.That(e.FileName, Is.EqualTo("x.run"));
        Assert.That(e.Line, Is.EqualTo(3));
        Assert.That(e.Message, Is.EqualTo("invalid command name \"nosuch\""));
        Assert.That(e.ErrorInfo, Is.EqualTo("invalid command name \"nosuch\"\n    while executing\n\"nosuch cmd\"\n    invoked from within\n\"set b [nosuch cmd]\"\n    (file \"x.run\" line 3)"));
        Assert.That(e.Location, Is.EqualTo("x.run:3"));
    }

    [Test]
    public void Error_inside_proc_names_the_line_in_the_file_and_the_procedure()
    {
        const string script = """
            proc helper {x} {
                set y $x
                error "helper failed: $y"
            }

            proc outer {} {
                helper 42
            }
            puts start
            outer
            """;
        var e = TclTestHost.Fail(script, "scenario.run");
        Assert.That(e.Message, Is.EqualTo("helper failed: 42"));
        Assert.That(e.FileName, Is.EqualTo("scenario.run"));
        Assert.That(e.Line, Is.EqualTo(3));
        Assert.That(e.ErrorInfo, Is.EqualTo(
            "helper failed: 42\n    while executing\n\"error \"helper failed: $y\"\"\n    (procedure \"helper\" line 3)\n" +
            "    invoked from within\n\"helper 42\"\n    (procedure \"outer\" line 2)\n" +
            "    invoked from within\n\"outer\"\n    (file \"scenario.run\" line 10)"));
    }

    [Test]
    public void Error_inside_nested_bodies_maps_to_file_lines()
    {
        const string script = """
            set l {a b c}
            foreach x $l {
                if {$x eq "b"} {
                    set r [expr {$x + 1}]
                }
            }
            """;
        var e = TclTestHost.Fail(script, "loop.run");
        Assert.That(e.Line, Is.EqualTo(4));

        // As in Tcl 8.6, control structures inside a body are compiled away: only the outer foreach shows.
        Assert.That(e.ErrorInfo, Is.EqualTo(
            "can't use non-numeric string \"b\" as operand of \"+\"\n    while executing\n\"expr {$x + 1}\"\n" +
            "    invoked from within\n\"set r [expr {$x + 1}]\"\n    (\"foreach\" body line 3)\n    invoked from within\n" +
            "\"foreach x $l {\n    if {$x eq \"b\"} {\n        set r [expr {$x + 1}]\n    }\n}\"\n    (file \"loop.run\" line 2)"));
    }

    [Test]
    public void Error_in_control_structures_inside_a_proc_reports_the_procedure_line()
    {
        const string script = "proc f {} {\n  foreach x {1 2} {\n    if {$x == 2} {\n      error boom\n    }\n  }\n}\nf\n";
        var e = TclTestHost.Fail(script, "inproc.tcl");
        Assert.That(e.ErrorInfo, Is.EqualTo("boom\n    while executing\n\"error boom\"\n    (procedure \"f\" line 4)\n    invoked from within\n\"f\"\n    (file \"inproc.tcl\" line 8)"));
        Assert.That(e.Line, Is.EqualTo(4));
    }

    [Test]
    public void Top_level_if_shows_its_body()
    {
        var e = TclTestHost.Fail("if 1 {\n  set a 1\n  error x\n}", "if.tcl");
        Assert.That(e.ErrorInfo, Is.EqualTo("x\n    while executing\n\"error x\"\n    (\"if\" then script line 3)\n    invoked from within\n\"if 1 {\n  set a 1\n  error x\n}\"\n    (file \"if.tcl\" line 1)"));
    }

    [Test]
    public void Error_in_while_condition_and_switch_arm()
    {
        var e = TclTestHost.Fail("set i 0\nwhile {$i < 3} {\n  incr i\n}\nswitch x {\n  y {}\n  x {\n    nosuch\n  }\n}", "s.run");
        Assert.That(e.Line, Is.EqualTo(8));
    }

    [Test]
    public void Unclosed_brace_names_the_line_where_it_opened()
    {
        const string script = """
            set a 1
            if {$a} {
                set b 2

            set c 3
            """;
        var e = TclTestHost.Fail(script, "broken.run");
        Assert.That(e.Message, Is.EqualTo("missing close-brace"));
        Assert.That(e.FileName, Is.EqualTo("broken.run"));
        Assert.That(e.Line, Is.EqualTo(2));
    }

    [Test]
    public void Unclosed_bracket_and_quote_name_their_lines()
    {
        var bracket = TclTestHost.Fail("set a 1\n\nset b [list a\nb", "b.run");
        Assert.That(bracket.Message, Is.EqualTo("missing close-bracket"));
        Assert.That(bracket.Line, Is.EqualTo(3));
        var quote = TclTestHost.Fail("set a 1\nset b \"open\n\n", "q.run");
        Assert.That(quote.Message, Is.EqualTo("missing \""));
        Assert.That(quote.Line, Is.EqualTo(2));
    }

    [Test]
    public void Commands_before_a_syntax_error_still_run()
    {
        var host = new TclTestHost();
        Assert.Throws<TclException>(() => host.Eval("puts before\nset x {", "p.run"));
        Assert.That(host.Output.ToString(), Is.EqualTo("before\n"));
    }

    [Test]
    public void Unclosed_brace_in_proc_body_is_reported_when_the_body_parses()
    {
        var e = TclTestHost.Fail("proc f {} {\n  set x 1\n  if {1} \"\n}\n\nf", "body.run");
        Assert.That(e.Message, Is.EqualTo("missing \""));
        Assert.That(e.Line, Is.EqualTo(3));
    }

    [Test]
    public void Error_in_sourced_file_names_that_file()
    {
        var dir = Directory.CreateTempSubdirectory("tcl-source");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "lib.tcl"), "proc libproc {} {\n    return ok\n}\nproc bad {} {\n\n    error fromlib\n}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "main.run"), "source lib.tcl\nset v [libproc]\nbad\n");
            var host = new TclTestHost(baseDirectory: dir.FullName);
            var e = Assert.Throws<TclException>(() => host.Interpreter.EvaluateFile("main.run"))!;
            Assert.That(e.FileName, Is.EqualTo("lib.tcl"));
            Assert.That(e.Line, Is.EqualTo(6));
            Assert.That(e.ErrorInfo, Does.EndWith("(file \"main.run\" line 3)"));
            Assert.That(host.Interpreter.GetVariable("v"), Is.EqualTo("ok"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void Error_in_command_substitution_on_a_later_line_of_a_multiline_command()
    {
        const string script = "set config [list \\\n  a \\\n  [nosuch] \\\n]";
        var e = TclTestHost.Fail(script, "m.run");
        Assert.That(e.Line, Is.EqualTo(3));
    }

    [Test]
    public void Host_command_failures_are_located()
    {
        var host = new TclTestHost();
        host.Interpreter.RegisterCommand("fails", (_, _) => TclResult.Error("host says no"));
        host.Interpreter.RegisterCommand("throws", (_, _) => throw new InvalidOperationException("host threw"));
        var e = Assert.Throws<TclException>(() => host.Eval("set a 1\nfails", "h.run"))!;
        Assert.That((e.Message, e.Line), Is.EqualTo(("host says no", 2)));
        e = Assert.Throws<TclException>(() => host.Eval("\n\nthrows", "h.run"))!;
        Assert.That((e.Message, e.Line), Is.EqualTo(("host threw", 3)));
    }

    [Test]
    public void Return_code_error_is_reported_at_the_call()
    {
        var e = TclTestHost.Fail("proc f {} {\n  return -code error -errorcode {MY CODE} oops\n}\n\nf", "r.run");
        Assert.That((e.Message, e.Line, e.ErrorCode), Is.EqualTo(("oops", 5, "MY CODE")));
        Assert.That(e.ErrorInfo, Is.EqualTo("oops\n    while executing\n\"f\"\n    (file \"r.run\" line 5)"));
    }

    [Test]
    public void Break_outside_a_loop_at_top_level_is_located()
    {
        var e = TclTestHost.Fail("set a 1\nbreak", "b.run");
        Assert.That((e.Message, e.Line), Is.EqualTo(("invoked \"break\" outside of a loop", 2)));
    }

    [Test]
    public void Error_code_does_not_leak_into_later_errors()
    {
        var host = new TclTestHost();
        host.Eval("catch {error a {} {SOME CODE}}");
        var e = Assert.Throws<TclException>(() => host.Eval("error b"))!;
        Assert.That(e.ErrorCode, Is.EqualTo("NONE"));
    }

    [Test]
    public void Backslash_continuations_inside_bodies_keep_file_lines()
    {
        const string script = "proc f {} {\n  set x [list a \\\n     b]\n  if {1} {\n    set y \"c \\\n       d\"\n    nosuch\n  }\n}\n\nf\n";
        var e = TclTestHost.Fail(script, "cont.run");
        Assert.That(e.Line, Is.EqualTo(7));
        Assert.That(e.ErrorInfo, Does.Contain("(procedure \"f\" line 7)"));
    }
}
