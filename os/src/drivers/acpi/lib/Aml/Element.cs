namespace Framework.Os.Acpi.Aml;

/// <summary>
/// A Device, Scope, Method or Name object found in a table's AML: its kind, where it starts (the
/// opcode), where its body starts (after its name), where it ends, and its namespace node. A
/// Device/Scope/Method ends where its PkgLength says; a Name ends where the next element starts
/// (ATARE's and 12.05's rule; the end of the table for the last one).
/// </summary>
internal sealed class Element(ElementKind kind, AmlTable table, int offset, int bodyStart, int end, NamespaceNode node)
{
    public ElementKind Kind { get; } = kind;

    public AmlTable Table { get; } = table;

    public int Offset { get; } = offset;

    public int BodyStart { get; } = bodyStart;

    public int End { get; set; } = end;

    public NamespaceNode Node { get; } = node;

    /// <summary>Per-element scan result, filled the first time a device's routing scan reaches it.</summary>
    public PrtSource? Scanned { get; set; }
}

/// <summary>One DSDT or SSDT being scanned: its bytes and name for messages.</summary>
internal sealed record AmlTable(string Where, byte[] Bytes);
