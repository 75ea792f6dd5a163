namespace Framework.Os.Acpi.Aml;

/// <summary>
/// The few AML encodings ATARE reads (ACPI 20.2): PkgLength, integer data objects and
/// NameStrings. Every read is bounded by an end offset the caller gives.
/// </summary>
internal static class AmlBytes
{
    public const byte ZeroOp = 0x00;
    public const byte OneOp = 0x01;
    public const byte NameOp = 0x08;
    public const byte BytePrefix = 0x0A;
    public const byte WordPrefix = 0x0B;
    public const byte DWordPrefix = 0x0C;
    public const byte ScopeOp = 0x10;
    public const byte PackageOp = 0x12;
    public const byte MethodOp = 0x14;
    public const byte DualNamePrefix = 0x2E;
    public const byte MultiNamePrefix = 0x2F;
    public const byte ExtOpPrefix = 0x5B;
    public const byte DeviceOp = 0x82;
    public const byte RootChar = 0x5C;
    public const byte ParentPrefixChar = 0x5E;
    public const byte OnesOp = 0xFF;

    /// <summary>
    /// PkgLength at <paramref name="pos"/>: the lead byte's bits 7-6 count the extra bytes (0-3);
    /// with extra bytes, bits 5-4 must be 0 and the value is the low nibble plus the extra bytes
    /// shifted by 4, 12 and 20. The value counts from the PkgLength's first byte.
    /// </summary>
    public static bool TryReadPkgLength(ReadOnlySpan<byte> b, int pos, out int value, out int bytes)
    {
        value = 0;
        bytes = 0;
        if (pos >= b.Length)
            return false;
        byte lead = b[pos];
        int extra = lead >> 6;
        if (pos + extra >= b.Length)
            return false;
        if (extra == 0)
        {
            value = lead & 0x3F;
            bytes = 1;
            return true;
        }
        if ((lead & 0x30) != 0)
            return false;
        value = lead & 0x0F;
        for (int i = 1; i <= extra; i++)
            value |= b[pos + i] << ((8 * i) - 4);
        bytes = extra + 1;
        return true;
    }

    /// <summary>
    /// An integer data object as 12.02 reads one: Zero, One, Ones (0xFFFFFFFF), ByteConst,
    /// WordConst or DWordConst (no QWordConst). <paramref name="length"/> is its encoded size.
    /// </summary>
    public static bool TryReadInteger(ReadOnlySpan<byte> b, int pos, int end, out uint value, out int length)
    {
        value = 0;
        length = 0;
        if (pos >= end)
            return false;
        switch (b[pos])
        {
            case ZeroOp:
                length = 1;
                return true;
            case OneOp:
                value = 1;
                length = 1;
                return true;
            case OnesOp:
                value = uint.MaxValue;
                length = 1;
                return true;
            case BytePrefix when pos + 2 <= end:
                value = b[pos + 1];
                length = 2;
                return true;
            case WordPrefix when pos + 3 <= end:
                value = (uint)(b[pos + 1] | (b[pos + 2] << 8));
                length = 3;
                return true;
            case DWordPrefix when pos + 5 <= end:
                value = Le.U32(b, pos + 1);
                length = 5;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A NameSeg: 4 characters, the first [A-Z_], the others [A-Z0-9_]; lower case letters are
    /// accepted as well, as 12.02 does.
    /// </summary>
    public static bool IsNameSeg(ReadOnlySpan<byte> b, int pos, int end)
    {
        if (pos + 4 > end)
            return false;
        for (int i = 0; i < 4; i++)
        {
            byte c = b[pos + i];
            bool ok = c is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or (byte)'_' || (i > 0 && c is >= (byte)'0' and <= (byte)'9');
            if (!ok)
                return false;
        }
        return true;
    }

    /// <summary>
    /// A NameString at <paramref name="pos"/>: '\' or any number of '^', then one NameSeg, a
    /// DualNamePrefix with two, a MultiNamePrefix with a count (1-255) and as many, or - only when
    /// a prefix came first and <paramref name="allowNullName"/> is set - the NullName 0x00 (as in
    /// <c>Scope (\)</c>). Work done is added to <paramref name="steps"/> (bytes examined).
    /// </summary>
    public static bool TryReadNameString(ReadOnlySpan<byte> b, int pos, int end, bool allowNullName, out NameString name, ref long steps)
    {
        name = default;
        int p = pos;
        bool root = false;
        int carets = 0;
        if (p < end && b[p] == RootChar)
        {
            root = true;
            p++;
        }
        else
        {
            while (p < end && b[p] == ParentPrefixChar)
            {
                carets++;
                p++;
            }
        }
        steps += p - pos + 1;
        if (p >= end)
            return false;
        int segStart, count;
        switch (b[p])
        {
            case DualNamePrefix:
                segStart = p + 1;
                count = 2;
                break;
            case MultiNamePrefix:
                if (p + 1 >= end || b[p + 1] == 0)
                    return false;
                segStart = p + 2;
                count = b[p + 1];
                break;
            case ZeroOp when allowNullName && (root || carets > 0):
                name = new NameString(root, carets, p + 1, 0, p + 1 - pos);
                return true;
            default:
                segStart = p;
                count = 1;
                break;
        }
        for (int i = 0; i < count; i++)
        {
            steps += 4;
            if (!IsNameSeg(b, segStart + (4 * i), end))
                return false;
        }
        name = new NameString(root, carets, segStart, count, segStart + (4 * count) - pos);
        return true;
    }

    /// <summary>Segment <paramref name="i"/> of a name as a 32-bit key (little-endian bytes).</summary>
    public static uint Segment(ReadOnlySpan<byte> b, in NameString name, int i) => Le.U32(b, name.SegmentsOffset + (4 * i));
}

/// <summary>A parsed NameString: prefixes, where its segments are, and its encoded length.</summary>
internal readonly record struct NameString(bool Root, int ParentPrefixes, int SegmentsOffset, int SegmentCount, int Length);
