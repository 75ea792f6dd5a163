namespace System.Runtime.CompilerServices;

public static class RuntimeHelpers
{
    /// <summary>ilc expands array initialisation from static data itself; this is only the name it expects.</summary>
    [Intrinsic]
    public static extern void InitializeArray(Array array, RuntimeFieldHandle fldHandle);

    /// <summary>Offset of the first character of a string object (ilc's contract for <c>fixed</c> on strings).</summary>
    public static int OffsetToStringData => 12;

    [Intrinsic]
    public static bool IsReferenceOrContainsReferences<T>() => false;
}

/// <summary>Marks methods ilc expands itself.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Field)]
internal sealed class IntrinsicAttribute : Attribute
{
}

/// <summary>Reinterpretations ilc compiles to nothing (it recognises the class in the system module).</summary>
public static unsafe class Unsafe
{
    [Intrinsic]
    public static extern T As<T>(object? o)
        where T : class;

    [Intrinsic]
    public static extern ref TTo As<TFrom, TTo>(ref TFrom source);

    [Intrinsic]
    public static extern void* AsPointer<T>(ref T value);

    [Intrinsic]
    public static extern ref T AsRef<T>(void* source);

    [Intrinsic]
    public static extern ref T Add<T>(ref T source, nint elementOffset);

    [Intrinsic]
    public static extern int SizeOf<T>();
}
