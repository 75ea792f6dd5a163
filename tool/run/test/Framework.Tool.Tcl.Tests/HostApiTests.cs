namespace Framework.Tool.Tcl.Tests;

[TestFixture]
public sealed class HostApiTests
{
    [Test]
    public void Registered_commands_receive_raw_word_values()
    {
        var host = new TclTestHost();
        IReadOnlyList<string>? seen = null;
        host.Interpreter.RegisterCommand("capture", (_, args) =>
        {
            seen = args.ToArray();
            return TclResult.Ok("done");
        });
        var result = host.Eval("set v 5\ncapture {a $v [b]} \"x $v\" [list p q] {*}{m n} {\n<xml attr=\"1\"/>\n}");
        Assert.That(result, Is.EqualTo("done"));
        Assert.That(seen, Is.EqualTo(new[] { "capture", "a $v [b]", "x 5", "p q", "m", "n", "\n<xml attr=\"1\"/>\n" }));
    }

    [Test]
    public void Host_commands_can_return_codes_and_evaluate_scripts()
    {
        var host = new TclTestHost();
        host.Interpreter.RegisterCommand("twice", (interp, args) =>
        {
            var first = interp.Eval(args[1]);
            return first.Code != TclCode.Ok ? first : interp.Eval(args[1]);
        });
        Assert.That(host.Eval("set n 0; twice {incr n}; set n"), Is.EqualTo("2"));
        Assert.That(host.Eval("set r {}; foreach i {1 2 3} { twice break; lappend r $i }; set r"), Is.EqualTo(""));
        Assert.That(host.Eval("proc p {} { set local 1; twice {incr local}; return $local }; p"), Is.EqualTo("3"));
    }

    [Test]
    public void Variables_from_the_host()
    {
        var host = new TclTestHost();
        host.Interpreter.SetVariable("specs", "x86 x86_32 linux");
        host.Interpreter.SetVariable("arr(k)", "v");
        Assert.That(host.Eval("llength $specs"), Is.EqualTo("3"));
        Assert.That(host.Eval("set arr(k)"), Is.EqualTo("v"));
        host.Eval("set output {Test ended}");
        Assert.That(host.Interpreter.GetVariable("output"), Is.EqualTo("Test ended"));
        Assert.That(host.Interpreter.GetVariable("missing"), Is.Null);
        Assert.That(host.Interpreter.VariableExists("arr"), Is.True);
        Assert.That(host.Interpreter.UnsetVariable("output"), Is.True);
        Assert.That(host.Interpreter.VariableExists("output"), Is.False);
    }

    [Test]
    public void Host_command_sees_global_through_double_colon()
    {
        var host = new TclTestHost();
        host.Interpreter.RegisterCommand("set_output", (interp, args) =>
        {
            interp.SetGlobalVariable("output", args[1]);
            return TclResult.Empty;
        });
        Assert.That(host.Eval("proc p {} { set_output hi; global output; return $output }; p"), Is.EqualTo("hi"));
    }

    [TestCase("exit", 0)]
    [TestCase("exit 3", 3)]
    [TestCase("exit -2", -2)]
    [TestCase("proc f {} { exit 7 }; catch { f }; set notreached 1", 7)]
    public void Exit_is_an_outcome_not_an_error(string script, int code)
    {
        var host = new TclTestHost();
        var outcome = host.Interpreter.Evaluate(script, "exit.run");
        Assert.That((outcome.Exited, outcome.ExitCode), Is.EqualTo((true, code)));
        Assert.That(host.Interpreter.GetVariable("notreached"), Is.Null);
    }

    [Test]
    public void Normal_completion_is_not_an_exit()
    {
        var outcome = new TclTestHost().Interpreter.Evaluate("set x 5");
        Assert.That(outcome, Is.EqualTo(TclOutcome.Completed("5")));
    }

    [Test]
    public void Host_commands_can_exit()
    {
        var host = new TclTestHost();
        host.Interpreter.RegisterCommand("run_genode_until", (_, _) => throw new TclExitException(-2));
        var outcome = host.Interpreter.Evaluate("run_genode_until {x} 10\nputs after");
        Assert.That(outcome.ExitCode, Is.EqualTo(-2));
        Assert.That(host.Output.ToString(), Is.Empty);
    }

    [Test]
    public void Puts_writes_to_the_host_streams()
    {
        var host = new TclTestHost();
        host.Eval("puts hello; puts -nonewline a; puts stdout b; puts stderr oops; puts -nonewline stderr !");
        Assert.That(host.Output.ToString(), Is.EqualTo("hello\nab\n"));
        Assert.That(host.ErrorOutput.ToString(), Is.EqualTo("oops\n!"));
        Assert.That(TclTestHost.Fail("puts nochan x").Message, Is.EqualTo("can not find channel named \"nochan\""));
    }

    [Test]
    public void Interpreter_state_persists_between_evaluations()
    {
        var host = new TclTestHost();
        host.Eval("proc p {} { return 1 }; set v 2", "env");
        Assert.That(host.Eval("expr {[p] + $v}", "name.run"), Is.EqualTo("3"));
    }

    [Test]
    public void Errors_can_be_evaluated_again_after_failure()
    {
        var host = new TclTestHost();
        Assert.Throws<TclException>(() => host.Eval("proc f {} { error x }; f"));
        Assert.That(host.Eval("set ok 1"), Is.EqualTo("1"));
        var e = Assert.Throws<TclException>(() => host.Eval("\nerror y", "again.run"))!;
        Assert.That((e.Line, e.ErrorInfo), Is.EqualTo((2, "y\n    while executing\n\"error y\"\n    (file \"again.run\" line 2)")));
    }

    [Test]
    public void EvaluateExpression_from_the_host()
    {
        var host = new TclTestHost();
        host.Interpreter.SetVariable("n", "4");
        Assert.That(host.Interpreter.EvaluateExpression("$n * 2 + 1"), Is.EqualTo("9"));
    }

    [Test]
    public void Exec_runs_host_processes_and_can_be_disabled()
    {
        Assert.That(TclTestHost.Fail("exec echo hi").Message, Is.EqualTo("exec is disabled by the host"));
        if (!File.Exists("/bin/sh"))
        {
            Assert.Ignore("needs a POSIX shell");
        }

        var host = new TclTestHost(allowExec: true);
        Assert.That(host.Eval("exec echo hello world"), Is.EqualTo("hello world"));
        Assert.That(host.Eval("exec sh -c {echo a; echo b} | tr a-z A-Z"), Is.EqualTo("A\nB"));
        Assert.That(host.Eval("exec cat << piped"), Is.EqualTo("piped"));
        Assert.That(host.Eval("list [catch {exec sh -c {exit 3}} msg] $msg $errorCode"), Is.EqualTo("1 {child process exited abnormally} {CHILDSTATUS 0 3}"));
        Assert.That(host.Eval("catch {exec sh -c {echo err >&2}} msg; set msg"), Is.EqualTo("err"));
        Assert.That(host.Eval("exec -ignorestderr sh -c {echo out; echo err >&2}"), Is.EqualTo("out"));
        Assert.That(host.Eval("exec sh -c {echo out; echo err >&2} 2>@1"), Is.EqualTo("out\nerr"));
    }

    [Test]
    public void File_commands_work_relative_to_the_base_directory()
    {
        var dir = Directory.CreateTempSubdirectory("tcl-file");
        try
        {
            var host = new TclTestHost(baseDirectory: dir.FullName);
            host.Eval("file mkdir var/run/test/genode");
            Assert.That(Directory.Exists(Path.Combine(dir.FullName, "var/run/test/genode")), Is.True);
            Assert.That(host.Eval("list [file exists var/run] [file isdirectory var/run] [file exists nothere]"), Is.EqualTo("1 1 0"));
            File.WriteAllText(Path.Combine(dir.FullName, "var/run/test/config"), "<config/>");
            Assert.That(host.Eval("list [file isfile var/run/test/config] [file isdirectory var/run/test/config]"), Is.EqualTo("1 0"));
            Assert.Throws<TclException>(() => host.Eval("file delete var/run"));
            host.Eval("file delete -force var");
            Assert.That(Directory.Exists(Path.Combine(dir.FullName, "var")), Is.False);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestCase("file join a b c", "a/b/c")]
    [TestCase("file join a /b c", "/b/c")]
    [TestCase("file join a/ b", "a/b")]
    [TestCase("file dirname /a/b/c.run", "/a/b")]
    [TestCase("file dirname c.run", ".")]
    [TestCase("file dirname /c", "/")]
    [TestCase("file tail /a/b/c.run", "c.run")]
    [TestCase("file tail a/b/", "b")]
    [TestCase("file rootname a/b.c/d.run", "a/b.c/d")]
    [TestCase("file rootname a/b.c/d", "a/b.c/d")]
    [TestCase("file extension x/y.tar.gz", ".gz")]
    [TestCase("file extension x.d/y", "")]
    [TestCase("file extension .bashrc", "")]
    public void File_name_commands(string script, string expected)
    {
        Assert.That(TclTestHost.Run(script), Is.EqualTo(expected));
    }

    [Test]
    public void Parsed_bodies_are_reused_so_loops_are_fast()
    {
        var host = new TclTestHost();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = host.Eval("set s 0; for {set i 0} {$i < 100000} {incr i} { incr s $i }; set s");
        Assert.That(result, Is.EqualTo("4999950000"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void Env_array_holds_the_environment()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        Assume.That(path, Is.Not.Null);
        Assert.That(TclTestHost.Run("set ::env(PATH)"), Is.EqualTo(path));
    }
}
