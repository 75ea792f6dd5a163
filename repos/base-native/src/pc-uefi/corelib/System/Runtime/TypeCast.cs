using System.Runtime.CompilerServices;

namespace System.Runtime;

/// <summary>
/// Casts and array-store checks, as ilc's code calls them. Classes are checked along the parent
/// chain, interfaces through the type's interface map; a failed cast halts (no exceptions here).
/// Variance and arrays of arrays are not supported: the kernel subset does not use them.
/// </summary>
internal static unsafe class TypeCast
{
    private static MethodTable** InterfaceMap(MethodTable* type) =>
        (MethodTable**)((byte*)type + sizeof(MethodTable) + (sizeof(void*) * type->NumVtableSlots));

    private static bool Implements(MethodTable* type, MethodTable* iface)
    {
        for (MethodTable* t = type; t != null; t = t->RelatedType)
        {
            MethodTable** map = InterfaceMap(t);
            for (int i = 0; i < t->NumInterfaces; i++)
            {
                if (map[i] == iface)
                {
                    return true;
                }
            }

            // Arrays keep their element type in RelatedType: no parent chain to follow.
            if (t->ComponentSize != 0)
            {
                break;
            }
        }

        return false;
    }

    private static bool IsSubclass(MethodTable* type, MethodTable* target)
    {
        for (MethodTable* t = type; t != null; t = t->ComponentSize != 0 ? null : t->RelatedType)
        {
            if (t == target)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(MethodTable* target, object obj)
    {
        MethodTable* type = obj.m_pMethodTable;
        return type == target || IsSubclass(type, target) || Implements(type, target);
    }

    public static object? IsInstanceOfClass(MethodTable* target, object? obj) =>
        obj == null || IsSubclass(obj.m_pMethodTable, target) ? obj : null;

    public static object? IsInstanceOfInterface(MethodTable* target, object? obj) =>
        obj == null || Implements(obj.m_pMethodTable, target) ? obj : null;

    public static object? IsInstanceOfAny(MethodTable* target, object? obj) =>
        obj == null || Is(target, obj) ? obj : null;

    /// <summary>Used by catch clauses, which the kernel subset does not have.</summary>
    public static bool IsInstanceOfException(MethodTable* target, object? obj) => obj != null && IsSubclass(obj.m_pMethodTable, target);

    public static object? CheckCastClass(MethodTable* target, object? obj) => Checked(IsInstanceOfClass(target, obj), obj);

    public static object? CheckCastClassSpecial(MethodTable* target, object? obj) => Checked(IsInstanceOfClass(target, obj), obj);

    public static object? CheckCastInterface(MethodTable* target, object? obj) => Checked(IsInstanceOfInterface(target, obj), obj);

    public static object? CheckCastAny(MethodTable* target, object? obj) => Checked(IsInstanceOfAny(target, obj), obj);

    private static object? Checked(object? result, object? obj)
    {
        if (result == null && obj != null)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowInvalidCastException();
        }

        return result;
    }

    private struct Element
    {
        public object? Value;
    }

    public static void StelemRef(object?[] array, nint index, object? obj)
    {
        if ((nuint)index >= (nuint)array.Length)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
        }

        if (obj != null && !Is(array.m_pMethodTable->RelatedType, obj))
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArrayTypeMismatchException();
        }

        Unsafe.As<Element[]>(array)[index].Value = obj;
    }

    public static ref object? LdelemaRef(object?[] array, nint index, MethodTable* elementType)
    {
        if (array.m_pMethodTable->RelatedType != elementType)
        {
            Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArrayTypeMismatchException();
        }

        return ref Unsafe.As<Element[]>(array)[index].Value;
    }
}
