using System.Runtime.CompilerServices;

namespace Framework.Testing;

/// <summary>
/// Snapshot assertions with Verify.NUnit's names and conventions (see README.md). Synchronous,
/// unlike Verify's <c>Task</c>-returning API: nothing here does I/O worth awaiting, and a test that
/// forgets to await would pass silently.
/// </summary>
public static class Verifier
{
    /// <summary>
    /// Compares <paramref name="actual"/>, scrubbed, with
    /// <c>{dir of source file}/{Class}.{Method}[_param=value...].verified.{extension}</c>.
    /// A mismatch or a missing file writes the <c>.received.</c> file and fails the test with a diff.
    /// </summary>
    public static void Verify(
        string actual,
        string extension = "txt",
        VerifySettings? settings = null,
        [CallerFilePath] string sourceFile = "")
    {
        var result = SnapshotEngine.Run(
            actual, extension, settings, sourceFile, TestIdentity.FromNUnit(), VerifierSettings.Scrubbers, VerifyEnvironment.Process);
        if (result.Outcome == VerifyOutcome.Accepted)
            TestContext.Out.WriteLine($"Accepted snapshot {result.Paths.Verified} ({VerifyEnvironment.AutoVerifyVariable}=true).");
        if (result.FailureMessage is { } message)
            Assert.Fail(message);
    }

    /// <summary><see cref="Verify"/> with the <c>xml</c> extension, so diff tools and git treat the file as XML.</summary>
    public static void VerifyXml(
        string actual,
        VerifySettings? settings = null,
        [CallerFilePath] string sourceFile = "") =>
        Verify(actual, "xml", settings, sourceFile);
}
