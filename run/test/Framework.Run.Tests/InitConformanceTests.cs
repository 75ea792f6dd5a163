namespace Framework.Run.Tests;

/// <summary>
/// Genode's init test (conformance.md 2.2-2.6): test-init drives a nested init through the 228
/// steps of ../shared/data/genode/init_test_steps.xml, booted with the composition of
/// run/init.run (read from that script, so both run the same thing).
/// </summary>
[TestFixtureSource(typeof(Kernels), nameof(Kernels.All))]
public sealed class InitConformanceTests(string kernel)
{
    /// <summary>Virtual time the whole test may take; Genode's runtime allows 332 s.</summary>
    private const ulong TimeLimitUs = 600_000_000;

    private List<string> RunTheSteps()
    {
        var data = OsScenario.GenodeData();
        if (data is null)
            Assert.Ignore("skipped: ../shared/data/genode is absent");
        var repo = RunScripts.RepositoryRoot();
        var config = RunScripts.InstalledConfig("init.run");
        return OsScenario.Run(kernel, config, TimeLimitUs, new Dictionary<string, string>
        {
            ["test-init.config"] = File.ReadAllText(Path.Combine(data!, "init_test_steps.xml")),
            ["init_test_overlay.xml"] = File.ReadAllText(Path.Combine(repo, "run", "init_test_overlay.xml")),
        }).Log;
    }

    [Test]
    public void Test_init_passes_all_steps()
    {
        var log = RunTheSteps();
        var failure = log.FirstOrDefault(l => l.StartsWith("[init -> test-init] Error:", StringComparison.Ordinal));
        Assert.That(log, Does.Contain("[init] child \"test-init\" exited with exit value 0"),
            (failure ?? "no step failed, but the test did not finish") + "\n--- last lines ---\n" + string.Join("\n", log.TakeLast(80)));
    }

    [Test]
    public void The_run_script_installs_a_config_with_the_runtimes_children_and_a_timer()
    {
        var config = RunScripts.InstalledConfig("init.run");
        var node = Framework.Util.XmlNode.Parse(config);
        var starts = node.SubNodesOfType("start").Select(s => s.Attribute("name", "")).ToList();
        Assert.That(starts, Is.EqualTo(new[] { "timer", "report_rom", "test-init", "init" }));
    }

    [Test]
    public void The_overlay_fits_the_step_script()
    {
        var data = OsScenario.GenodeData();
        if (data is null)
            Assert.Ignore("skipped: ../shared/data/genode is absent");
        var steps = Framework.Util.XmlNode.Parse(File.ReadAllText(Path.Combine(data!, "init_test_steps.xml")));
        var overlay = Framework.Util.XmlNode.Parse(File.ReadAllText(RunScripts.Script("init_test_overlay.xml")));
        Assert.That(steps.NumSubNodes, Is.EqualTo(228));
        foreach (var replace in overlay.SubNodesOfType("replace"))
        {
            var index = replace.Attribute("step", -1);
            Assert.That(steps.SubNodes[index].Type, Is.EqualTo(replace.Attribute("type", "")), $"step {index}");
        }
    }
}
