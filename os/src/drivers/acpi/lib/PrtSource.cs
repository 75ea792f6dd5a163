namespace Framework.Os.Acpi;

/// <summary>
/// An object whose body held routing packages: the <c>_PRT</c> itself (direct form) or a named
/// package that <c>_PRT</c> refers to (named-package form, e.g. PRTA for APIC mode and PRTP for
/// PIC mode). A source of direct GSIs is what APIC-mode routing needs; a source of link entries
/// is PIC-mode style routing, unsupported here.
/// </summary>
public sealed record PrtSource(string Path, string Kind, string Table, int Offset, IReadOnlyList<PciRoute> Routes, IReadOnlyList<LinkRoute> Links)
{
    public bool IsEmpty => Routes.Count == 0 && Links.Count == 0;
}
