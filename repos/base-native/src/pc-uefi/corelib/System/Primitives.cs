namespace System;

// The primitive types as the compiler and ilc know them. Only the members the kernel subset needs
// exist: no parsing, no formatting (the kernel writes numbers digit by digit).

public struct Void
{
}

public struct Boolean
{
#pragma warning disable CS0169
    private bool _value;
#pragma warning restore CS0169
}

public struct Char
{
#pragma warning disable CS0169
    private char _value;
#pragma warning restore CS0169
}

public struct SByte
{
#pragma warning disable CS0169
    private sbyte _value;
#pragma warning restore CS0169
}

public struct Byte
{
#pragma warning disable CS0169
    private byte _value;
#pragma warning restore CS0169
}

public struct Int16
{
#pragma warning disable CS0169
    private short _value;
#pragma warning restore CS0169
}

public struct UInt16
{
#pragma warning disable CS0169
    private ushort _value;
#pragma warning restore CS0169
}

public struct Int32
{
    public const int MaxValue = 0x7FFFFFFF;
    public const int MinValue = unchecked((int)0x80000000);
#pragma warning disable CS0169
    private int _value;
#pragma warning restore CS0169
}

public struct UInt32
{
    public const uint MaxValue = 0xFFFFFFFF;
#pragma warning disable CS0169
    private uint _value;
#pragma warning restore CS0169
}

public struct Int64
{
    public const long MaxValue = 0x7FFFFFFFFFFFFFFF;
    public const long MinValue = unchecked((long)0x8000000000000000);
#pragma warning disable CS0169
    private long _value;
#pragma warning restore CS0169
}

public struct UInt64
{
    public const ulong MaxValue = 0xFFFFFFFFFFFFFFFF;
#pragma warning disable CS0169
    private ulong _value;
#pragma warning restore CS0169
}

public struct Single
{
#pragma warning disable CS0169
    private float _value;
#pragma warning restore CS0169
}

public struct Double
{
#pragma warning disable CS0169
    private double _value;
#pragma warning restore CS0169
}

public unsafe struct IntPtr
{
#pragma warning disable CS0169
    private void* _value;
#pragma warning restore CS0169
}

public unsafe struct UIntPtr
{
#pragma warning disable CS0169
    private void* _value;
#pragma warning restore CS0169
}
