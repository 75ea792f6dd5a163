using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Framework.Core;

/// <summary>
/// Reads a component image's metadata (without loading it) for static state: whether two
/// components of the binary could see each other through a static field if they shared code.
/// </summary>
/// <remarks>
/// The rule is the architecture rule of this code base ("Env is the only door"): a static field
/// that is neither a constant nor read-only is state, and so is a read-only static of an array
/// or a System.Collections.Generic type. Compiler-generated types (closure classes caching
/// delegates, state machines) do not count. A read-only static referring to some other mutable
/// object is not detected; the README of core says so.
/// </remarks>
internal static class ImageState
{
    /// <summary>The first static field of <paramref name="image"/> that holds state ("Type.field"), or null if it has none.</summary>
    /// <exception cref="BadImageFormatException">The bytes are not a .NET assembly.</exception>
    public static string? FirstMutableStatic(byte[] image)
    {
        using var pe = new PEReader(ImmutableArray.Create(image));
        if (!pe.HasMetadata)
            throw new BadImageFormatException("the image has no .NET metadata");
        var md = pe.GetMetadataReader();
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            if (IsCompilerGenerated(md, type))
                continue;
            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                var attributes = field.Attributes;
                if ((attributes & FieldAttributes.Static) == 0 || (attributes & FieldAttributes.Literal) != 0)
                    continue;
                if ((attributes & FieldAttributes.InitOnly) == 0 || IsMutableCollection(md, field))
                    return $"{md.GetString(type.Name)}.{md.GetString(field.Name)}";
            }
        }
        return null;
    }

    /// <summary>The names of the assemblies <paramref name="image"/> references.</summary>
    public static IReadOnlyList<string> References(byte[] image)
    {
        using var pe = new PEReader(ImmutableArray.Create(image));
        var md = pe.GetMetadataReader();
        return [.. md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name))];
    }

    private static bool IsCompilerGenerated(MetadataReader md, TypeDefinition type)
    {
        // Unspeakable names (<>c, <>c__DisplayClass0_0, <Main>d__1) are the compiler's.
        if (md.GetString(type.Name).StartsWith('<'))
            return true;
        var declaring = type.GetDeclaringType();
        return !declaring.IsNil && IsCompilerGenerated(md, md.GetTypeDefinition(declaring));
    }

    private static bool IsMutableCollection(MetadataReader md, FieldDefinition field)
    {
        var blob = md.GetBlobReader(field.Signature);
        if (blob.ReadSignatureHeader().Kind != SignatureKind.Field)
            return false;
        var code = blob.ReadSignatureTypeCode();
        while (code is SignatureTypeCode.RequiredModifier or SignatureTypeCode.OptionalModifier)
        {
            blob.ReadTypeHandle();
            code = blob.ReadSignatureTypeCode();
        }
        if (code is SignatureTypeCode.SZArray or SignatureTypeCode.Array)
            return true;
        if (code != SignatureTypeCode.GenericTypeInstance)
            return false;
        blob.ReadSignatureTypeCode();
        var generic = blob.ReadTypeHandle();
        return Namespace(md, generic) == "System.Collections.Generic";
    }

    private static string Namespace(MetadataReader md, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeReference => md.GetString(md.GetTypeReference((TypeReferenceHandle)handle).Namespace),
        HandleKind.TypeDefinition => md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)handle).Namespace),
        _ => "",
    };
}
