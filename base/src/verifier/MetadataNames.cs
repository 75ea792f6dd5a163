using System.Reflection.Metadata;

namespace Framework.Core.Verifier;

/// <summary>Names of metadata entities as messages and the allow-list write them.</summary>
internal static class MetadataNames
{
    /// <summary>Namespace and metadata name ("List`1+Enumerator") of a type reference, and the assembly it resolves to (empty: not an assembly).</summary>
    public static (string Namespace, string Name, string Assembly) Reference(MetadataReader md, TypeReferenceHandle handle)
    {
        var name = "";
        var depth = 0;
        while (true)
        {
            var type = md.GetTypeReference(handle);
            name = name.Length == 0 ? md.GetString(type.Name) : md.GetString(type.Name) + "+" + name;
            var scope = type.ResolutionScope;
            if (scope.Kind == HandleKind.TypeReference && ++depth < 64)
            {
                handle = (TypeReferenceHandle)scope;
                continue;
            }
            var assembly = scope.Kind == HandleKind.AssemblyReference && !scope.IsNil
                ? md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name)
                : "";
            return (md.GetString(type.Namespace), name, assembly);
        }
    }

    /// <summary>"Namespace.Outer.Inner" of a type definition.</summary>
    public static string Display(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        for (var depth = 0; !declaring.IsNil && depth < 64; depth++)
        {
            var outer = md.GetTypeDefinition(declaring);
            name = md.GetString(outer.Name) + "." + name;
            type = outer;
            declaring = outer.GetDeclaringType();
        }
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>"System.Collections.Generic.List`1.Enumerator" of a reference, for messages.</summary>
    public static string Display(string ns, string name) => (ns.Length == 0 ? "" : ns + ".") + name.Replace('+', '.');

    /// <summary>"Evil.Component.Construct" of a method definition.</summary>
    public static string Display(MetadataReader md, MethodDefinitionHandle handle)
    {
        var method = md.GetMethodDefinition(handle);
        return Display(md, method.GetDeclaringType()) + "." + md.GetString(method.Name);
    }

    /// <summary>The assemblies of the BCL (and packages in its namespaces): held against the allow-list.</summary>
    public static bool IsBclAssembly(string name) =>
        name is "mscorlib" or "netstandard" or "System"
        || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Microsoft.", StringComparison.Ordinal);

    /// <summary>Namespaces of the BCL: a type in one is held against the allow-list, whatever assembly claims it.</summary>
    public static bool IsBclNamespace(string ns) =>
        ns is "System" or "Microsoft" or "Internal"
        || ns.StartsWith("System.", StringComparison.Ordinal)
        || ns.StartsWith("Microsoft.", StringComparison.Ordinal)
        || ns.StartsWith("Internal.", StringComparison.Ordinal);
}
