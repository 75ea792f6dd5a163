namespace Framework.Tool.Run.Tests;

/// <summary>Target resolution, Tcl patterns and the boot image format, without building.</summary>
public sealed class EngineUnitTests
{
    private static ProjectIndex Index { get; } = ProjectIndex.Scan(TestTree.Root);

    private static IEnumerable<string> Resolve(string target) =>
        Index.Resolve(target).Select(p => p.DisplayPath(TestTree.Root));

    [Test]
    public void Targets_select_every_project_below_their_source_path()
    {
        Assert.That(Resolve("hello"), Is.EqualTo(new[]
        {
            "os/src/hello/api/Hello.Api.csproj",
            "os/src/hello/client/hello_client.csproj",
            "os/src/hello/server/hello_server.csproj",
        }));
        Assert.That(Resolve("hello/server"), Is.EqualTo(new[] { "os/src/hello/server/hello_server.csproj" }));
        Assert.That(Resolve("init"), Is.EqualTo(new[] { "os/src/init/init.csproj" }));
        Assert.That(Resolve("core"), Is.EqualTo(new[] { "base/src/core/Framework.Core.csproj" }));
        Assert.That(Resolve("hell"), Is.Empty);
    }

    [Test]
    public void Binaries_are_found_by_assembly_name()
    {
        Assert.That(Index.FindByAssemblyName("hello_server").Select(p => p.SourcePath), Is.EqualTo(new[] { "hello/server" }));
        Assert.That(Index.FindByAssemblyName("Hello.Api").Select(p => p.SourcePath), Is.EqualTo(new[] { "hello/api" }));
    }

    [TestCase("child \"x\" exited with exit value 0", "[init] child \"x\" exited with exit value 0", true)]
    [TestCase(@"\[init -\> test\]", "[init -> test] done", true)]
    [TestCase(".*Test ended.*", "a\nTest ended\nb", true)]
    [TestCase(@"\mend\M", "the end.", true)]
    [TestCase(@"\mend\M", "pending", false)]
    [TestCase("done$", "done\nmore", false)]
    [TestCase("[[:digit:]]+ ms", "took 12 ms", true)]
    public void Tcl_patterns_match_like_tcl(string pattern, string text, bool expected) =>
        Assert.That(TclPattern.ToRegex(pattern).IsMatch(text), Is.EqualTo(expected));

    [Test]
    public void Boot_image_round_trips_and_sorts_modules()
    {
        var image = BootImage.Create([new BootModule("init", [1, 2, 3]), new BootModule("config", "<config/>"u8.ToArray()), new BootModule("A.dll", [])]);

        var again = BootImage.Read(new MemoryStream(image.ToBytes()));

        Assert.That(again.Modules.Select(m => m.Name), Is.EqualTo(new[] { "A.dll", "config", "init" }));
        Assert.That(again.Modules[2].Content, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(again.ToBytes(), Is.EqualTo(image.ToBytes()));
    }

    [Test]
    public void Boot_image_rejects_path_names()
    {
        Assert.That(() => BootImage.Create([new BootModule("../evil", [])]), Throws.ArgumentException);
    }

    [Test]
    public void Loading_something_else_than_a_boot_image_fails_clearly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-an-image-{Guid.NewGuid():N}.boot");
        File.WriteAllText(path, new string('x', 1024));
        try
        {
            var result = RunImage.Execute(path, null, null);
            Assert.That(result.ExitCode, Is.EqualTo(RunScript.ExitUsage));
            Assert.That(result.ErrorOutput, Does.StartWith($"run: cannot load boot image '{path}'"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
