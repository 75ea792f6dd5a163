namespace Framework.Testing.Tests;

/// <summary>The public entry points, with the real environment.</summary>
public sealed class VerifierTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void Verify_passes_on_a_match()
    {
        var settings = new VerifySettings().UseDirectory(_temp.Path);
        SnapshotFiles.Write(_temp.File("VerifierTests.Verify_passes_on_a_match.verified.txt"), "content");

        Verifier.Verify("content\r\n", settings: settings);
    }

    [Test]
    public void VerifyXml_uses_the_xml_extension()
    {
        var settings = new VerifySettings().UseDirectory(_temp.Path);
        SnapshotFiles.Write(_temp.File("VerifierTests.VerifyXml_uses_the_xml_extension.verified.xml"), "<a />");

        Verifier.VerifyXml("<a />", settings);
    }

    [Test]
    public void Verify_fails_the_test_on_a_mismatch()
    {
        // Locally, Verify_AutoVerify=true would accept instead of failing; that path is covered in FlowTests.
        var environment = VerifyEnvironment.Process;
        Assume.That(environment.AutoVerifyRequested && environment.BuildServerVariable is null, Is.False);
        var settings = new VerifySettings().UseDirectory(_temp.Path);

        var message = SnapshotChecksTests.FailureOf(() => Verifier.Verify("new", settings: settings));

        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("\nNew:\n  - Received: VerifierTests.Verify_fails_the_test_on_a_mismatch.received.txt"));
            Assert.That(File.Exists(_temp.File("VerifierTests.Verify_fails_the_test_on_a_mismatch.received.txt")), Is.True);
        });
    }

    /// <summary>
    /// Dogfood: the failure layout is itself a snapshot, committed next to this file. It shows the
    /// naming, the scrubbers ({TempPath}) and the message format in one reviewable file.
    /// </summary>
    [Test]
    public void Failure_message_layout()
    {
        var settings = new VerifySettings().UseDirectory(_temp.Path).UseFileName("Layout");
        SnapshotFiles.Write(_temp.File("Layout.verified.txt"), string.Join('\n', Enumerable.Range(1, 12).Select(i => $"line {i}")));
        var received = string.Join('\n', Enumerable.Range(1, 12).Select(i => i == 6 ? "  line six" : $"line {i}"));

        var result = Snapshot.Run(received, _temp.SourceFile, settings);

        // Windows prints '\' after {TempPath}; the snapshot is the same on every OS.
        Verifier.Verify(result.FailureMessage!, settings: new VerifySettings().ScrubReplace("\\", "/"));
    }
}
