namespace System.Runtime.InteropServices;

public enum LayoutKind
{
    Sequential = 0,
    Explicit = 2,
    Auto = 3,
}

public enum CharSet
{
    None = 1,
    Ansi = 2,
    Unicode = 3,
    Auto = 4,
}

[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct)]
public sealed class StructLayoutAttribute : Attribute
{
    public StructLayoutAttribute(LayoutKind layoutKind) => Value = layoutKind;

    public LayoutKind Value { get; }

    public int Pack;
    public int Size;
    public CharSet CharSet;
}

[AttributeUsage(AttributeTargets.Field)]
public sealed class FieldOffsetAttribute : Attribute
{
    public FieldOffsetAttribute(int offset) => Value = offset;

    public int Value { get; }
}

/// <summary>The modreq the compiler puts on <c>in</c> parameters of virtual and interface methods.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class InAttribute : Attribute
{
}

[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OutAttribute : Attribute
{
}

/// <summary>Marks a method as callable from native code with the platform convention (ilc exports it by EntryPoint).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UnmanagedCallersOnlyAttribute : Attribute
{
    public Type[]? CallConvs;
    public string? EntryPoint;
}

/// <summary>ilc looks the interface up by name; nothing implements it here.</summary>
public interface IDynamicInterfaceCastable
{
    bool IsInterfaceImplemented(RuntimeTypeHandle interfaceType, bool throwIfNotImplemented);

    RuntimeTypeHandle GetInterfaceImplementation(RuntimeTypeHandle interfaceType);

    /// <summary>ilc binds to this by name; unreachable here, nothing implements the interface.</summary>
    internal static nint GetDynamicInterfaceImplementation(object instance, nint interfaceType, ushort slot)
    {
        Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowInvalidCastException();
        return 0;
    }
}
