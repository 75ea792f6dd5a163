using System.Text;

namespace Framework.Os.Tar;

/// <summary>
/// The members of a tar archive (ustar, GNU and pax headers, V7), read from memory in one pass;
/// each member's data is a slice of the archive. Reading never throws for any bytes: what cannot
/// be read ends the member list with an <see cref="TarSeverity.Error"/> diagnostic naming the
/// byte offset and, where known, the member.
/// </summary>
/// <remarks>
/// Looking members up:
/// <list type="bullet">
/// <item><see cref="TryFind(string, out TarEntry)"/> is what Genode's tar_rom does: the first
/// member whose name is exactly the requested one (any kind; "./etc/motd" and "etc/motd" differ).</item>
/// <item><see cref="TryFindNormalized"/> compares normalised paths: leading "./" and "/" and
/// trailing "/" removed, repeated "/" collapsed, on both sides (archives made with
/// <c>tar -C dir .</c>, like Genode's coreutils.tar, name every member "./...").</item>
/// <item><see cref="TryResolve"/> follows hard links (normalised names) to the member holding the data.</item>
/// </list>
/// </remarks>
public sealed class TarArchive
{
    internal TarArchive(IReadOnlyList<TarEntry> entries, IReadOnlyList<TarDiagnostic> diagnostics, bool endMarker)
    {
        Entries = entries;
        Diagnostics = diagnostics;
        HasEndMarker = endMarker;
    }

    /// <summary>Reads <paramref name="archive"/>; the entries refer to (slice) its memory.</summary>
    public static TarArchive Read(ReadOnlyMemory<byte> archive, TarLimits? limits = null) =>
        new TarReader(archive, limits ?? TarLimits.Default).Read();

    /// <summary>The members in archive order.</summary>
    public IReadOnlyList<TarEntry> Entries { get; }

    /// <summary>Warnings (sparse files skipped, odd endings) and at most one error, in order.</summary>
    public IReadOnlyList<TarDiagnostic> Diagnostics { get; }

    /// <summary>Reading ended at a zero block, not at an error or the end of the data.</summary>
    public bool HasEndMarker { get; }

    /// <summary>No error: every header up to the end was read.</summary>
    public bool IsComplete => !Diagnostics.Any(d => d.Severity == TarSeverity.Error);

    /// <summary>The error that ended reading, if any.</summary>
    public TarDiagnostic? Error => Diagnostics.Where(d => d.Severity == TarSeverity.Error).Cast<TarDiagnostic?>().FirstOrDefault();

    /// <summary>tar_rom's lookup: the first member named exactly <paramref name="name"/>.</summary>
    public bool TryFind(string name, out TarEntry entry)
    {
        foreach (var e in Entries)
            if (string.Equals(e.Name, name, StringComparison.Ordinal))
            {
                entry = e;
                return true;
            }
        entry = null!;
        return false;
    }

    /// <summary>tar_rom's lookup on raw name bytes (for names that are not UTF-8).</summary>
    public bool TryFind(ReadOnlySpan<byte> name, out TarEntry entry)
    {
        foreach (var e in Entries)
            if (e.NameBytes.Span.SequenceEqual(name))
            {
                entry = e;
                return true;
            }
        entry = null!;
        return false;
    }

    /// <summary>The first member whose normalised name equals the normalised <paramref name="path"/>.</summary>
    public bool TryFindNormalized(string path, out TarEntry entry)
    {
        string wanted = NormalizePath(path);
        foreach (var e in Entries)
            if (string.Equals(NormalizePath(e.Name), wanted, StringComparison.Ordinal))
            {
                entry = e;
                return true;
            }
        entry = null!;
        return false;
    }

    /// <summary>"./a//b/" and "/a/b" become "a/b"; "./" and "/" become "".</summary>
    public static string NormalizePath(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (string part in path.Split('/'))
        {
            if (part.Length == 0 || (part == "." && sb.Length == 0))
                continue;
            if (sb.Length > 0)
                sb.Append('/');
            sb.Append(part);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Follows hard links to the member holding the data: the last member before the link whose
    /// normalised name is the link's normalised target (tar archives a file before its links;
    /// "./a" and "a" name the same file, as for GNU tar and Python's tarfile). False with the
    /// reason for a missing target or a chain of more than 16 links.
    /// </summary>
    public bool TryResolve(TarEntry entry, out TarEntry target, out string error)
    {
        target = entry;
        error = "";
        for (int hops = 0; target.Kind == TarEntryKind.HardLink; hops++)
        {
            if (hops == 16)
            {
                error = $"hard link '{entry.Name}': more than 16 links in a row";
                return false;
            }
            TarEntry? found = null;
            string wanted = NormalizePath(target.LinkTarget);
            foreach (var e in Entries)
            {
                if (ReferenceEquals(e, target))
                    break;
                if (string.Equals(NormalizePath(e.Name), wanted, StringComparison.Ordinal))
                    found = e;
            }
            if (found is null)
            {
                error = $"hard link '{target.Name}' names '{target.LinkTarget}', which is no earlier member";
                return false;
            }
            target = found;
        }
        return true;
    }
}
