namespace System;

/// <summary>The root of every reference type. Its one field (the type's MethodTable) is a contract with ilc.</summary>
public class Object
{
#pragma warning disable CS0169, CS0649
    internal unsafe Runtime.MethodTable* m_pMethodTable;
#pragma warning restore CS0169, CS0649

    public Object()
    {
    }

    // No Finalize: there is no collector to call it. Equals, GetHashCode and ToString would be
    // virtual slots every type carries; the kernel subset uses none of them.
}
