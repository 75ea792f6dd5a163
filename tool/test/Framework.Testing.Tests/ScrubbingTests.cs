namespace Framework.Testing.Tests;

public sealed class ScrubbingTests
{
    private const string Temp = "/var/scratch/";

    private static string Scrub(string text, VerifySettings settings, string? repoRoot = null) =>
        Scrubbing.Apply(text, settings.Scrubbers, repoRoot, Temp);

    private static string Scrub(string text) => Scrub(text, new VerifySettings());

    [Test]
    public void Newlines_are_normalized_and_trailing_newlines_dropped()
    {
        Assert.That(Scrub("a\r\nb\rc\n\n"), Is.EqualTo("a\nb\nc"));
    }

    [Test]
    public void Guids_are_numbered_in_order_of_first_appearance()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var text = $"{second} {first} {second.ToString().ToUpperInvariant()} x{first:N}";

        // The same GUID in another case is the same GUID; the unhyphenated form is left alone.
        Assert.That(Scrub(text), Is.EqualTo($"Guid_1 Guid_2 Guid_1 x{first:N}"));
    }

    [Test]
    public void Guids_inside_longer_hex_runs_are_not_guids()
    {
        const string text = "a00000000-0000-0000-0000-000000000000 00000000-0000-0000-0000-0000000000001";
        Assert.That(Scrub(text), Is.EqualTo(text));
    }

    [Test]
    public void Temp_path_becomes_a_token_only_at_path_boundaries()
    {
        Assert.That(Scrub("/var/scratch/x.txt /var/scratch /var/scratchy /var/scratch.old"),
            Is.EqualTo("{TempPath}/x.txt {TempPath} /var/scratchy /var/scratch.old"));
    }

    [Test]
    public void Repository_root_is_found_from_the_source_file_and_wins_over_the_temp_path()
    // The temp directory's name holds a GUID: paths are replaced before GUIDs so they still match.
    {
        using var temp = new TempDirectory();
        var repo = temp.File("repo");
        Directory.CreateDirectory(Path.Combine(repo, "src", "deep"));
        File.WriteAllText(Path.Combine(repo, "Framework.sln"), "");
        var root = SnapshotNaming.FindRepoRoot(Path.Combine(repo, "src", "deep", "Tests.cs"));

        var scrubbed = Scrubbing.Apply($"{repo}/src/a.cs and {temp.Path}/other", [], root, Path.GetTempPath());

        Assert.Multiple(() =>
        {
            Assert.That(root, Is.EqualTo(repo));
            Assert.That(scrubbed, Is.EqualTo("{SolutionDirectory}/src/a.cs and {TempPath}/snapshot-tests-Guid_1/other"));
        });
    }

    [Test]
    public void Without_Framework_sln_there_is_no_repository_root()
    {
        using var temp = new TempDirectory();
        Assert.That(SnapshotNaming.FindRepoRoot(temp.SourceFile), Is.Null);
    }

    [Test]
    public void A_bare_root_is_never_replaced()
    {
        Assert.That(Scrubbing.Apply("/etc/hosts", [], "/", "/"), Is.EqualTo("/etc/hosts"));
    }

    [Test]
    public void ScrubLinesContaining_ignores_case_by_default()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Scrub("keep\nDROP me\nkeep too", new VerifySettings().ScrubLinesContaining("drop")), Is.EqualTo("keep\nkeep too"));
            Assert.That(Scrub("keep\nDROP me", new VerifySettings().ScrubLinesContaining(StringComparison.Ordinal, "drop")), Is.EqualTo("keep\nDROP me"));
            Assert.That(() => new VerifySettings().ScrubLinesContaining(""), Throws.ArgumentException);
        });
    }

    [Test]
    public void ScrubLines_removes_matching_lines()
    {
        Assert.That(Scrub("1\n22\n3", new VerifySettings().ScrubLines(l => l.Length > 1)), Is.EqualTo("1\n3"));
    }

    [Test]
    public void ScrubLinesWithReplace_replaces_or_removes_lines()
    {
        var settings = new VerifySettings().ScrubLinesWithReplace(l => l == "x" ? null : l.ToUpperInvariant());
        Assert.That(Scrub("a\nx\nb", settings), Is.EqualTo("A\nB"));
    }

    [Test]
    public void ScrubReplace_replaces_ordinally()
    {
        Assert.That(Scrub("cap 17, Cap 17", new VerifySettings().ScrubReplace("cap 17", "Cap_1")), Is.EqualTo("Cap_1, Cap 17"));
    }

    [Test]
    public void ScrubEmptyLines_removes_blank_and_whitespace_lines()
    {
        Assert.That(Scrub("a\n\n  \nb", new VerifySettings().ScrubEmptyLines()), Is.EqualTo("a\nb"));
    }

    [Test]
    public void Scrubbers_run_in_order_and_see_normalized_newlines()
    {
        var seen = new List<string>();
        var settings = new VerifySettings()
            .AddScrubber(s => { seen.Add(s); return s + "\r\n1"; })
            .AddScrubber(s => { seen.Add(s); return s + "\n2"; });

        var scrubbed = Scrub("x\r\ny", settings);

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.EqualTo(new[] { "x\ny", "x\ny\n1" }));
            Assert.That(scrubbed, Is.EqualTo("x\ny\n1\n2"));
        });
    }

    [Test]
    public void User_scrubbers_see_real_paths_because_directories_are_replaced_last()
    {
        var settings = new VerifySettings().ScrubLinesContaining("/var/scratch");
        Assert.That(Scrub("a\n/var/scratch/file\nb", settings), Is.EqualTo("a\nb"));
    }

    [Test]
    public void Per_call_scrubbers_run_before_global_ones()
    {
        using var temp = new TempDirectory();
        var settings = new VerifySettings().ScrubReplace("a", "b");

        var result = Snapshot.Run("a", temp.SourceFile, settings, globalScrubbers: [s => s.Replace("b", "c", StringComparison.Ordinal)]);

        Assert.That(File.ReadAllText(result.Paths.Received), Is.EqualTo("c"));
    }

    [Test, NonParallelizable]
    public void Global_scrubbers_registered_in_VerifierSettings_apply_to_Verify()
    {
        using var temp = new TempDirectory();
        Func<string, string> scrubber = s => s.Replace("secret", "{Secret}", StringComparison.Ordinal);
        VerifierSettings.AddScrubber(scrubber);
        try
        {
            File.WriteAllText(temp.File("Global.verified.txt"), "token={Secret}");
            Verifier.Verify("token=secret", settings: new VerifySettings().UseDirectory(temp.Path).UseFileName("Global"));
        }
        finally
        {
            VerifierSettings.RemoveScrubber(scrubber);
        }
        Assert.That(VerifierSettings.Scrubbers, Does.Not.Contain(scrubber));
    }
}
