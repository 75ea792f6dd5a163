namespace Framework.Os.Tar;

/// <summary>What a member of an archive is, from its type flag.</summary>
public enum TarEntryKind
{
    /// <summary>'0', NUL (V7) and '7' (contiguous file): a file with data.</summary>
    File,

    /// <summary>'5', or a V7 file whose name ends in '/'.</summary>
    Directory,

    /// <summary>'2': <see cref="TarEntry.LinkTarget"/> is the link's content.</summary>
    SymbolicLink,

    /// <summary>'1': another name for the earlier member named <see cref="TarEntry.LinkTarget"/>.</summary>
    HardLink,

    /// <summary>'3'.</summary>
    CharacterDevice,

    /// <summary>'4'.</summary>
    BlockDevice,

    /// <summary>'6'.</summary>
    Fifo,

    /// <summary>Any other type flag (GNU 'D' dump directories, 'V' volume labels, vendor types): listed, data skipped by its size.</summary>
    Other,
}

/// <summary>One member of an archive, with the extension headers before it applied.</summary>
public sealed class TarEntry
{
    internal TarEntry() { }

    /// <summary>
    /// The member's path: from a pax <c>path</c> record, a GNU 'L' record, or the header (with the
    /// ustar prefix), byte for byte as in the archive, shown as UTF-8 where the bytes are valid
    /// UTF-8 and as Latin-1 otherwise. No normalisation (a leading "./" or a trailing "/" stays).
    /// </summary>
    public string Name { get; internal init; } = "";

    /// <summary>The raw bytes of <see cref="Name"/>.</summary>
    public ReadOnlyMemory<byte> NameBytes { get; internal init; }

    public TarEntryKind Kind { get; internal init; }

    /// <summary>The header's type flag byte ('0', '5', 0, 'S', ...).</summary>
    public byte TypeFlag { get; internal init; }

    /// <summary>
    /// The size as listed: the data's size for files, the size field for others (a directory may
    /// carry one), the real (expanded) size for sparse files.
    /// </summary>
    public long Size { get; internal init; }

    /// <summary>Permission bits (<c>mode &amp; 07777</c>).</summary>
    public int Mode { get; internal init; }

    /// <summary>Modification time, seconds since 1970 (a pax <c>mtime</c> record's integer part if present).</summary>
    public long MTime { get; internal init; }

    public long Uid { get; internal init; }
    public long Gid { get; internal init; }
    public int DevMajor { get; internal init; }
    public int DevMinor { get; internal init; }

    /// <summary>Target of a symbolic or hard link (pax <c>linkpath</c>, GNU 'K' or the header), else empty.</summary>
    public string LinkTarget { get; internal init; } = "";

    public ReadOnlyMemory<byte> LinkTargetBytes { get; internal init; }

    /// <summary>Offset of the member's own header block (after its extension headers).</summary>
    public long HeaderOffset { get; internal init; }

    /// <summary>Offset of the member's data in the archive.</summary>
    public long DataOffset { get; internal init; }

    /// <summary>
    /// The member's data, a slice of the archive: the content of a file, empty for links,
    /// directories and devices, and empty for sparse files (their holes are not reconstructed).
    /// </summary>
    public ReadOnlyMemory<byte> Data { get; internal init; }

    /// <summary>A GNU sparse member (old 'S' or pax 0.0/0.1/1.0): listed, its data not reconstructed.</summary>
    public bool IsSparse { get; internal init; }

    public override string ToString() => $"{Kind} '{Name}' size {Size} at 0x{HeaderOffset:x}";
}
