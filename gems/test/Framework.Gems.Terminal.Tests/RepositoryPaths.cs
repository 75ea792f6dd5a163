namespace Framework.Gems.Terminal.Tests;

/// <summary>Paths inside the repository, found from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
            dir = dir.Parent;
        if (dir is null)
            Assert.Ignore("Framework.sln not found above the test directory");
        return dir!.FullName;
    }

    public static string TestProject() => Path.Combine(Root(), "gems", "test", "Framework.Gems.Terminal.Tests");

    public static string Recordings() => Path.Combine(TestProject(), "Recordings");

    public static byte[] Recording(string name) => File.ReadAllBytes(Path.Combine(Recordings(), name + ".vt"));
}
