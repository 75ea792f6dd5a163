namespace System.Runtime;

/// <summary>Exports a method under a symbol name (the runtime helpers ilc's code calls).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RuntimeExportAttribute : Attribute
{
    public RuntimeExportAttribute(string entry) => Entry = entry;

    public string Entry { get; }
}

/// <summary>Binds an extern method to a native symbol (the machine-code stubs in Stubs/x86_64.s).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class RuntimeImportAttribute : Attribute
{
    public RuntimeImportAttribute(string entry) => Entry = entry;

    public RuntimeImportAttribute(string lib, string entry) => Entry = entry;

    public string Entry { get; }
}

/// <summary>The head of ilc's type descriptor, as far as allocation and casts need it.</summary>
internal unsafe struct MethodTable
{
#pragma warning disable CS0649 // written by ilc, read here
    internal ushort ComponentSize;
    internal ushort Flags;
    internal uint BaseSize;
    internal MethodTable* RelatedType;
    internal ushort NumVtableSlots;
    internal ushort NumInterfaces;
    internal uint HashCode;
#pragma warning restore CS0649
}
