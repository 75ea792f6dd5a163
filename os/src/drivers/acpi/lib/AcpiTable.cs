using System.Globalization;

namespace Framework.Os.Acpi;

/// <summary>
/// One table as found: its bytes (exactly <c>length</c> of them), where it came from, and its
/// header (null for the FACS, which has none). Only tables whose length and checksum are valid
/// become an <see cref="AcpiTable"/>; the others are reported as <see cref="AcpiProblem"/>s.
/// </summary>
public sealed class AcpiTable
{
    private AcpiTable(string signature, ulong? address, string? file, byte[] bytes, SdtHeader? header)
    {
        Signature = signature;
        Address = address;
        File = file;
        Bytes = bytes;
        Header = header;
    }

    public string Signature { get; }

    /// <summary>Physical address, when the table was found in memory.</summary>
    public ulong? Address { get; }

    /// <summary>File name, when the table was read from a file.</summary>
    public string? File { get; }

    public byte[] Bytes { get; }

    public SdtHeader? Header { get; }

    public int Length => Bytes.Length;

    /// <summary>The table named for messages: "DSDT at 0x7FFE0040" or "DSDT (file DSDT)".</summary>
    public string Where => Describe(Signature, Address, File);

    internal static string Describe(string signature, ulong? address, string? file) =>
        address is { } a ? string.Create(CultureInfo.InvariantCulture, $"{signature} at 0x{a:X}") : $"{signature} (file {file})";

    /// <summary>
    /// Reads the table at <paramref name="address"/>: first its header, then <c>length</c> bytes
    /// (Genode maps one page and remaps when the table is larger). Null, with a problem added, when
    /// the memory is not readable, the length is below the header size or above the limit, the
    /// signature is not the expected one, or the checksum does not add up to 0.
    /// </summary>
    public static AcpiTable? Load(IPhysicalMemoryReader memory, ulong address, string? expected, AcpiOptions options, List<AcpiProblem> problems)
    {
        string name = expected ?? "table";
        Span<byte> head = stackalloc byte[SdtHeader.Size];
        if (!memory.TryRead(address, head))
        {
            problems.Add(new AcpiProblem(Describe(name, address, null), 0, "header not readable (no memory there)"));
            return null;
        }
        string signature = Le.Ascii(head[..4]);
        if (expected is not null && signature != expected)
        {
            problems.Add(new AcpiProblem(Describe(name, address, null), 0, $"signature is \"{signature}\", expected \"{expected}\": not used"));
            return null;
        }
        if (signature == "FACS")
            return LoadFacs(memory, address, head, options, problems);
        uint length = Le.U32(head, 4);
        string where = Describe(signature, address, null);
        if (!LengthOk(length, SdtHeader.Size, where, options, problems))
            return null;
        var bytes = new byte[length];
        if (!memory.TryRead(address, bytes))
        {
            problems.Add(new AcpiProblem(where, 4, $"length {length} runs into memory that is not readable"));
            return null;
        }
        return Checked(signature, address, null, bytes, where, problems);
    }

    /// <summary>
    /// A table read from a file (one table per file, as acpidump's binary output and the QEMU test
    /// data are). The file must hold at least <c>length</c> bytes; extra bytes are ignored with a note.
    /// </summary>
    public static AcpiTable? FromFile(string file, byte[] content, AcpiOptions options, List<AcpiProblem> problems)
    {
        string where = $"file {file}";
        if (content.Length < 8)
        {
            problems.Add(new AcpiProblem(where, 0, $"{content.Length} bytes is too short for a table header"));
            return null;
        }
        string signature = Le.Ascii(content.AsSpan(0, 4));
        where = Describe(signature, null, file);
        uint length = Le.U32(content, 4);
        int minimum = signature == "FACS" ? Facs.MinimumLength : SdtHeader.Size;
        if (!LengthOk(length, minimum, where, options, problems))
            return null;
        if (length > content.Length)
        {
            problems.Add(new AcpiProblem(where, 4, $"length {length} is beyond the end of the file ({content.Length} bytes)"));
            return null;
        }
        if (length < content.Length)
            problems.Add(new AcpiProblem(where, length, $"{content.Length - length} bytes after the table's length ignored"));
        var bytes = content.AsSpan(0, (int)length).ToArray();
        if (signature == "FACS")
            return new AcpiTable(signature, null, file, bytes, null);
        return Checked(signature, null, file, bytes, where, problems);
    }

    private static AcpiTable? LoadFacs(IPhysicalMemoryReader memory, ulong address, ReadOnlySpan<byte> head, AcpiOptions options, List<AcpiProblem> problems)
    {
        string where = Describe("FACS", address, null);
        uint length = Le.U32(head, 4);
        if (!LengthOk(length, Facs.MinimumLength, where, options, problems))
            return null;
        var bytes = new byte[length];
        if (!memory.TryRead(address, bytes))
        {
            problems.Add(new AcpiProblem(where, 4, $"length {length} runs into memory that is not readable"));
            return null;
        }
        return new AcpiTable("FACS", address, null, bytes, null);
    }

    private static bool LengthOk(uint length, int minimum, string where, AcpiOptions options, List<AcpiProblem> problems)
    {
        if (length < minimum)
        {
            problems.Add(new AcpiProblem(where, 4, $"length {length} is shorter than the {minimum}-byte minimum"));
            return false;
        }
        if (length > options.MaxTableLength)
        {
            problems.Add(new AcpiProblem(where, 4, $"length {length} exceeds the limit of {options.MaxTableLength} bytes"));
            return false;
        }
        return true;
    }

    private static AcpiTable? Checked(string signature, ulong? address, string? file, byte[] bytes, string where, List<AcpiProblem> problems)
    {
        byte sum = Le.Sum(bytes);
        if (sum != 0)
        {
            problems.Add(new AcpiProblem(where, 9, string.Create(CultureInfo.InvariantCulture,
                $"checksum mismatch: the {bytes.Length} bytes add up to 0x{sum:X2}, not 0 (checksum byte 0x{bytes[9]:X2}): table not used")));
            return null;
        }
        return new AcpiTable(signature, address, file, bytes, SdtHeader.Parse(bytes));
    }
}
