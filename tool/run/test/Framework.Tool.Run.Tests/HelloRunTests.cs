namespace Framework.Tool.Run.Tests;

/// <summary>
/// run/hello.run end to end through the same engine as the command line: build, boot image, boot,
/// output check. The script runs once for the fixture; the other tests reuse its image.
/// </summary>
public sealed class HelloRunTests
{
    private RunScriptResult _first = null!;
    private byte[] _firstImage = [];

    private static string ImagePath => Path.Combine(TestTree.Root, "build", "var", "run", "hello", "image.boot");

    private static string Script => Path.Combine(TestTree.Root, "run", "hello.run");

    [OneTimeSetUp]
    public void RunHelloOnce()
    {
        _first = RunScript.Execute(Script, new RunOptions { Verbose = true });
        _firstImage = File.Exists(ImagePath) ? File.ReadAllBytes(ImagePath) : [];
    }

    [Test]
    public void Hello_run_exits_0_and_prints_the_scenario_log()
    {
        Assert.That(_first.ExitCode, Is.Zero, _first.ErrorOutput);
        Assert.That(_first.OutputLines, Is.EqualTo(TestTree.HelloLines.Append("Test succeeded")));
        Assert.That(_first.OutputVariable.TrimEnd('\n').Split('\n'), Is.EqualTo(TestTree.HelloLines));
    }

    [Test]
    public void Build_progress_and_boot_modules_go_to_the_error_stream()
    {
        Assert.That(_first.ErrorOutput, Does.Contain("building 5 projects...\n"));
        Assert.That(_first.ErrorOutput, Does.Match(@"done in [0-9]+\.[0-9] s\n"));
        Assert.That(_first.ErrorOutput, Does.Contain("target 'hello': os/src/hello/api/Hello.Api.csproj, os/src/hello/client/hello_client.csproj, os/src/hello/server/hello_server.csproj"));
        Assert.That(_first.ErrorOutput, Does.Match(@"  hello_server +[0-9]+ bytes"));
    }

    [Test]
    public void Boot_image_holds_the_binaries_their_library_and_the_config_but_no_framework()
    {
        var image = BootImage.Load(ImagePath);

        Assert.That(image.Modules.Select(m => m.Name), Is.EqualTo(new[] { "Framework.Os.Api.dll", "Hello.Api.dll", "config", "hello_client", "hello_server", "init" }));
    }

    [Test]
    public void Building_twice_gives_a_byte_identical_boot_image()
    {
        var second = RunScript.Execute(Script);

        Assert.That(second.ExitCode, Is.Zero, second.ErrorOutput);
        Assert.That(File.ReadAllBytes(ImagePath), Is.EqualTo(_firstImage));
    }

    [Test]
    public void Boot_mode_boots_the_saved_image_again()
    {
        var result = RunImage.Execute(ImagePath, "hello test completed", 10);

        Assert.That(result.ExitCode, Is.Zero, result.ErrorOutput);
        Assert.That(result.OutputLines, Is.EqualTo(TestTree.HelloLines.Take(4)));
    }

    [Test]
    public void Boot_mode_fails_when_the_system_goes_idle_first()
    {
        var result = RunImage.Execute(ImagePath, "never printed", 10);

        Assert.That(result.ExitCode, Is.EqualTo(RunScript.ExitScriptError));
        Assert.That(result.ErrorOutput, Does.StartWith("run: system idle before the expected output appeared"));
        Assert.That(result.OutputLines, Is.EqualTo(TestTree.HelloLines));
    }

    [Test]
    public void Scenario_api_runs_until_a_match_and_continues_to_idle()
    {
        var system = Scenario.Boot(BootImage.Load(ImagePath), kernel: "native");

        var first = system.RunUntil(@"added \d+ \+ \d+ = (\d+)", TimeSpan.FromSeconds(10));
        Assert.That(first.Status, Is.EqualTo(RunStatus.Matched));
        Assert.That(first.Match!.Groups[1].Value, Is.EqualTo("27"));
        Assert.That(system.Log, Is.EqualTo(TestTree.HelloLines.Take(3)), "the run stops at the matching line");

        var rest = system.RunUntilIdle();
        Assert.That(rest.Status, Is.EqualTo(RunStatus.Idle));
        Assert.That(rest.Output, Is.EqualTo(string.Concat(TestTree.HelloLines.Skip(3).Select(l => l + "\n"))));
        Assert.That(system.Log, Is.EqualTo(TestTree.HelloLines));
        Assert.That(system.Now, Is.GreaterThanOrEqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Scenario_api_reports_idle_with_the_log_so_far()
    {
        var system = Scenario.Boot(BootImage.Load(ImagePath));

        var outcome = system.RunUntil("never printed", TimeSpan.FromSeconds(10));

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Idle));
        Assert.That(outcome.Log, Is.EqualTo(TestTree.HelloLines));
    }

    [Test]
    public void Spawn_id_continues_the_running_system()
    {
        var result = TestTree.Run("hello_continue", """
            create_boot_directory
            install_config [exec cat [file join [genode_dir] build var run hello genode config]]
            build_boot_image { core init hello_server hello_client }
            set spawn_id [run_genode_until {I am here} 10]
            set first $output
            run_genode_until {exited with exit value 0} 10 $spawn_id
            puts "first: [llength [split [string trim $first] \n]] lines, then: [llength [split [string trim $output] \n]] lines"
            """);

        Assert.That(result.ExitCode, Is.Zero, result.ErrorOutput);
        Assert.That(result.ErrorOutput, Does.Contain("note: boot module 'init' was not built by a 'build' command; building os/src/init/init.csproj"));
        Assert.That(result.OutputLines, Is.EqualTo(TestTree.HelloLines.Append("first: 2 lines, then: 3 lines")));
    }

    [Test]
    public void Trace_lines_go_to_the_error_stream_with_their_prefix()
    {
        var result = RunImage.Execute(ImagePath, "hello test completed", 10, new RunOptions { Trace = true });

        Assert.That(result.ExitCode, Is.Zero, result.ErrorOutput);
        var lines = result.ErrorOutput.TrimEnd('\n').Split('\n');
        Assert.That(lines, Is.Not.Empty);
        Assert.That(lines, Has.All.StartWith("[trace] "));
        Assert.That(result.OutputLines, Is.EqualTo(TestTree.HelloLines.Take(4)));
    }
}
