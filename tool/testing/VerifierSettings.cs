using System.Collections.Immutable;

namespace Framework.Testing;

/// <summary>
/// Scrubbers applied to every <see cref="Verifier.Verify"/> call of the process, after the per-call
/// ones. Register them once in a <c>[ModuleInitializer]</c> of the test assembly, as with Verify.
/// </summary>
/// <remarks>
/// This is process-wide mutable state, which the framework otherwise avoids. It is accepted here
/// only because it is confined to test assemblies, mirrors Verify's <c>VerifierSettings</c> (so the
/// later package swap keeps call sites), and is written once before any test runs. Prefer passing a
/// <see cref="VerifySettings"/> to the call: it keeps a test's output rules next to the test.
/// </remarks>
public static class VerifierSettings
{
    private static readonly Lock Gate = new();
    // Copy-on-write: readers take a snapshot without locking, even if NUnit runs tests in parallel.
    private static ImmutableArray<Func<string, string>> s_scrubbers = [];

    internal static ImmutableArray<Func<string, string>> Scrubbers => s_scrubbers;

    /// <inheritdoc cref="VerifySettings.ScrubLinesContaining(string[])"/>
    public static void ScrubLinesContaining(params string[] stringToMatch) =>
        AddScrubber(LineScrubbers.LinesContaining(StringComparison.OrdinalIgnoreCase, stringToMatch));

    /// <inheritdoc cref="VerifySettings.ScrubLinesContaining(StringComparison, string[])"/>
    public static void ScrubLinesContaining(StringComparison comparison, params string[] stringToMatch) =>
        AddScrubber(LineScrubbers.LinesContaining(comparison, stringToMatch));

    /// <inheritdoc cref="VerifySettings.ScrubLines"/>
    public static void ScrubLines(Func<string, bool> removeLine) => AddScrubber(LineScrubbers.Lines(removeLine));

    /// <inheritdoc cref="VerifySettings.ScrubLinesWithReplace"/>
    public static void ScrubLinesWithReplace(Func<string, string?> replaceLine) =>
        AddScrubber(LineScrubbers.LinesWithReplace(replaceLine));

    /// <inheritdoc cref="VerifySettings.ScrubReplace"/>
    public static void ScrubReplace(string find, string replacement) => AddScrubber(LineScrubbers.Replace(find, replacement));

    /// <inheritdoc cref="VerifySettings.ScrubEmptyLines"/>
    public static void ScrubEmptyLines() => AddScrubber(LineScrubbers.EmptyLines());

    /// <inheritdoc cref="VerifySettings.AddScrubber"/>
    public static void AddScrubber(Func<string, string> scrubber)
    {
        ArgumentNullException.ThrowIfNull(scrubber);
        lock (Gate)
            s_scrubbers = s_scrubbers.Add(scrubber);
    }

    /// <summary>Lets this library's own tests undo a registration; not part of Verify's API.</summary>
    internal static void RemoveScrubber(Func<string, string> scrubber)
    {
        lock (Gate)
            s_scrubbers = s_scrubbers.Remove(scrubber);
    }
}
