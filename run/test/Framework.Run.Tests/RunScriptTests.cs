using Framework.Tool.Run;

namespace Framework.Run.Tests;

/// <summary>
/// Every run script of the repository, executed by the same engine as <c>tool/run/run</c>: the
/// scripts carry the expectations (run_genode_until, compare_output_to), so the tests and the
/// scripts cannot drift apart.
/// </summary>
[NonParallelizable]
[TestFixtureSource(typeof(Kernels), nameof(Kernels.All))]
public sealed class RunScriptTests(string kernel)
{
    private static IEnumerable<TestCaseData> Scripts()
    {
        var run = Path.Combine(RunScripts.RepositoryRoot(), "run");
        foreach (var script in Directory.EnumerateFiles(run, "*.run").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(script);
            yield return new TestCaseData(name).SetName($"run/{name}");
        }
    }

    [TestCaseSource(nameof(Scripts))]
    public void Script_meets_its_expectation(string script)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var result = RunScript.Execute(Path.Combine(RunScripts.RepositoryRoot(), "run", script), new RunOptions { Out = output, Error = errors, Kernel = kernel });
        Assert.That(result.ExitCode, Is.Zero, $"{script} failed:\n{output}\n{errors}");
    }
}
