namespace System;

/// <summary>Base of every array. The length field follows the MethodTable pointer (a contract with ilc).</summary>
public abstract class Array
{
#pragma warning disable CS0649, CS0169
    private readonly int _numComponents;
#pragma warning restore CS0649, CS0169

    public int Length => _numComponents;
}

/// <summary>ilc's base of single-dimensional arrays of T.</summary>
#pragma warning disable CA1812
internal class Array<T> : Array
{
}
#pragma warning restore CA1812
