using Framework.Backends;
namespace Framework.Tool.Run.Tests;

/// <summary>The run-script commands that need no build: conditionals, specs, output checks, errors and their locations.</summary>
public sealed class RunScriptCommandTests
{
    [Test]
    public void Append_if_and_lappend_if_append_only_when_the_condition_holds()
    {
        var result = TestTree.Run("append_if", """
            set config "<config>"
            append_if [have_spec x86] config "<x86/>"
            append_if [have_spec arm] config "<arm/>"
            append config "</config>"
            set modules { core init }
            lappend_if [have_spec native] modules timer
            lappend_if [have_spec foc] modules fiasco
            puts $config
            puts $modules
            """);

        Assert.That(result.ExitCode, Is.Zero, result.ErrorOutput);
        Assert.That(result.OutputLines, Is.EqualTo(new[] { "<config><x86/></config>", "core init timer" }));
    }

    [TestCase("x86", true)]
    [TestCase("x86_64", true)]
    [TestCase("native", true)]
    [TestCase("hosted", true)]
    [TestCase("foc", false)]
    [TestCase("arm", false)]
    [TestCase("linux", false)]
    public void Have_spec_knows_the_hosted_platform_and_the_kernel(string spec, bool expected)
    {
        var result = TestTree.Run("have_spec", $"puts [have_spec {spec}]");

        Assert.That(result.ExitCode, Is.Zero, result.ErrorOutput);
        Assert.That(result.OutputLines, Is.EqualTo(new[] { expected ? "1" : "0" }));
    }

    [Test]
    public void Compare_output_to_accepts_trimmed_equal_lines_and_reports_success()
    {
        var result = TestTree.Run("compare_ok", """
            set output "  \[init -> a\] one  \n\[init -> a\] two\n"
            compare_output_to {
                [init -> a] one
                [init -> a] two
            }
            """);

        Assert.That(result.ExitCode, Is.Zero, result.ErrorOutput);
        Assert.That(result.OutputLines, Is.EqualTo(new[] { "Test succeeded" }));
    }

    [Test]
    public void Compare_output_to_mismatch_names_the_script_line_and_shows_a_diff()
    {
        var path = TestTree.WriteScript("compare_bad", """
            set output "a\nb\nc"
            puts "checking"
            compare_output_to {
                a
                B
                c
            }
            puts "not reached"
            """);

        var result = RunScript.Execute(path, new RunOptions { GenodeDirectory = TestTree.Root });

        Assert.That(result.ExitCode, Is.EqualTo(RunScript.ExitScriptError));
        Assert.That(result.OutputLines, Is.EqualTo(new[] { "checking" }));
        Assert.That(result.ErrorOutput, Does.StartWith($"run: {path}:3: compare_output_to: output does not match"));
        Assert.That(result.ErrorOutput, Does.Contain("first difference at line 2"));
        Assert.That(result.ErrorOutput, Does.Contain("  expected: B\n  actual:   b"));
        Assert.That(result.ErrorOutput, Does.Contain("  a\n- B\n+ b\n  c"));
    }

    [Test]
    public void Compare_output_to_reports_missing_lines()
    {
        var result = TestTree.Run("compare_short", """
            set output "a"
            compare_output_to { a
                b }
            """);

        Assert.That(result.ExitCode, Is.EqualTo(RunScript.ExitScriptError));
        Assert.That(result.ErrorOutput, Does.Contain("actual:   (end of output)"));
    }

    [Test]
    public void Grep_output_keeps_the_matching_lines()
    {
        var result = TestTree.Run("grep", """
            set output "\[init -> a\] x\n\[init -> b\] y\n\[init -> a\] z\n"
            grep_output {\[init -\> a\]}
            puts $output
            """);

        Assert.That(result.ExitCode, Is.Zero, result.ErrorOutput);
        Assert.That(result.OutputLines, Is.EqualTo(new[] { "[init -> a] x", "[init -> a] z" }));
    }

    [Test]
    public void Unify_output_rewrites_with_tcl_replacement_syntax()
    {
        var result = TestTree.Run("unify", """
            set output "took 12 ms\ntook 7 ms"
            unify_output {took ([0-9]+) ms} {took N ms (was \1)}
            puts $output
            """);

        Assert.That(result.ExitCode, Is.Zero, result.ErrorOutput);
        Assert.That(result.OutputLines, Is.EqualTo(new[] { "took N ms (was 12)", "took N ms (was 7)" }));
    }

    [Test]
    public void Script_errors_name_file_and_line()
    {
        var path = TestTree.WriteScript("error", "set a 1\n\nproc f {} {\n    no_such_command 1\n}\nf\n");

        var result = RunScript.Execute(path, new RunOptions { GenodeDirectory = TestTree.Root });

        Assert.That(result.ExitCode, Is.EqualTo(RunScript.ExitScriptError));
        Assert.That(result.ErrorOutput, Does.StartWith($"run: {path}:4: invalid command name \"no_such_command\""));
    }

    [Test]
    public void Assert_fails_with_its_message()
    {
        var result = TestTree.Run("assert", "assert {1 + 1 == 2}\nassert {[llength {a b}] == 3} \"two elements only\"\n");

        Assert.That(result.ExitCode, Is.EqualTo(RunScript.ExitScriptError));
        Assert.That(result.ErrorOutput, Does.Contain(":2: assertion failed: two elements only"));
    }

    [Test]
    public void Requires_installation_of_a_missing_program_is_an_error()
    {
        var result = TestTree.Run("requires", "requires_installation_of sh\nrequires_installation_of no-such-program-xyz\n");

        Assert.That(result.ExitCode, Is.EqualTo(RunScript.ExitScriptError));
        Assert.That(result.ErrorOutput, Does.Contain(":2: run script requires the program 'no-such-program-xyz'"));
    }

    [Test]
    public void Exit_ends_the_run_with_its_code()
    {
        var result = TestTree.Run("exit", "puts before\nexit 3\nputs after\n");

        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.OutputLines, Is.EqualTo(new[] { "before" }));
    }

    [Test]
    public void Assert_spec_ends_successfully_when_the_platform_lacks_the_spec()
    {
        var result = TestTree.Run("assert_spec", "assert_spec x86\nassert_spec arm\nputs unreachable\n");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.OutputLines, Is.EqualTo(new[] { "Test requires 'arm'" }));
    }

    [Test]
    public void Unknown_build_target_is_an_error_naming_the_target()
    {
        var result = TestTree.Run("unknown_target", "build { init no/such/target }\n");

        Assert.That(result.ExitCode, Is.EqualTo(RunScript.ExitScriptError));
        Assert.That(result.ErrorOutput, Does.Contain(":1: build: target 'no/such/target' matches no project below any src/ directory"));
    }

    [Test]
    public void Unavailable_kernel_is_a_usage_error()
    {
        var result = TestTree.Run("kernel", "puts never", new RunOptions { Kernel = "nova" });

        Assert.That(result.ExitCode, Is.EqualTo(RunScript.ExitUsage));
        Assert.That(result.ErrorOutput, Is.EqualTo($"run: kernel backend 'nova' is not available yet (available: {string.Join(", ", KernelBackends.Names)})\n"));
        Assert.That(result.Output, Is.Empty);
    }

    [Test]
    public void Run_genode_until_without_a_boot_image_is_an_error()
    {
        var result = TestTree.Run("no_image_" + Guid.NewGuid().ToString("N")[..8], "run_genode_until {x} 1\n");

        Assert.That(result.ExitCode, Is.EqualTo(RunScript.ExitScriptError));
        Assert.That(result.ErrorOutput, Does.Contain(":1: run_genode_until: there is no boot image: call build_boot_image first"));
    }

    [Test]
    public void Run_name_and_run_dir_follow_the_script_name()
    {
        var result = TestTree.Run("names", "puts [run_name]\nputs [file tail [run_dir]]\nputs [expr {[genode_dir] eq $genode_dir}]\n");

        Assert.That(result.ExitCode, Is.Zero, result.ErrorOutput);
        Assert.That(result.OutputLines, Is.EqualTo(new[] { "names", "names", "1" }));
    }
}
