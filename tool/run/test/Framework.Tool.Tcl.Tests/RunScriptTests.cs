namespace Framework.Tool.Tcl.Tests;

/// <summary>Genode 12.02-style run scripts with the run tool's commands stubbed by the test as host commands.</summary>
[TestFixture]
public sealed class RunScriptTests
{
    private const string SignalRun = """
        #
        # \brief  Test for signalling framework
        # \author Norman Feske
        #

        build "core init drivers/timer test/signal"

        create_boot_directory

        set config {
        <config>
        	<parent-provides>
        		<service name="ROM"/>
        		<service name="RAM"/>
        		<service name="CPU"/>
        		<service name="LOG"/>
        		<service name="SIGNAL"/>
        	</parent-provides>
        	<default-route>
        		<any-service> <parent/> <any-child/> </any-service>
        	</default-route>
        	<start name="timer">
        		<resource name="RAM" quantum="1M"/>
        		<provides><service name="Timer"/></provides>
        	</start>}

        append_if [have_spec x86] config {
        	<start name="pci_drv">
        		<resource name="RAM" quantum="2M"/>
        	</start>}

        append_if [have_spec arm] config {
        	<start name="never"/>}

        append config {
        	<start name="test-signal">
        		<resource name="RAM" quantum="10M"/>
        	</start>
        </config>
        }

        install_config $config

        set boot_modules { core init timer test-signal }
        lappend_if [have_spec x86] boot_modules pci_drv
        lappend_if [have_spec arm] boot_modules arm_only

        build_boot_image $boot_modules

        append qemu_args "-nographic -m 64"

        if {[have_spec x86]} {
        	set arch_note "x86 build"
        } elseif {[have_spec arm]} {
        	set arch_note "arm build"
        } else {
        	set arch_note "other"
        }

        run_genode_until {child exited with exit value 0.*} 100

        grep_output {\[init -\> test-signal\]}
        compare_output_to {
        	[init -> test-signal] --- signalling test finished ---
        }
        puts "Test succeeded"
        """;

    /// <summary>A stand-in run tool: records what the script asked for.</summary>
    private sealed class FakeRunTool
    {
        public FakeRunTool(TclTestHost host, params string[] specs)
        {
            var interp = host.Interpreter;
            interp.SetVariable("qemu_args", string.Empty);
            interp.RegisterCommand("have_spec", (_, a) => TclResult.FromBool(specs.Contains(a[1])));
            interp.RegisterCommand("build", (_, a) => { Builds.Add(a[1]); return TclResult.Empty; });
            interp.RegisterCommand("create_boot_directory", (_, _) => TclResult.Empty);
            interp.RegisterCommand("install_config", (_, a) => { Config = a[1]; return TclResult.Empty; });
            interp.RegisterCommand("build_boot_image", (_, a) => { BootModules = TclList.Parse(a[1]); return TclResult.Empty; });
            interp.RegisterCommand("run_genode_until", (i, a) =>
            {
                const string log = "[init -> timer] started\n[init -> test-signal] --- signalling test finished ---\nchild exited with exit value 0\n";
                if (!System.Text.RegularExpressions.Regex.IsMatch(log, a[1], System.Text.RegularExpressions.RegexOptions.Singleline))
                {
                    throw new TclExitException(-2);
                }

                i.SetGlobalVariable("output", log);
                return TclResult.Empty;
            });
            interp.RegisterCommand("grep_output", (i, a) =>
            {
                // Like the run tool: keep the lines that match (evaluated in Tcl, to use its regexp).
                var kept = i.GetGlobalVariable("output")!.Split('\n')
                    .Where(line => i.Eval($"regexp {TclList.QuoteElement(a[1])} {TclList.QuoteElement(line)}").Value == "1");
                i.SetGlobalVariable("output", string.Join('\n', kept));
                return TclResult.Empty;
            });
            interp.RegisterCommand("compare_output_to", (i, a) =>
            {
                var expected = a[1].Trim().Split('\n').Select(l => l.Trim());
                var actual = i.GetGlobalVariable("output")!.Trim().Split('\n').Select(l => l.Trim());
                if (!expected.SequenceEqual(actual))
                {
                    throw new TclExitException(-1);
                }

                return TclResult.Empty;
            });
        }

        public List<string> Builds { get; } = [];

        public string? Config { get; private set; }

        public IReadOnlyList<string> BootModules { get; private set; } = [];
    }

    [Test]
    public void Signal_run_script_on_x86()
    {
        var host = new TclTestHost();
        var tool = new FakeRunTool(host, "x86", "x86_32", "linux");
        var outcome = host.Interpreter.Evaluate(SignalRun, "os/run/signal.run");
        Assert.That(outcome.Exited, Is.False);
        Assert.That(tool.Builds, Is.EqualTo(new[] { "core init drivers/timer test/signal" }));
        Assert.That(tool.BootModules, Is.EqualTo(new[] { "core", "init", "timer", "test-signal", "pci_drv" }));
        Assert.That(tool.Config, Does.Contain("<start name=\"pci_drv\">").And.Not.Contain("never"));
        Assert.That(tool.Config, Does.StartWith("\n<config>\n\t<parent-provides>").And.EndWith("</config>\n"));
        Assert.That(tool.Config!.IndexOf("timer", StringComparison.Ordinal), Is.LessThan(tool.Config.IndexOf("pci_drv", StringComparison.Ordinal)));
        Assert.That(host.Interpreter.GetVariable("qemu_args"), Is.EqualTo("-nographic -m 64"));
        Assert.That(host.Interpreter.GetVariable("arch_note"), Is.EqualTo("x86 build"));
        Assert.That(host.Interpreter.GetVariable("output"), Is.EqualTo("[init -> test-signal] --- signalling test finished ---"));
        Assert.That(host.Output.ToString(), Is.EqualTo("Test succeeded\n"));
    }

    [Test]
    public void Signal_run_script_on_arm()
    {
        var host = new TclTestHost();
        var tool = new FakeRunTool(host, "arm");
        host.Interpreter.Evaluate(SignalRun, "os/run/signal.run");
        Assert.That(tool.BootModules, Is.EqualTo(new[] { "core", "init", "timer", "test-signal", "arm_only" }));
        Assert.That(tool.Config, Does.Contain("<start name=\"never\"/>").And.Not.Contain("pci_drv"));
        Assert.That(host.Interpreter.GetVariable("arch_note"), Is.EqualTo("arm build"));
    }

    [Test]
    public void Skipped_platform_exits_with_zero()
    {
        const string script = """
            if {[have_spec linux] || [have_spec nova]} {
            	puts "Platform doea not support managed dataspaces"; exit }
            build "core init test/rm_fault"
            """;
        var host = new TclTestHost();
        var tool = new FakeRunTool(host, "linux");
        var outcome = host.Interpreter.Evaluate(script, "base/run/rm_fault.run");
        Assert.That((outcome.Exited, outcome.ExitCode), Is.EqualTo((true, 0)));
        Assert.That(tool.Builds, Is.Empty);
        Assert.That(host.Output.ToString(), Is.EqualTo("Platform doea not support managed dataspaces\n"));
    }

    [Test]
    public void Env_file_procs_are_overridden_by_later_definitions()
    {
        // The run tool sources its own stubs first, then the platform env redefines them.
        var host = new TclTestHost();
        host.Eval("proc run_genode_until {{wait_for_re forever} {timeout_value 0}} { puts stub; exit -3 }", "tool/run");
        host.Eval("proc run_genode_until {{wait_for_re forever} {timeout_value 0}} { global output; set output \"re=$wait_for_re t=$timeout_value\" }", "base-linux/run/env");
        host.Eval("run_genode_until {.*Test ended.*} 10", "base/run/util_mmio.run");
        Assert.That(host.Interpreter.GetVariable("output"), Is.EqualTo("re=.*Test ended.* t=10"));
    }

    [Test]
    public void Failing_compare_exits_with_minus_one()
    {
        var host = new TclTestHost();
        _ = new FakeRunTool(host, "x86");
        var outcome = host.Interpreter.Evaluate("run_genode_until {.*} 1\ncompare_output_to {something else}", "x.run");
        Assert.That(outcome.ExitCode, Is.EqualTo(-1));
    }

    [Test]
    public void Append_if_and_lappend_if_accept_expressions_and_multiple_values()
    {
        Assert.That(TclTestHost.Run("set c a; append_if {1 == 1} c b c; append_if 0 c X; set c"), Is.EqualTo("abc"));
        Assert.That(TclTestHost.Run("set l {x}; lappend_if true l {y z} w; lappend_if no l v; set l"), Is.EqualTo("x {y z} w"));
        Assert.That(TclTestHost.Fail("append_if maybe c x").Message, Is.EqualTo("invalid bareword \"maybe\""));
    }
}
