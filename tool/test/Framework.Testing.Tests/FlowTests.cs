namespace Framework.Testing.Tests;

public sealed class FlowTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private VerifySettings Settings() => new VerifySettings().UseDirectory(_temp.Path);

    private VerifyResult Run(string actual, IReadOnlyDictionary<string, string>? environment = null) =>
        Snapshot.Run(actual, _temp.SourceFile, Settings(), environment);

    private void WriteVerified(string text) =>
        SnapshotFiles.Write(SnapshotNaming.For(TestIdentity.FromNUnit(), Settings(), _temp.SourceFile, "txt").Verified, text);

    [Test]
    public void A_missing_verified_file_fails_as_New_and_writes_the_received_file()
    {
        var result = Run("line 1\nline 2");

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(VerifyOutcome.New));
            Assert.That(File.Exists(result.Paths.Verified), Is.False);
            Assert.That(File.ReadAllText(result.Paths.Received), Is.EqualTo("line 1\nline 2"));
            Assert.That(result.FailureMessage, Does.StartWith(
                $"Directory: {_temp.Path}\n"
                + "New:\n"
                + "  - Received: FlowTests.A_missing_verified_file_fails_as_New_and_writes_the_received_file.received.txt\n"
                + "    Verified: FlowTests.A_missing_verified_file_fails_as_New_and_writes_the_received_file.verified.txt\n"));
            Assert.That(result.FailureMessage, Does.Contain("+ line 1\n+ line 2"));
        });
    }

    [Test]
    public void A_match_passes_and_deletes_a_stale_received_file()
    {
        WriteVerified("same");
        Assert.That(Run("different").Passed, Is.False);

        var result = Run("same");

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(VerifyOutcome.Matched));
            Assert.That(result.FailureMessage, Is.Null);
            Assert.That(File.Exists(result.Paths.Received), Is.False);
        });
    }

    [Test]
    public void A_mismatch_fails_as_NotEqual_with_an_inline_diff()
    {
        WriteVerified("keep\nold\n  indented");

        var result = Run("keep\nnew\nindented");

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(VerifyOutcome.NotEqual));
            Assert.That(result.FailureMessage, Does.Contain("\nNotEqual:\n  - Received: "));
            // Whitespace is significant: the indentation change shows up.
            Assert.That(result.FailureMessage, Does.Contain("  keep\n- old\n-   indented\n+ new\n+ indented"));
            Assert.That(result.FailureMessage, Does.Contain("Verify_AutoVerify=true"));
            Assert.That(File.ReadAllText(result.Paths.Verified), Is.EqualTo("keep\nold\n  indented"));
            Assert.That(File.ReadAllText(result.Paths.Received), Is.EqualTo("keep\nnew\nindented"));
        });
    }

    [Test]
    public void AutoVerify_accepts_locally_and_passes()
    {
        WriteVerified("old");

        var result = Run("new", Snapshot.AutoVerify);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(VerifyOutcome.Accepted));
            Assert.That(result.Passed, Is.True);
            Assert.That(File.ReadAllText(result.Paths.Verified), Is.EqualTo("new"));
            Assert.That(File.Exists(result.Paths.Received), Is.False);
        });
    }

    [Test]
    public void AutoVerify_creates_a_missing_verified_file()
    {
        var result = Run("first", Snapshot.AutoVerify);

        Assert.That(File.ReadAllText(result.Paths.Verified), Is.EqualTo("first"));
    }

    [TestCase("CI", "true")]
    [TestCase("CI", "1")]
    [TestCase("GITHUB_ACTIONS", "true")]
    [TestCase("TF_BUILD", "True")]
    [TestCase("JENKINS_URL", "http://jenkins")]
    public void AutoVerify_is_refused_on_a_build_server(string variable, string value)
    {
        WriteVerified("old");
        var environment = new Dictionary<string, string> { ["Verify_AutoVerify"] = "true", [variable] = value };

        var result = Run("new", environment);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(VerifyOutcome.NotEqual));
            Assert.That(result.FailureMessage, Does.Contain($"acceptance is refused on CI (build server detected through {variable})"));
            Assert.That(File.ReadAllText(result.Paths.Verified), Is.EqualTo("old"));
            Assert.That(File.ReadAllText(result.Paths.Received), Is.EqualTo("new"));
        });
    }

    [Test]
    public void A_match_passes_on_a_build_server_even_with_AutoVerify_set()
    {
        WriteVerified("same");
        var environment = new Dictionary<string, string> { ["Verify_AutoVerify"] = "true", ["CI"] = "true" };

        Assert.That(Run("same", environment).Outcome, Is.EqualTo(VerifyOutcome.Matched));
    }

    [TestCase("false")]
    [TestCase("0")]
    [TestCase("")]
    public void CI_switched_off_is_no_build_server(string value)
    {
        var environment = new Dictionary<string, string> { ["Verify_AutoVerify"] = "true", ["CI"] = value };

        Assert.That(Run("x", environment).Outcome, Is.EqualTo(VerifyOutcome.Accepted));
    }

    [TestCase("false")]
    [TestCase("1")]
    [TestCase("yes")]
    public void Only_true_requests_AutoVerify(string value)
    {
        var environment = new Dictionary<string, string> { ["Verify_AutoVerify"] = value };

        Assert.That(Run("x", environment).Outcome, Is.EqualTo(VerifyOutcome.New));
    }

    [Test]
    public void The_snapshot_directory_is_created_when_needed()
    {
        var nested = _temp.File("a/b");

        var result = Snapshot.Run("x", _temp.SourceFile, new VerifySettings().UseDirectory(nested));

        Assert.That(File.Exists(Path.Combine(nested, Path.GetFileName(result.Paths.Received))), Is.True);
    }
}
