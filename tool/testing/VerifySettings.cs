namespace Framework.Testing;

/// <summary>
/// Per-call options of <see cref="Verifier.Verify"/>, named as in Verify so that a later switch to
/// Verify.NUnit is a package swap. Every method returns the instance so calls can be chained.
/// </summary>
public sealed class VerifySettings
{
    private readonly List<Func<string, string>> _scrubbers = [];

    internal string? Directory { get; private set; }
    internal string? FileName { get; private set; }
    internal string? MethodName { get; private set; }
    internal IReadOnlyList<object?>? Parameters { get; private set; }
    internal IReadOnlyList<string> IgnoredParameters { get; private set; } = [];
    internal IReadOnlyList<Func<string, string>> Scrubbers => _scrubbers;

    /// <summary>
    /// Puts the snapshot files in <paramref name="directory"/>: relative to the test source file's
    /// directory, or absolute. The directory is created when a file is written.
    /// </summary>
    public VerifySettings UseDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
        return this;
    }

    /// <summary>Replaces the whole <c>{Class}.{Method}_{Parameters}</c> prefix of the file names.</summary>
    public VerifySettings UseFileName(string fileName)
    {
        SnapshotNaming.ThrowIfInvalidNamePart(fileName, nameof(fileName));
        if (MethodName is not null)
            throw new InvalidOperationException("UseFileName and UseMethodName are mutually exclusive (as in Verify).");
        FileName = fileName;
        return this;
    }

    /// <summary>Replaces the <c>{Method}</c> part of the file names; class and parameters stay.</summary>
    public VerifySettings UseMethodName(string methodName)
    {
        SnapshotNaming.ThrowIfInvalidNamePart(methodName, nameof(methodName));
        if (FileName is not null)
            throw new InvalidOperationException("UseFileName and UseMethodName are mutually exclusive (as in Verify).");
        MethodName = methodName;
        return this;
    }

    /// <summary>
    /// Overrides the parameter values in the file name (names still come from the test method's
    /// parameters). Needed when arguments have no stable text, e.g. objects without ToString.
    /// </summary>
    public VerifySettings UseParameters(params object?[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
        return this;
    }

    /// <summary>
    /// Leaves the named parameters out of the file name (Verify's <c>IgnoreParameters</c>): every
    /// value of them shares one snapshot, so the test proves they all give the same result (a
    /// scenario on each kernel backend, say).
    /// </summary>
    public VerifySettings IgnoreParameters(params string[] parameterNames)
    {
        ArgumentNullException.ThrowIfNull(parameterNames);
        IgnoredParameters = [.. parameterNames];
        return this;
    }

    /// <summary>Removes every line containing one of the strings, ignoring case (Verify's default).</summary>
    public VerifySettings ScrubLinesContaining(params string[] stringToMatch) =>
        AddScrubber(LineScrubbers.LinesContaining(StringComparison.OrdinalIgnoreCase, stringToMatch));

    /// <summary>Removes every line containing one of the strings under <paramref name="comparison"/>.</summary>
    public VerifySettings ScrubLinesContaining(StringComparison comparison, params string[] stringToMatch) =>
        AddScrubber(LineScrubbers.LinesContaining(comparison, stringToMatch));

    /// <summary>Removes every line for which <paramref name="removeLine"/> returns true.</summary>
    public VerifySettings ScrubLines(Func<string, bool> removeLine) =>
        AddScrubber(LineScrubbers.Lines(removeLine));

    /// <summary>Replaces each line with the result of <paramref name="replaceLine"/>; null removes the line.</summary>
    public VerifySettings ScrubLinesWithReplace(Func<string, string?> replaceLine) =>
        AddScrubber(LineScrubbers.LinesWithReplace(replaceLine));

    /// <summary>Replaces every occurrence of <paramref name="find"/> (ordinal) with <paramref name="replacement"/>.</summary>
    public VerifySettings ScrubReplace(string find, string replacement) =>
        AddScrubber(LineScrubbers.Replace(find, replacement));

    /// <summary>Removes empty and whitespace-only lines.</summary>
    public VerifySettings ScrubEmptyLines() => AddScrubber(LineScrubbers.EmptyLines());

    /// <summary>Appends an arbitrary scrubber; scrubbers run in the order they were added.</summary>
    public VerifySettings AddScrubber(Func<string, string> scrubber)
    {
        ArgumentNullException.ThrowIfNull(scrubber);
        _scrubbers.Add(scrubber);
        return this;
    }
}
