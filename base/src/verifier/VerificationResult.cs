namespace Framework.Core.Verifier;

/// <summary>What the verifier decided about one component start.</summary>
public enum Verdict
{
    /// <summary>The image and its ROM libraries were verified and nothing was refused.</summary>
    Verified,

    /// <summary>The image is listed as trusted by the boot image; it was not verified.</summary>
    Trusted,

    /// <summary>At least one violation: the loader must not load the image.</summary>
    Refused,
}

/// <summary>The verifier's answer for one component: a value, never an exception.</summary>
public sealed class VerificationResult
{
    internal VerificationResult(string component, string binary, string sha256, Verdict verdict, IReadOnlyList<string> images,
        IReadOnlyList<Violation> violations, string? trustedAs)
    {
        Component = component;
        Binary = binary;
        Sha256 = sha256;
        Verdict = verdict;
        Images = images;
        Violations = violations;
        TrustedAs = trustedAs;
    }

    public string Component { get; }
    public string Binary { get; }

    /// <summary>The SHA-256 of the binary's bytes, lower-case hex (what a trusted list names).</summary>
    public string Sha256 { get; }

    public Verdict Verdict { get; }

    /// <summary>The loader may load the image (verified or trusted).</summary>
    public bool Allowed => Verdict != Verdict.Refused;

    /// <summary>The images checked: the binary's assembly name, then its ROM libraries in the order they were found.</summary>
    public IReadOnlyList<string> Images { get; }

    /// <summary>Every violation, in image order, then metadata order, then IL offset. Empty unless refused.</summary>
    public IReadOnlyList<Violation> Violations { get; }

    /// <summary>For a trusted image: the name the trusted list gives it.</summary>
    public string? TrustedAs { get; }

    /// <summary>One line for the log: what was decided and why.</summary>
    public string Summary => Verdict switch
    {
        Verdict.Trusted => $"{Component}: binary \"{Binary}\" is trusted (listed as \"{TrustedAs}\", sha256 {Sha256[..16]}...); not verified",
        Verdict.Verified => $"{Component}: binary \"{Binary}\" verified ({Describe(Images)})",
        _ => $"{Component}: binary \"{Binary}\" refused: {Violations.Count} violation{(Violations.Count == 1 ? "" : "s")}, the first: {Violations[0].Message}",
    };

    private static string Describe(IReadOnlyList<string> images) =>
        images.Count == 1 ? images[0] : $"{images[0]} and librar{(images.Count == 2 ? "y" : "ies")} {string.Join(", ", images.Skip(1))}";

    /// <summary>The summary, then every violation on a line of its own.</summary>
    public override string ToString() =>
        string.Join("\n", Violations.Select(v => v.Message).Prepend(Summary));
}
