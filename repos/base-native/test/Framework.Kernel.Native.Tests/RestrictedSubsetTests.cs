using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Framework.Kernel.Native.Memory;

namespace Framework.Kernel.Native.Tests;

/// <summary>
/// Guards the restricted subset of the kernel core (no mutable statics, no BCL collections or spans,
/// no throw or catch) on the compiled assembly, so every file added under src/kernel is covered.
/// </summary>
[TestFixture]
public sealed class RestrictedSubsetTests
{
    private static readonly Assembly Core = typeof(PhysicalMemoryManager).Assembly;

    private static readonly string[] ForbiddenNamespaces =
    [
        "System.Collections",
        "System.Collections.Generic",
        "System.Collections.Concurrent",
        "System.Collections.Immutable",
        "System.Collections.ObjectModel",
        "System.Linq",
        "System.Text",
        "System.Threading.Tasks",
    ];

    private static readonly string[] ForbiddenTypes = ["System.Span`1", "System.ReadOnlySpan`1", "System.Memory`1", "System.Exception"];

    [Test]
    public void No_type_has_a_mutable_static_field()
    {
        const BindingFlags flags = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        string[] offenders = Core.GetTypes()
            .SelectMany(t => t.GetFields(flags).Select(f => (Type: t, Field: f)))
            .Where(x => !x.Field.IsLiteral && !x.Field.IsInitOnly)
            .Select(x => x.Type.FullName + "." + x.Field.Name)
            .ToArray();
        Assert.That(offenders, Is.Empty);
    }

    [Test]
    public void No_collection_span_or_exception_types_are_referenced()
    {
        using var pe = new PEReader(File.OpenRead(Core.Location));
        MetadataReader md = pe.GetMetadataReader();
        var referenced = md.TypeReferences
            .Select(h => md.GetTypeReference(h))
            .Select(r => (Namespace: md.GetString(r.Namespace), Name: md.GetString(r.Name)))
            .ToArray();

        Assert.That(referenced, Is.Not.Empty, "sanity: the core references at least System.Object");
        string[] badNamespaces = referenced.Where(r => ForbiddenNamespaces.Contains(r.Namespace)).Select(r => r.Namespace + "." + r.Name).ToArray();
        string[] badTypes = referenced.Select(r => r.Namespace + "." + r.Name).Where(ForbiddenTypes.Contains).ToArray();
        Assert.That(badNamespaces, Is.Empty);
        Assert.That(badTypes, Is.Empty);
    }

    [Test]
    public void No_method_throws_or_catches()
    {
        Dictionary<ushort, OperandType> operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => (ushort)o.Value, o => o.OperandType);

        using var pe = new PEReader(File.OpenRead(Core.Location));
        MetadataReader md = pe.GetMetadataReader();
        var offenders = new List<string>();
        int methods = 0;
        foreach (MethodDefinitionHandle handle in md.MethodDefinitions)
        {
            MethodDefinition method = md.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            methods++;
            string name = md.GetString(md.GetTypeDefinition(method.GetDeclaringType()).Name) + "." + md.GetString(method.Name);
            MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (body.ExceptionRegions.Any(r => r.Kind is ExceptionRegionKind.Catch or ExceptionRegionKind.Filter))
            {
                offenders.Add(name + ": catch");
            }

            if (ContainsThrow(body.GetILBytes()!, operands))
            {
                offenders.Add(name + ": throw");
            }
        }

        Assert.That(methods, Is.GreaterThan(50), "sanity: method bodies were found");
        Assert.That(offenders, Is.Empty);
    }

    /// <summary>
    /// base-hw's rule for the kernel: memory for kernel objects comes from core, at boot or with the
    /// request. So managed allocation (newobj, newarr, box) is allowed only where the kernel is being
    /// built: constructors, the static factories, the selftests (which run at boot), and the few
    /// convenience methods marked [AllocatesForCore] that allocate on core's behalf.
    /// </summary>
    [Test]
    public void Only_construction_and_marked_methods_allocate()
    {
        Dictionary<ushort, OperandType> operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => (ushort)o.Value, o => o.OperandType);
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        int allocating = 0;
        foreach (Type type in Core.GetTypes().Where(t => t.Namespace != "Framework.Kernel.Native.Selftest"))
        {
            foreach (MethodBase method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null || !Allocates(method.Module, il, operands))
                {
                    continue;
                }

                allocating++;
                bool construction = method.IsConstructor || (method.IsStatic && method.Name == "Create");
                bool marked = method.CustomAttributes.Any(a => a.AttributeType.Name == "AllocatesForCoreAttribute");
                if (!construction && !marked)
                {
                    offenders.Add(type.Name + "." + method.Name);
                }
            }
        }

        Assert.That(allocating, Is.GreaterThan(5), "sanity: the constructors that build the tables were found");
        Assert.That(offenders, Is.Empty);
    }

    private static bool Allocates(Module module, byte[] il, Dictionary<ushort, OperandType> operands)
    {
        int i = 0;
        while (i < il.Length)
        {
            ushort code = il[i] == 0xFE ? (ushort)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            if (code == OpCodes.Newarr.Value || code == OpCodes.Box.Value)
            {
                return true;
            }

            // newobj of a struct constructor builds a value on the stack, not an object.
            if (code == OpCodes.Newobj.Value && module.ResolveMethod(BitConverter.ToInt32(il, i))?.DeclaringType?.IsValueType != true)
            {
                return true;
            }

            i += OperandSize(operands[code], il, i);
        }

        return false;
    }

    private static int OperandSize(OperandType operand, byte[] il, int i) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
        _ => 4,
    };

    private static bool ContainsThrow(byte[] il, Dictionary<ushort, OperandType> operands)
    {
        int i = 0;
        while (i < il.Length)
        {
            ushort code = il[i] == 0xFE ? (ushort)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            if (code == OpCodes.Throw.Value || code == (ushort)OpCodes.Rethrow.Value)
            {
                return true;
            }

            OperandType operand = operands[code];
            i += operand switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
        }

        return false;
    }
}
