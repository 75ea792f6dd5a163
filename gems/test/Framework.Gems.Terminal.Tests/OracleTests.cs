using System.Globalization;

namespace Framework.Gems.Terminal.Tests;

/// <summary>
/// The decoder against xterm.js (npm @xterm/headless): the same byte streams go to both, and the
/// screens are compared cell by cell (character, width, colours, rendition) plus the cursor, at
/// every checkpoint of a recording and at the end of every stream. Streams: the recordings in
/// Recordings/ (real program output, see its README) and <see cref="HandWrittenStreams"/>.
/// </summary>
[NonParallelizable]
public sealed class OracleTests
{
    private const int Columns = 80;
    private const int Lines = 24;

    private readonly Dictionary<string, IReadOnlyList<OracleScreen>> _oracle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private string? _temp;

    public static IEnumerable<string> RecordingNames() =>
        Directory.EnumerateFiles(RecordingsDirectory(), "*.vt").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal);

    public static IEnumerable<string> HandWrittenNames() => HandWrittenStreams.All().Select(s => s.Name);

    // TestCaseSource runs outside a test context, so the path is found from the assembly location.
    private static string RecordingsDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
            dir = dir.Parent;
        return dir is null ? AppContext.BaseDirectory : Path.Combine(dir.FullName, "gems", "test", "Framework.Gems.Terminal.Tests", "Recordings");
    }

    [OneTimeSetUp]
    public void RunOracle()
    {
        _temp = Directory.CreateTempSubdirectory("terminal-oracle-").FullName;
        foreach (var name in RecordingNames())
            _files[name] = Path.Combine(RepositoryPaths.Recordings(), name + ".vt");
        foreach (var (name, bytes) in HandWrittenStreams.All())
        {
            string path = Path.Combine(_temp, name + ".vt");
            File.WriteAllBytes(path, bytes);
            _files["hand:" + name] = path;
        }
        var keys = _files.Keys.ToList();
        var screens = XtermOracle.Run(Columns, Lines, [.. keys.Select(k => _files[k])]);
        for (int i = 0; i < keys.Count; i++)
            _oracle[keys[i]] = screens[i];
    }

    [OneTimeTearDown]
    public void RemoveTemp()
    {
        if (_temp is not null)
            Directory.Delete(_temp, recursive: true);
    }

    [TestCaseSource(nameof(RecordingNames))]
    public void Recorded_stream_matches_xterm(string name) => AssertSame(name);

    [TestCaseSource(nameof(HandWrittenNames))]
    public void Hand_written_stream_matches_xterm(string name) => AssertSame("hand:" + name);

    /// <summary>The totals the documentation reports: streams, screens and cells compared.</summary>
    [Test]
    public void Totals()
    {
        int streams = 0, screens = 0;
        long cells = 0, known = 0, unexpected = 0;
        foreach (var key in _oracle.Keys.Order(StringComparer.Ordinal))
        {
            var (s, c, d) = Compare(key);
            streams++;
            screens += s;
            cells += c;
            bool expected = KnownDifferences.All().TryGetValue(key, out var k) && KnownDifferences.Matches(k, d);
            known += expected ? d.Count : 0;
            unexpected += expected ? 0 : d.Count;
        }
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"xterm.js oracle: {streams} streams ({RecordingNames().Count()} recorded, {HandWrittenNames().Count()} hand-written), {screens} screens, {cells} cells compared, {known} known differences, {unexpected} unexpected"));
        Assert.That(unexpected, Is.Zero);
    }

    private void AssertSame(string key)
    {
        var (screens, cells, diffs) = Compare(key);
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: {screens} screens, {cells} cells compared, {diffs.Count} differ"));
        if (KnownDifferences.All().TryGetValue(key, out var known))
        {
            Assert.That(KnownDifferences.Matches(known, diffs), Is.True, () =>
                $"{key}: the differences are no longer the known ones ({known.Reason}); now {diffs.Count}:\n" + string.Join("\n", diffs.Take(25)));
            return;
        }
        Assert.That(diffs, Is.Empty, () => $"{key}: {diffs.Count} differences from xterm.js, first ones:\n" + string.Join("\n", diffs.Take(25)) + $"\nlast: {diffs[^1]}");
    }

    // Feeds the stream to this terminal in the same chunks as to xterm.js and compares every screen.
    private (int Screens, long Cells, List<string> Diffs) Compare(string key)
    {
        var bytes = File.ReadAllBytes(_files[key]);
        var screen = new CharacterScreen(Columns, Lines);
        var decoder = new Decoder(screen);
        var diffs = new List<string>();
        long cells = 0;
        int at = 0;
        foreach (var expected in _oracle[key])
        {
            decoder.Write(bytes.AsSpan(at, expected.Offset - at));
            at = expected.Offset;
            cells += ScreenComparison.CellsPerScreen(screen);
            diffs.AddRange(ScreenComparison.Compare(screen, expected).Select(d => $"@{expected.Offset}: {d}"));
        }
        return (_oracle[key].Count, cells, diffs);
    }
}
