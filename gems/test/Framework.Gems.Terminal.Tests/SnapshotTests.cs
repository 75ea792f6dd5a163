using Framework.Testing;

namespace Framework.Gems.Terminal.Tests;

/// <summary>
/// Screen snapshots: the final screen of each recording as text, its rendition runs and the
/// cursor state, in Snapshots/ (Verify's conventions, tool/testing). 12.02's terminal_decoder test
/// printed the same kind of dump after decoding a vim start-up capture.
/// </summary>
public sealed class SnapshotTests
{
    public static IEnumerable<string> Recordings() => OracleTests.RecordingNames();

    [TestCaseSource(nameof(Recordings))]
    public void Final_screen(string recording)
    {
        var screen = new CharacterScreen(80, 24);
        new Decoder(screen).Write(RepositoryPaths.Recording(recording));
        string text = string.Join("\n", ScreenDump.Text(screen).Split('\n').Select(l => "|" + l));
        Verifier.Verify($"{ScreenDump.State(screen)}\n{text}\n--- rendition ---\n{ScreenDump.Attributes(screen)}",
            settings: new VerifySettings().UseDirectory("Snapshots"));
    }
}
