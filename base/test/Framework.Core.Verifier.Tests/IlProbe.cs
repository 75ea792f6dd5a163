using System.Reflection;
using System.Reflection.Emit;

namespace Framework.Core.Verifier.Tests;

/// <summary>
/// Hand-written IL, as a hostile author could ship it: what C# without 'unsafe' never produces
/// (.NET runs it anyway: it does not verify IL when it compiles it).
/// </summary>
internal static class IlProbe
{
    /// <summary>An image with public static class Evil.Component whose Construct(object) has the body <paramref name="body"/>.</summary>
    public static byte[] Component(Action<ILGenerator, TypeBuilder> body, Action<ModuleBuilder, TypeBuilder>? types = null)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName("evil"), typeof(object).Assembly);
        var module = assembly.DefineDynamicModule("evil");
        var type = module.DefineType("Evil.Component", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);
        types?.Invoke(module, type);
        var construct = type.DefineMethod("Construct", MethodAttributes.Public | MethodAttributes.Static, typeof(void), [typeof(object)]);
        var il = construct.GetILGenerator();
        body(il, type);
        type.CreateType();
        using var stream = new MemoryStream();
        assembly.Save(stream);
        return stream.ToArray();
    }
}
