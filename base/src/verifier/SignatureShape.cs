using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Framework.Core.Verifier;

/// <summary>What a value of a type is on the IL evaluation stack, as far as address safety cares.</summary>
internal enum StackKind : byte
{
    Void,
    Int32,
    Int64,
    NativeInt,
    Float,
    Object,
    Value,
    ByRef,
    FunctionPointer,

    /// <summary>A generic parameter: an object or a value, never an address.</summary>
    Generic,

    /// <summary>Paths that meet with different kinds; nothing may rely on it being an address.</summary>
    Unknown,
}

/// <summary>A type read from a signature: how C# would write it, its stack kind, whether it involves pointers.</summary>
internal sealed record SignatureType(string Display, StackKind Kind, bool Pointer = false, bool FunctionPointer = false, bool Pinned = false)
{
    /// <summary>For a generic instantiation: how its type arguments are written.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary><paramref name="text"/> with the generic parameters "!0" (<paramref name="method"/>: "!!0") replaced by <paramref name="arguments"/>.</summary>
    public static string Substitute(string text, IReadOnlyList<string> arguments, bool method)
    {
        if (arguments.Count == 0)
            return text;
        var pattern = method ? @"!!(\d+)" : @"(?<!!)!(\d+)";
        return System.Text.RegularExpressions.Regex.Replace(text, pattern,
            m => int.TryParse(m.Groups[1].ValueSpan, out var i) && i < arguments.Count ? arguments[i] : m.Value);
    }

    public static readonly SignatureType Void = new("void", StackKind.Void);
}

/// <summary>
/// Decodes signatures into <see cref="SignatureType"/>s and records every type reference it meets,
/// so the checker can hold each named type against the allow-list at the place it is named.
/// </summary>
internal sealed class SignatureShapes(MetadataReader md, Func<TypeReferenceHandle, string> display) : ISignatureTypeProvider<SignatureType, object?>
{
    private readonly List<TypeReferenceHandle> _named = [];

    /// <summary>The type references named since the last <see cref="TakeNamed"/>.</summary>
    public IReadOnlyList<TypeReferenceHandle> TakeNamed()
    {
        var named = _named.ToArray();
        _named.Clear();
        return named;
    }

    public SignatureType GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
    {
        PrimitiveTypeCode.Void => SignatureType.Void,
        PrimitiveTypeCode.Boolean => new("bool", StackKind.Int32),
        PrimitiveTypeCode.Char => new("char", StackKind.Int32),
        PrimitiveTypeCode.SByte => new("sbyte", StackKind.Int32),
        PrimitiveTypeCode.Byte => new("byte", StackKind.Int32),
        PrimitiveTypeCode.Int16 => new("short", StackKind.Int32),
        PrimitiveTypeCode.UInt16 => new("ushort", StackKind.Int32),
        PrimitiveTypeCode.Int32 => new("int", StackKind.Int32),
        PrimitiveTypeCode.UInt32 => new("uint", StackKind.Int32),
        PrimitiveTypeCode.Int64 => new("long", StackKind.Int64),
        PrimitiveTypeCode.UInt64 => new("ulong", StackKind.Int64),
        PrimitiveTypeCode.Single => new("float", StackKind.Float),
        PrimitiveTypeCode.Double => new("double", StackKind.Float),
        PrimitiveTypeCode.IntPtr => new("nint", StackKind.NativeInt),
        PrimitiveTypeCode.UIntPtr => new("nuint", StackKind.NativeInt),
        PrimitiveTypeCode.String => new("string", StackKind.Object),
        PrimitiveTypeCode.Object => new("object", StackKind.Object),
        // A TypedReference carries an address and a type past the type system's checks.
        PrimitiveTypeCode.TypedReference => new("System.TypedReference", StackKind.Value, Pointer: true),
        _ => new(typeCode.ToString(), StackKind.Unknown),
    };

    public SignatureType GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        var type = reader.GetTypeDefinition(handle);
        return new(MetadataNames.Display(reader, handle), KindOf(rawTypeKind, IsEnum(type)));
    }

    public SignatureType GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        _named.Add(handle);
        return new(display(handle), KindOf(rawTypeKind, enumType: false));
    }

    public SignatureType GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public SignatureType GetSZArrayType(SignatureType elementType) => elementType with { Display = elementType.Display + "[]", Kind = StackKind.Object };

    public SignatureType GetArrayType(SignatureType elementType, ArrayShape shape) =>
        elementType with { Display = elementType.Display + "[" + new string(',', Math.Max(0, shape.Rank - 1)) + "]", Kind = StackKind.Object };

    public SignatureType GetByReferenceType(SignatureType elementType) => elementType with { Display = "ref " + elementType.Display, Kind = StackKind.ByRef };

    public SignatureType GetPointerType(SignatureType elementType) => elementType with { Display = elementType.Display + "*", Kind = StackKind.NativeInt, Pointer = true };

    public SignatureType GetGenericInstantiation(SignatureType genericType, ImmutableArray<SignatureType> typeArguments)
    {
        var name = genericType.Display;
        var tick = name.LastIndexOf('`');
        if (tick > 0)
            name = name[..tick];
        return new(name + "<" + string.Join(", ", typeArguments.Select(a => a.Display)) + ">", genericType.Kind,
            typeArguments.Any(a => a.Pointer), typeArguments.Any(a => a.FunctionPointer))
        { Arguments = [.. typeArguments.Select(a => a.Display)] };
    }

    public SignatureType GetGenericTypeParameter(object? genericContext, int index) => new("!" + index, StackKind.Generic);

    public SignatureType GetGenericMethodParameter(object? genericContext, int index) => new("!!" + index, StackKind.Generic);

    public SignatureType GetFunctionPointerType(MethodSignature<SignatureType> signature) =>
        new("delegate*<" + string.Join(", ", signature.ParameterTypes.Append(signature.ReturnType).Select(t => t.Display)) + ">",
            StackKind.NativeInt, Pointer: true, FunctionPointer: true);

    public SignatureType GetModifiedType(SignatureType modifier, SignatureType unmodifiedType, bool isRequired) => unmodifiedType;

    public SignatureType GetPinnedType(SignatureType elementType) => elementType with { Pinned = true };

    private static StackKind KindOf(byte rawTypeKind, bool enumType) => rawTypeKind switch
    {
        (byte)SignatureTypeKind.ValueType => enumType ? StackKind.Int32 : StackKind.Value,
        (byte)SignatureTypeKind.Class => StackKind.Object,
        _ => StackKind.Unknown,
    };

    private bool IsEnum(TypeDefinition type)
    {
        if (type.BaseType.Kind != HandleKind.TypeReference)
            return false;
        var baseType = md.GetTypeReference((TypeReferenceHandle)type.BaseType);
        return md.StringComparer.Equals(baseType.Name, "Enum") && md.StringComparer.Equals(baseType.Namespace, "System");
    }
}
