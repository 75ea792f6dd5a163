namespace Framework.Core.Verifier;

/// <summary>
/// Checks a component's image, and the libraries it loads from ROM, before core loads it
/// (Singularity's load-time verification of software-isolated processes, for hosted .NET).
/// </summary>
/// <remarks>
/// Results are cached by the SHA-256 of each image inside this object, so the 1,000th child of
/// one binary costs a hash and a lookup. The cache holds at most <see cref="CacheCapacity"/>
/// images (the oldest goes first), so hostile parents feeding endless new images cannot grow it.
/// Not thread-safe: core calls it from its entrypoint, one call at a time.
/// </remarks>
public sealed class ComponentVerifier
{
    /// <summary>Images whose reports are kept.</summary>
    public const int CacheCapacity = 256;

    /// <summary>Libraries followed per component (a chain of ROM libraries longer than this is refused).</summary>
    public const int MaxLibraries = 64;

    private readonly AllowList _allow;
    private readonly Refusals _refusals;
    private readonly Dictionary<string, ImageReport> _cache = new(StringComparer.Ordinal);
    private readonly Queue<string> _age = new();

    public ComponentVerifier(VerificationPolicy policy)
    {
        Policy = policy;
        _allow = AllowList.Default();
        _refusals = Refusals.Default();
    }

    public VerificationPolicy Policy { get; }

    /// <summary>How many images have been verified (not served from the cache) since construction.</summary>
    public int ImagesVerified { get; private set; }

    /// <summary>How many image reports the cache holds.</summary>
    public int CachedImages => _cache.Count;

    /// <summary>
    /// Verifies the binary <paramref name="image"/> that <paramref name="component"/> (its label,
    /// e.g. "init -> evil") is to run as <paramref name="binary"/>. <paramref name="library"/>
    /// returns the bytes the loader would load for an assembly name (the ROM module
    /// "&lt;name&gt;.dll"), or null. Never throws for bad input: a malformed image is a violation.
    /// </summary>
    public VerificationResult Verify(string component, string binary, ReadOnlySpan<byte> image, Func<string, byte[]?> library)
    {
        var sha = TrustedImage.Hash(image);
        if (Policy.TrustedBySha256(sha) is { } trusted)
            return new VerificationResult(component, binary, sha, Verdict.Trusted, [binary], [], trusted.Name);

        var main = Report(sha, image, isLibrary: false);
        var images = new List<string> { main.AssemblyName };
        var violations = new List<Violation>(main.Violations.Select(v => v with { Component = component }));
        var pending = new Queue<(string Name, string From)>(main.Libraries.Select(l => (l, main.AssemblyName)));
        var seen = new HashSet<string>(main.Libraries, StringComparer.Ordinal) { main.AssemblyName };
        while (pending.TryDequeue(out var next))
        {
            if (images.Count > MaxLibraries)
            {
                violations.Add(new Violation(component, next.From, "assembly " + next.From, null, "references", next.Name, Rule.Reference,
                    $"a component may load at most {MaxLibraries} libraries"));
                break;
            }
            var bytes = library(next.Name);
            if (bytes is null)
            {
                violations.Add(new Violation(component, next.From, "assembly " + next.From, null, "references", next.Name, Rule.Reference,
                    $"it is neither a framework assembly nor a library in ROM (\"{next.Name}.dll\"); the loader would look for it among the host's assemblies (core's, the kernel's)")
                { InLibrary = next.From != main.AssemblyName });
                continue;
            }
            var libSha = TrustedImage.Hash(bytes);
            if (Policy.TrustedBySha256(libSha) is not null)
            {
                images.Add(next.Name);
                continue;
            }
            var report = Report(libSha, bytes, isLibrary: true);
            images.Add(report.AssemblyName);
            violations.AddRange(report.Violations.Select(v => v with { Component = component }));
            if (report.AssemblyName != next.Name && report.Violations.All(v => v.Rule != Rule.Malformed))
                violations.Add(new Violation(component, report.AssemblyName, "assembly " + report.AssemblyName, null, "is loaded as", next.Name, Rule.Reference,
                    $"the ROM module \"{next.Name}.dll\" holds the assembly \"{report.AssemblyName}\"") { InLibrary = true });
            foreach (var reference in report.Libraries)
            {
                if (seen.Add(reference))
                    pending.Enqueue((reference, report.AssemblyName));
            }
        }
        return new VerificationResult(component, binary, sha, violations.Count == 0 ? Verdict.Verified : Verdict.Refused, images, violations, null);
    }

    private ImageReport Report(string sha, ReadOnlySpan<byte> image, bool isLibrary)
    {
        var key = (isLibrary ? "lib:" : "bin:") + sha;
        if (_cache.TryGetValue(key, out var cached))
            return cached;
        var report = new ImageChecker(_allow, _refusals, Policy, image.ToArray()).Check(isLibrary);
        ImagesVerified++;
        if (_cache.Count >= CacheCapacity && _age.TryDequeue(out var oldest))
            _cache.Remove(oldest);
        _cache[key] = report;
        _age.Enqueue(key);
        return report;
    }
}
