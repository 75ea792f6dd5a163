namespace Framework.Os.Acpi.Aml;

/// <summary>The AML objects ATARE collects: the three with a PkgLength, and named objects.</summary>
public enum ElementKind
{
    Device,
    Scope,
    Method,
    Name,
}
