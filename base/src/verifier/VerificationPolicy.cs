using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Framework.Core.Verifier;

/// <summary>
/// What the verifier takes on trust: the framework assemblies components may call (never
/// verified, never loaded from ROM by name alone), and images the boot image marks as trusted
/// (core's own components, tools such as a benchmark that reads the host clock).
/// </summary>
/// <remarks>
/// A trusted image is named by the SHA-256 of its bytes, not by its binary name: a parent can
/// start any dataspace under any name, so only the content identifies what the integrator
/// trusted. The boot image carries the list as its module "trusted" in the format of
/// <c>sha256sum</c> (see doc/verifier.md), so <c>sha256sum -c trusted</c> in an unpacked boot
/// directory checks it and <c>tar tvf image.boot</c> shows that it is there.
/// </remarks>
public sealed class VerificationPolicy
{
    /// <summary>The name of the boot module that lists trusted images.</summary>
    public const string TrustedModule = "trusted";

    /// <summary>The framework a component is written against; shared with core and trusted.</summary>
    public static IReadOnlySet<string> DefaultFrameworkAssemblies => s_framework;

    private static readonly FrozenSet<string> s_framework =
        FrozenSet.Create(StringComparer.Ordinal, "Framework.Base", "Framework.Rpc", "Framework.Util", "Framework.Os.Api");

    /// <summary>The framework assemblies and no trusted image.</summary>
    public static VerificationPolicy Default { get; } = new(DefaultFrameworkAssemblies, []);

    public VerificationPolicy(IEnumerable<string> frameworkAssemblies, IEnumerable<TrustedImage> trustedImages)
    {
        FrameworkAssemblies = frameworkAssemblies.ToFrozenSet(StringComparer.Ordinal);
        TrustedImages = [.. trustedImages];
        _bySha = TrustedImages.GroupBy(t => t.Sha256, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    private readonly FrozenDictionary<string, TrustedImage> _bySha;

    /// <summary>Assemblies whose members a component may call without them being verified.</summary>
    public IReadOnlySet<string> FrameworkAssemblies { get; }

    /// <summary>Images loaded without verification.</summary>
    public IReadOnlyList<TrustedImage> TrustedImages { get; }

    /// <summary>This policy, trusting <paramref name="images"/> as well.</summary>
    public VerificationPolicy Trusting(IEnumerable<TrustedImage> images) => new(FrameworkAssemblies, TrustedImages.Concat(images));

    /// <summary>The trusted entry for an image with this SHA-256 (lower-case hex), if any.</summary>
    public TrustedImage? TrustedBySha256(string sha256) => _bySha.GetValueOrDefault(sha256);

    /// <summary>
    /// Reads the "trusted" boot module: lines "&lt;sha256 hex&gt;  &lt;module name&gt;" as <c>sha256sum</c>
    /// writes them ("*" before the name for binary mode is accepted), blank lines and "#" comments.
    /// </summary>
    public static bool TryParseTrusted(string text, out IReadOnlyList<TrustedImage> images, out string error)
    {
        var found = new List<TrustedImage>();
        images = found;
        error = "";
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var hash = space < 0 ? line : line[..space];
            var name = space < 0 ? "" : line[(space + 1)..].TrimStart(' ').TrimStart('*');
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
            {
                error = $"{TrustedModule}: line {i + 1}: expected a SHA-256 of 64 hex digits, found \"{Shorten(hash)}\"";
                return false;
            }
            if (name.Length == 0)
            {
                error = $"{TrustedModule}: line {i + 1}: the module name after the hash is missing";
                return false;
            }
            found.Add(new TrustedImage(name, hash.ToLowerInvariant()));
        }
        return true;
    }

    /// <summary>The "trusted" boot module for <paramref name="images"/>, in <c>sha256sum</c>'s format, sorted by name.</summary>
    public static string FormatTrusted(IEnumerable<TrustedImage> images) =>
        string.Concat(images.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => $"{i.Sha256}  {i.Name}\n"));

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}

/// <summary>An image the integrator trusts: its module name (for the log) and the SHA-256 of its bytes.</summary>
public sealed record TrustedImage(string Name, string Sha256)
{
    /// <summary>The entry that trusts exactly <paramref name="image"/>.</summary>
    public static TrustedImage Of(string name, ReadOnlySpan<byte> image) => new(name, Hash(image));

    /// <summary>Lower-case hex SHA-256.</summary>
    public static string Hash(ReadOnlySpan<byte> image) => Convert.ToHexStringLower(SHA256.HashData(image));
}
