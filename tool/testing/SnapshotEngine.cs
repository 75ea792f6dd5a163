namespace Framework.Testing;

internal enum VerifyOutcome
{
    /// <summary>The received text equals the verified file.</summary>
    Matched,
    /// <summary><c>Verify_AutoVerify=true</c> wrote the received text as the verified file.</summary>
    Accepted,
    /// <summary>No verified file exists; the received file was written.</summary>
    New,
    /// <summary>The verified file differs; the received file was written.</summary>
    NotEqual,
    /// <summary>The verified file cannot be compared (CR line endings, not UTF-8).</summary>
    InvalidVerified,
}

internal sealed record VerifyResult(VerifyOutcome Outcome, SnapshotPaths Paths, string? FailureMessage)
{
    public bool Passed => FailureMessage is null;
}

/// <summary>
/// The compare/accept flow without NUnit's assertion machinery, so tests can inspect a failure
/// without tripping NUnit's "an assertion failed in this test" bookkeeping.
/// </summary>
internal static class SnapshotEngine
{
    public static VerifyResult Run(
        string actual,
        string extension,
        VerifySettings? settings,
        string sourceFile,
        TestIdentity? test,
        IEnumerable<Func<string, string>> globalScrubbers,
        VerifyEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(actual);
        settings ??= new VerifySettings();
        var paths = SnapshotNaming.For(test, settings, sourceFile, extension);
        var received = Scrubbing.Apply(
            actual,
            settings.Scrubbers.Concat(globalScrubbers),
            SnapshotNaming.FindRepoRoot(sourceFile),
            Path.GetTempPath());

        var verified = SnapshotFiles.ReadVerified(paths.Verified);
        if (verified is { Problem: { } problem })
        {
            // Still write the received file: it is the corrected content, ready to be moved over.
            SnapshotFiles.Write(paths.Received, received);
            return new VerifyResult(VerifyOutcome.InvalidVerified, paths,
                $"Verified file {paths.Verified} cannot be compared: {problem}.\n"
                + "Check .gitattributes (*.verified.txt text eol=lf working-tree-encoding=UTF-8) and your editor, "
                + $"then replace it with {Path.GetFileName(paths.Received)}.");
        }

        if (verified is not null && verified.Text == received)
        {
            SnapshotFiles.DeleteIfExists(paths.Received);
            return new VerifyResult(VerifyOutcome.Matched, paths, null);
        }

        string? note = null;
        if (environment.AutoVerifyRequested)
        {
            if (environment.BuildServerVariable is not { } buildServer)
            {
                SnapshotFiles.Write(paths.Verified, received);
                SnapshotFiles.DeleteIfExists(paths.Received);
                return new VerifyResult(VerifyOutcome.Accepted, paths, null);
            }
            // Accepting on CI would make every snapshot test pass vacuously.
            note = $"{VerifyEnvironment.AutoVerifyVariable}=true was ignored: acceptance is refused on CI "
                + $"(build server detected through {buildServer}). Accept locally and commit the .verified. file.";
        }

        SnapshotFiles.Write(paths.Received, received);
        note ??= $"To accept, move the received file over the verified one, or rerun locally with {VerifyEnvironment.AutoVerifyVariable}=true.";
        return new VerifyResult(
            verified is null ? VerifyOutcome.New : VerifyOutcome.NotEqual,
            paths,
            FailureMessage.Build(paths, verified?.Text, received, note));
    }
}
