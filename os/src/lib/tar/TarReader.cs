using System.Text;

namespace Framework.Os.Tar;

/// <summary>
/// One pass over an archive: headers in order, extension headers ('L', 'K', 'x', 'X', 'g',
/// sparse extension blocks) collected and applied to the member that follows them, every number
/// and length checked before use. The first thing that cannot be read stops the pass with an
/// error naming offset and member; everything before it stays valid. The pass is linear in the
/// archive's size: every step consumes at least one 512-byte block.
/// </summary>
internal sealed class TarReader
{
    private readonly ReadOnlyMemory<byte> _archive;
    private readonly TarLimits _limits;
    private readonly List<TarEntry> _entries = [];
    private readonly List<TarDiagnostic> _diagnostics = [];
    private readonly Dictionary<string, byte[]> _globalPax = new(StringComparer.Ordinal);

    // Extension state for the next member.
    private byte[]? _longName;
    private byte[]? _longLink;
    private readonly Dictionary<string, byte[]> _pax = new(StringComparer.Ordinal);
    private int _extensions;
    private bool _endMarker;

    public TarReader(ReadOnlyMemory<byte> archive, TarLimits limits)
    {
        _archive = archive;
        _limits = limits;
    }

    public TarArchive Read()
    {
        long offset = 0;
        long length = _archive.Length;
        while (true)
        {
            if (offset >= length)
            {
                // The last data may end without the padding to a full block.
                if (offset > length)
                {
                    Warning(length, null, $"the archive ends {offset - length} bytes short of the padding of the last block");
                    offset = length;
                }
                if (_extensions > 0)
                    Error(offset, null, "the archive ends after extension headers, without the member they belong to");
                else
                    Warning(offset, null, "the archive ends without end-of-archive blocks");
                break;
            }
            if (length - offset < TarFields.BlockSize)
            {
                Error(offset, null, $"truncated header: {length - offset} bytes left, a header takes {TarFields.BlockSize}");
                break;
            }

            var header = _archive.Span.Slice((int)offset, TarFields.BlockSize);
            if (!header.ContainsAnyExcept((byte)0))
            {
                EndOfArchive(offset);
                break;
            }

            long next = Header(offset, header);
            if (next < 0)
                break;
            offset = next;
        }
        return new TarArchive(_entries, _diagnostics, _endMarker);
    }

    private void EndOfArchive(long offset)
    {
        _endMarker = true;
        if (_extensions > 0)
            Warning(offset, null, "extension headers without a member before the end of the archive are ignored");
        long second = offset + TarFields.BlockSize;
        long length = _archive.Length;
        if (length - second >= TarFields.BlockSize && _archive.Span.Slice((int)second, TarFields.BlockSize).ContainsAnyExcept((byte)0))
            Warning(offset, null, $"a lone zero block ends the archive; the {length - second} bytes after it are not read");
    }

    /// <summary>Handles the header at <paramref name="offset"/>; returns the offset of the next header, or -1 after an error.</summary>
    private long Header(long offset, ReadOnlySpan<byte> header)
    {
        string rawName = TarFields.Decode(TarFields.Str(header, TarFields.NameOffset, TarFields.NameLength));
        if (!TarFields.ChecksumMatches(header, out long stored, out long computed, out string checksumError))
            return Error(offset, rawName, checksumError.Length > 0
                ? $"unreadable header checksum: {checksumError}"
                : $"header checksum {Convert.ToString(stored, 8)} does not match the header (computed {Convert.ToString(computed, 8)})");

        byte typeFlag = header[TarFields.TypeFlagOffset];
        if (!TarFields.TryNumber(header.Slice(TarFields.SizeOffset, 12), out long size, out string sizeError))
            return Error(offset, rawName, $"size field: {sizeError}");
        if (size < 0)
            return Error(offset, rawName, $"negative size {size}");

        switch (typeFlag)
        {
            case (byte)'L':
            case (byte)'K':
            {
                if (!Extension(offset, rawName))
                    return -1;
                if (size > _limits.MaxLongName)
                    return Error(offset, rawName, $"GNU long {(typeFlag == 'L' ? "name" : "link")} record of {size} bytes exceeds the limit of {_limits.MaxLongName}");
                if (!DataFits(offset, rawName, size, out var data))
                    return -1;
                int nul = data.IndexOf((byte)0);
                byte[] value = (nul < 0 ? data : data[..nul]).ToArray();
                if (typeFlag == 'L') _longName = value;
                else _longLink = value;
                return offset + TarFields.BlockSize + Blocks(size);
            }
            case (byte)'x':
            case (byte)'X': // Solaris' extended header, the same records
            case (byte)'g':
            {
                if (!Extension(offset, rawName))
                    return -1;
                if (size > _limits.MaxPaxHeader)
                    return Error(offset, rawName, $"pax header of {size} bytes exceeds the limit of {_limits.MaxPaxHeader}");
                if (!DataFits(offset, rawName, size, out var data))
                    return -1;
                if (PaxRecords.Parse(data, typeFlag == 'g' ? _globalPax : _pax) is { } paxError)
                    return Error(offset, rawName, $"pax header: {paxError}");
                return offset + TarFields.BlockSize + Blocks(size);
            }
            default:
                return Member(offset, header, typeFlag, size);
        }
    }

    private bool Extension(long offset, string rawName)
    {
        if (++_extensions <= _limits.MaxExtensionHeaders)
            return true;
        Error(offset, rawName, $"more than {_limits.MaxExtensionHeaders} extension headers before one member");
        return false;
    }

    private long Member(long offset, ReadOnlySpan<byte> header, byte typeFlag, long headerSize)
    {
        // The name first, so that every later message can name the member.
        byte[] nameBytes = Pax("path") ?? _longName ?? HeaderName(header);
        byte[]? sparseName = Pax("GNU.sparse.name");
        if (sparseName is not null)
            nameBytes = sparseName;
        string name = TarFields.Decode(nameBytes);

        if (!Number(header, TarFields.ModeOffset, 8, "mode", offset, name, out long mode)
            || !Number(header, TarFields.UidOffset, 8, "uid", offset, name, out long uid)
            || !Number(header, TarFields.GidOffset, 8, "gid", offset, name, out long gid)
            || !Number(header, TarFields.MTimeOffset, 12, "mtime", offset, name, out long mtime))
            return -1;
        long devMajor = 0, devMinor = 0;
        if ((typeFlag == '3' || typeFlag == '4')
            && (!Number(header, TarFields.DevMajorOffset, 8, "devmajor", offset, name, out devMajor)
                || !Number(header, TarFields.DevMinorOffset, 8, "devminor", offset, name, out devMinor)))
            return -1;

        long size = headerSize;
        if (Pax("size") is { } paxSize)
        {
            if (!PaxRecords.TryDecimal(paxSize, out size))
                return Error(offset, name, $"pax size '{TarFields.Printable(paxSize)}' is not a decimal number");
        }
        uid = PaxNumber("uid", uid, offset, name);
        gid = PaxNumber("gid", gid, offset, name);
        if (Pax("mtime") is { } paxMTime)
        {
            if (PaxRecords.TryTime(paxMTime, out long seconds))
                mtime = seconds;
            else
                Warning(offset, name, $"pax mtime '{TarFields.Printable(paxMTime)}' is not a time; the header's is used");
        }

        byte[] linkBytes = Pax("linkpath") ?? _longLink ?? TarFields.Str(header, TarFields.LinkNameOffset, TarFields.LinkNameLength).ToArray();

        TarEntryKind kind = KindOf(typeFlag, nameBytes);
        bool hasData = kind is TarEntryKind.File or TarEntryKind.Other;
        long dataOffset = offset + TarFields.BlockSize;
        long listedSize = size;
        bool sparse = false;

        if (typeFlag == 'S')
        {
            // Old GNU sparse: extension blocks of the sparse map follow the header while flagged.
            sparse = true;
            if (!Number(header, TarFields.GnuSparseRealSizeOffset, 12, "sparse real size", offset, name, out listedSize))
                return -1;
            byte extended = header[TarFields.GnuSparseIsExtendedOffset];
            while (extended != 0)
            {
                if (!Extension(offset, name))
                    return -1;
                if (_archive.Length - dataOffset < TarFields.BlockSize)
                    return Error(offset, name, $"sparse map extension block at 0x{dataOffset:x} runs past the end of the archive");
                extended = _archive.Span[(int)dataOffset + TarFields.GnuSparseExtensionIsExtendedOffset];
                dataOffset += TarFields.BlockSize;
            }
            Warning(offset, name, "GNU sparse file (old format): listed, its data is skipped and not reconstructed");
        }
        else if (_pax.Keys.Concat(_globalPax.Keys).Any(k => k.StartsWith("GNU.sparse.", StringComparison.Ordinal)))
        {
            sparse = true;
            byte[]? real = Pax("GNU.sparse.size") ?? Pax("GNU.sparse.realsize");
            if (real is not null && !PaxRecords.TryDecimal(real, out listedSize))
                return Error(offset, name, $"pax GNU.sparse size '{TarFields.Printable(real)}' is not a decimal number");
            string version = Pax("GNU.sparse.major") is { } major
                ? $"{Encoding.ASCII.GetString(major)}.{Encoding.ASCII.GetString(Pax("GNU.sparse.minor") ?? "0"u8.ToArray())}"
                : Pax("GNU.sparse.map") is not null ? "0.1" : "0.0";
            Warning(offset, name, $"GNU sparse file (pax format {version}): listed, its data is skipped and not reconstructed");
        }

        long stored = hasData || sparse ? size : 0;
        if (_archive.Length - dataOffset < stored)
            return Error(offset, name, $"data of {stored} bytes at 0x{dataOffset:x} runs past the end of the archive ({_archive.Length} bytes)");

        _entries.Add(new TarEntry
        {
            Name = name,
            NameBytes = nameBytes,
            Kind = kind,
            TypeFlag = typeFlag,
            Size = listedSize,
            Mode = (int)(mode & 0xfff),
            MTime = mtime,
            Uid = uid,
            Gid = gid,
            DevMajor = (int)Math.Clamp(devMajor, 0, int.MaxValue),
            DevMinor = (int)Math.Clamp(devMinor, 0, int.MaxValue),
            LinkTarget = TarFields.Decode(linkBytes),
            LinkTargetBytes = linkBytes,
            HeaderOffset = offset,
            DataOffset = dataOffset,
            Data = hasData && !sparse ? _archive.Slice((int)dataOffset, (int)stored) : ReadOnlyMemory<byte>.Empty,
            IsSparse = sparse,
        });

        _longName = null;
        _longLink = null;
        _pax.Clear();
        _extensions = 0;
        return dataOffset + Blocks(stored);
    }

    private static byte[] HeaderName(ReadOnlySpan<byte> header)
    {
        var name = TarFields.Str(header, TarFields.NameOffset, TarFields.NameLength);
        if (!TarFields.IsPosixUstar(header))
            return name.ToArray();
        var prefix = TarFields.Str(header, TarFields.PrefixOffset, TarFields.PrefixLength);
        if (prefix.IsEmpty)
            return name.ToArray();
        var full = new byte[prefix.Length + 1 + name.Length];
        prefix.CopyTo(full);
        full[prefix.Length] = (byte)'/';
        name.CopyTo(full.AsSpan(prefix.Length + 1));
        return full;
    }

    private static TarEntryKind KindOf(byte typeFlag, ReadOnlySpan<byte> name) => typeFlag switch
    {
        0 when name.EndsWith("/"u8) => TarEntryKind.Directory, // V7 directories
        (byte)'0' or 0 or (byte)'7' or (byte)'S' => TarEntryKind.File,
        (byte)'1' => TarEntryKind.HardLink,
        (byte)'2' => TarEntryKind.SymbolicLink,
        (byte)'3' => TarEntryKind.CharacterDevice,
        (byte)'4' => TarEntryKind.BlockDevice,
        (byte)'5' => TarEntryKind.Directory,
        (byte)'6' => TarEntryKind.Fifo,
        _ => TarEntryKind.Other,
    };

    /// <summary>A pax value for the member: its own record, else a global one; an empty value means "not set".</summary>
    private byte[]? Pax(string key)
    {
        if (_pax.TryGetValue(key, out byte[]? own))
            return own.Length == 0 ? null : own;
        return _globalPax.TryGetValue(key, out byte[]? global) && global.Length > 0 ? global : null;
    }

    private long PaxNumber(string key, long headerValue, long offset, string name)
    {
        if (Pax(key) is not { } text)
            return headerValue;
        if (PaxRecords.TryDecimal(text, out long value))
            return value;
        Warning(offset, name, $"pax {key} '{TarFields.Printable(text)}' is not a decimal number; the header's is used");
        return headerValue;
    }

    private bool Number(ReadOnlySpan<byte> header, int fieldOffset, int length, string field, long offset, string name, out long value)
    {
        if (TarFields.TryNumber(header.Slice(fieldOffset, length), out value, out string error))
            return true;
        Error(offset, name, $"{field} field: {error}");
        return false;
    }

    private bool DataFits(long offset, string name, long size, out ReadOnlySpan<byte> data)
    {
        long dataOffset = offset + TarFields.BlockSize;
        if (_archive.Length - dataOffset < size)
        {
            data = default;
            Error(offset, name, $"data of {size} bytes at 0x{dataOffset:x} runs past the end of the archive ({_archive.Length} bytes)");
            return false;
        }
        data = _archive.Span.Slice((int)dataOffset, (int)size);
        return true;
    }

    private static long Blocks(long size) => (size + TarFields.BlockSize - 1) / TarFields.BlockSize * TarFields.BlockSize;

    private long Error(long offset, string? member, string message)
    {
        _diagnostics.Add(new TarDiagnostic(TarSeverity.Error, offset, member, message));
        return -1;
    }

    private void Warning(long offset, string? member, string message) =>
        _diagnostics.Add(new TarDiagnostic(TarSeverity.Warning, offset, member, message));
}
