using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Framework.Testing.Tests;

public sealed class NamingTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private SnapshotPaths PathsFor(VerifySettings? settings = null, string extension = "txt") =>
        SnapshotNaming.For(TestIdentity.FromNUnit(), settings ?? new VerifySettings(), _temp.SourceFile, extension);

    [Test]
    public void Files_are_named_after_class_and_method_next_to_the_source_file()
    {
        var paths = PathsFor();

        Assert.Multiple(() =>
        {
            Assert.That(paths.Directory, Is.EqualTo(_temp.Path));
            Assert.That(paths.Verified, Is.EqualTo(_temp.File("NamingTests.Files_are_named_after_class_and_method_next_to_the_source_file.verified.txt")));
            Assert.That(paths.Received, Is.EqualTo(_temp.File("NamingTests.Files_are_named_after_class_and_method_next_to_the_source_file.received.txt")));
        });
    }

    [Test]
    public void The_extension_may_be_given_with_a_dot()
    {
        Assert.That(Path.GetFileName(PathsFor(extension: ".xml").Verified), Does.EndWith(".verified.xml"));
    }

    [TestCase(1.5, "a/b:c", null)]
    public void Parameters_use_invariant_culture_and_clean_file_names(double number, string text, object? nothing)
    {
        var original = CultureInfo.CurrentCulture;
        // InvariantGlobalization forbids named cultures; a clone with ',' as decimal separator stands in for de-DE.
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo.CurrentCulture = comma;
        try
        {
            Assert.That(Path.GetFileName(PathsFor().Verified),
                Is.EqualTo("NamingTests.Parameters_use_invariant_culture_and_clean_file_names_number=1.5_text=a-b-c_nothing=null.verified.txt"));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [TestCase(new[] { 1, 2 })]
    public void Collection_parameters_are_joined_with_commas(int[] values)
    {
        Assert.That(Path.GetFileName(PathsFor().Verified),
            Is.EqualTo("NamingTests.Collection_parameters_are_joined_with_commas_values=1,2.verified.txt"));
    }

    [TestCase("first", 2)]
    public void UseParameters_overrides_values_but_keeps_names(string name, int count)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(PathsFor(new VerifySettings().UseParameters("other", 3)).Verified),
                Is.EqualTo("NamingTests.UseParameters_overrides_values_but_keeps_names_name=other_count=3.verified.txt"));
            Assert.That(Path.GetFileName(PathsFor(new VerifySettings().UseParameters("only")).Verified),
                Is.EqualTo("NamingTests.UseParameters_overrides_values_but_keeps_names_name=only.verified.txt"));
            Assert.That(() => PathsFor(new VerifySettings().UseParameters(1, 2, 3)), Throws.InvalidOperationException);
        });
    }

    [TestCase(7)]
    public void UseMethodName_replaces_only_the_method(int value)
    {
        Assert.That(Path.GetFileName(PathsFor(new VerifySettings().UseMethodName("Renamed")).Verified),
            Is.EqualTo("NamingTests.Renamed_value=7.verified.txt"));
    }

    [TestCase(7)]
    public void UseFileName_replaces_class_method_and_parameters(int value)
    {
        Assert.That(Path.GetFileName(PathsFor(new VerifySettings().UseFileName("Custom")).Verified),
            Is.EqualTo("Custom.verified.txt"));
    }

    [Test]
    public void UseFileName_and_UseMethodName_exclude_each_other()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new VerifySettings().UseFileName("a").UseMethodName("b"), Throws.InvalidOperationException);
            Assert.That(() => new VerifySettings().UseMethodName("b").UseFileName("a"), Throws.InvalidOperationException);
        });
    }

    [TestCase("a/b")]
    [TestCase("a\\b")]
    [TestCase("a:b")]
    [TestCase(" ")]
    public void Names_with_invalid_characters_are_refused(string name)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new VerifySettings().UseFileName(name), Throws.ArgumentException);
            Assert.That(() => new VerifySettings().UseMethodName(name), Throws.ArgumentException);
        });
    }

    [Test]
    public void UseDirectory_is_relative_to_the_source_file_or_absolute()
    {
        var absolute = Path.Combine(_temp.Path, "elsewhere");
        Assert.Multiple(() =>
        {
            Assert.That(PathsFor(new VerifySettings().UseDirectory("snapshots")).Directory, Is.EqualTo(_temp.File("snapshots")));
            Assert.That(PathsFor(new VerifySettings().UseDirectory(absolute)).Directory, Is.EqualTo(absolute));
        });
    }

    [Test]
    public void A_source_path_that_does_not_exist_fails_clearly_unless_the_directory_is_absolute()
    {
        const string mapped = "/_/tool/test/SomeTests.cs"; // what PathMap/ContinuousIntegrationBuild produce
        Assert.Multiple(() =>
        {
            Assert.That(() => SnapshotNaming.For(TestIdentity.FromNUnit(), new VerifySettings(), mapped, "txt"),
                Throws.InvalidOperationException.With.Message.Contains("[CallerFilePath] is mapped"));
            Assert.That(SnapshotNaming.For(TestIdentity.FromNUnit(), new VerifySettings().UseDirectory(_temp.Path), mapped, "txt").Directory,
                Is.EqualTo(_temp.Path));
        });
    }

    [Test]
    public void Outside_a_test_a_file_name_is_required()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => SnapshotNaming.For(null, new VerifySettings(), _temp.SourceFile, "txt"),
                Throws.InvalidOperationException.With.Message.Contains("outside an NUnit test"));
            Assert.That(Path.GetFileName(SnapshotNaming.For(null, new VerifySettings().UseFileName("Standalone"), _temp.SourceFile, "txt").Verified),
                Is.EqualTo("Standalone.verified.txt"));
        });
    }

    [Test]
    public void Generic_arity_is_dropped_from_class_names()
    {
        Assert.That(SnapshotNaming.NameWithParent(typeof(Generic<int>.Inner)), Is.EqualTo("NamingTests.Generic.Inner"));
    }

    public sealed class Nested
    {
        [Test]
        public void Nested_classes_are_named_Outer_dot_Inner()
        {
            using var temp = new TempDirectory();
            var paths = SnapshotNaming.For(TestIdentity.FromNUnit(), new VerifySettings(), temp.SourceFile, "txt");
            Assert.That(Path.GetFileName(paths.Verified),
                Is.EqualTo("NamingTests.Nested.Nested_classes_are_named_Outer_dot_Inner.verified.txt"));
        }
    }

    [SuppressMessage("Design", "CA1812", Justification = "Only its name is used.")]
    private sealed class Generic<T>
    {
        public sealed class Inner;
    }
}

[TestFixture("debug", 2)]
public sealed class FixtureParameterTests(string mode, int level)
{
    [TestCase("x")]
    public void Fixture_arguments_come_before_method_arguments(string arg)
    {
        using var temp = new TempDirectory();
        var paths = SnapshotNaming.For(TestIdentity.FromNUnit(), new VerifySettings(), temp.SourceFile, "txt");
        Assert.That(Path.GetFileName(paths.Verified),
            Is.EqualTo($"FixtureParameterTests.Fixture_arguments_come_before_method_arguments_mode={mode}_level={level}_arg=x.verified.txt"));
    }

    [TestCase("y")]
    public void IgnoreParameters_leaves_the_named_ones_out(string arg)
    {
        using var temp = new TempDirectory();
        var settings = new VerifySettings().IgnoreParameters("mode");
        var paths = SnapshotNaming.For(TestIdentity.FromNUnit(), settings, temp.SourceFile, "txt");
        Assert.That(Path.GetFileName(paths.Verified),
            Is.EqualTo($"FixtureParameterTests.IgnoreParameters_leaves_the_named_ones_out_level={level}_arg=y.verified.txt"));
        Assert.That(mode, Is.EqualTo("debug"), "the fixture argument is still there, only unnamed");
    }
}
