namespace System;

public abstract class ValueType
{
}

/// <summary>Base of every enum. No reflection-based members (ToString, HasFlag): the kernel names its enums by switch.</summary>
public abstract class Enum : ValueType
{
}

/// <summary>Only as a compiler contract (<c>T?</c> on value types); the kernel subset does not use it.</summary>
public struct Nullable<T>
    where T : struct
{
    private readonly bool _hasValue;
    private readonly T _value;

    public Nullable(T value)
    {
        _hasValue = true;
        _value = value;
    }

    public readonly bool HasValue => _hasValue;

    public readonly T GetValueOrDefault() => _value;
}
