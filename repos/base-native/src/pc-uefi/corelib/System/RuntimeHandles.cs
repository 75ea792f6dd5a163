namespace System;

// Handles the compiler emits for ldtoken; ilc requires the types to exist.

public struct RuntimeTypeHandle
{
#pragma warning disable CS0169
    private nint _value;
#pragma warning restore CS0169
}

public struct RuntimeMethodHandle
{
#pragma warning disable CS0169
    private nint _value;
#pragma warning restore CS0169
}

public struct RuntimeFieldHandle
{
#pragma warning disable CS0169
    private nint _value;
#pragma warning restore CS0169
}

/// <summary>Exists because ilc looks it up by name; the kernel subset has no reflection.</summary>
public abstract class Type
{
}

/// <summary>ilc's runtime type object; never instantiated here.</summary>
#pragma warning disable CA1812
internal sealed class RuntimeType : Type
{
}
#pragma warning restore CA1812

public interface IDisposable
{
    void Dispose();
}
