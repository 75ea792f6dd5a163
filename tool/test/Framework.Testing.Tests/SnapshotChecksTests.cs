using NUnit.Framework.Internal;

namespace Framework.Testing.Tests;

public sealed class SnapshotChecksTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void This_repository_follows_the_conventions()
    {
        SnapshotChecks.AssertRepositoryConventions(SnapshotChecks.FindRepositoryRoot());
    }

    [Test]
    public void This_test_project_has_no_dangling_snapshots()
    {
        var projectDirectory = Path.GetDirectoryName(ThisFile())!;
        Assert.That(SnapshotChecks.FindDanglingSnapshots(typeof(SnapshotChecksTests).Assembly, projectDirectory), Is.Empty);
    }

    [Test]
    public void Missing_convention_lines_are_all_listed()
    {
        File.WriteAllText(_temp.File(".gitattributes"), "*.verified.txt   text eol=lf\tworking-tree-encoding=UTF-8\n");

        var message = FailureOf(() => SnapshotChecks.AssertRepositoryConventions(_temp.Path));

        Assert.That(message, Is.EqualTo(
            $"Snapshot conventions are missing in {_temp.Path}:\n"
            + "  .gitattributes: *.verified.xml text eol=lf working-tree-encoding=UTF-8\n"
            + "  .gitattributes: *.verified.bin binary\n"
            + "  .gitignore: *.received.*"));
    }

    [Test]
    public void Dangling_snapshots_are_those_without_a_test_method()
    {
        string[] kept =
        [
            "SnapshotChecksTests.This_repository_follows_the_conventions.verified.txt",
            "SnapshotChecksTests.Dangling_snapshots_are_those_without_a_test_method_x=1.verified.xml",
            "NamingTests.Nested.Nested_classes_are_named_Outer_dot_Inner.verified.txt",
            "FixtureParameterTests.Fixture_arguments_come_before_method_arguments_mode=a.verified.txt",
            "SnapshotChecksTests.Gone.received.txt",
            "bin/Gone.Method.verified.txt",
        ];
        string[] dangling =
        [
            "Gone.Method.verified.txt",
            "SnapshotChecksTests.Removed.verified.txt",
            // A prefix of a real method name is not that method.
            "SnapshotChecksTests.This_repository.verified.txt",
            // SetUp is a method, but not a test.
            "SnapshotChecksTests.SetUp.verified.txt",
            "sub/NamingTests.Removed.verified.txt",
        ];
        foreach (var name in kept.Concat(dangling))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_temp.File(name))!);
            File.WriteAllText(_temp.File(name), "");
        }

        var found = SnapshotChecks.FindDanglingSnapshots(typeof(SnapshotChecksTests).Assembly, _temp.Path);

        Assert.That(found, Is.EquivalentTo(dangling.Select(_temp.File)));
    }

    /// <summary>Runs a failing assertion without failing this test (NUnit records failures in the current result).</summary>
    internal static string FailureOf(TestDelegate action)
    {
        using (new TestExecutionContext.IsolatedContext())
            return Assert.Throws<AssertionException>(action).Message;
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
