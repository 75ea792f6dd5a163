using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Framework.Core.Verifier;

/// <summary>Method bodies: locals, exception clauses and every instruction.</summary>
internal sealed partial class ImageChecker
{
    private readonly List<IlInstruction> _instructions = [];

    private void CheckBody(MethodDefinitionHandle handle, MethodDefinition method, string location, MethodSignature<SignatureType> signature)
    {
        var body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        var locals = ImmutableArray<SignatureType>.Empty;
        if (!body.LocalSignature.IsNil)
        {
            locals = _md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_shapes, null);
            foreach (var named in _shapes.TakeNamed())
                CheckTypeRef(named, location, null, "has a local of type");
            foreach (var local in locals)
            {
                if (local.Pinned)
                    Add(location, null, "pins", $"a local of type {local.Display} (fixed)", Rule.Unsafe,
                        "pinning hands out the address of managed memory, the first step to reach outside it");
                else if (local.Pointer)
                    Add(location, null, "has a local of type", local.Display, local.FunctionPointer ? Rule.Interop : Rule.Unsafe,
                        local.FunctionPointer ? "a function pointer calls code the verifier cannot see" : "pointers reach memory outside the component's own objects");
            }
        }
        foreach (var region in body.ExceptionRegions)
        {
            if (region.Kind == ExceptionRegionKind.Catch && !region.CatchType.IsNil)
                CheckTypeToken(region.CatchType, location, region.HandlerOffset, "catches");
        }
        var il = body.GetILBytes() ?? [];
        if (!IlDecoder.TryDecode(il, _instructions, out var error))
        {
            Add(location, null, "has", "IL the verifier cannot read", Rule.Malformed, error);
            return;
        }
        var owner = method.GetDeclaringType();
        var isCctor = _md.GetString(method.Name) == ".cctor";
        for (var i = 0; i < _instructions.Count; i++)
            CheckInstruction(i, location, owner, isCctor);
        new AddressFlow(this, method, signature, locals, body, location).Run(_instructions);
    }

    private void CheckInstruction(int index, string location, TypeDefinitionHandle owner, bool isCctor)
    {
        var instruction = _instructions[index];
        var offset = instruction.Offset;
        switch (instruction.OpCode)
        {
            case ILOpCode.Call or ILOpCode.Callvirt:
                Uses(instruction, location, "calls");
                break;
            case ILOpCode.Newobj:
                Uses(instruction, location, "creates");
                break;
            case ILOpCode.Ldftn or ILOpCode.Ldvirtftn:
                Uses(instruction, location, "makes a delegate to");
                break;
            case ILOpCode.Ldfld or ILOpCode.Ldsfld:
                Uses(instruction, location, "reads");
                break;
            case ILOpCode.Stfld:
                Uses(instruction, location, "writes");
                break;
            case ILOpCode.Ldflda:
                Uses(instruction, location, "takes the address of");
                break;
            case ILOpCode.Stsfld or ILOpCode.Ldsflda:
                Uses(instruction, location, instruction.OpCode == ILOpCode.Stsfld ? "writes" : "takes the address of");
                CheckStaticWrite(index, location, owner, isCctor);
                break;
            case ILOpCode.Ldtoken:
                CheckLdtoken(instruction, location);
                break;
            case ILOpCode.Box or ILOpCode.Unbox or ILOpCode.Unbox_any or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Newarr
                or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Ldobj or ILOpCode.Stobj or ILOpCode.Cpobj
                or ILOpCode.Initobj or ILOpCode.Sizeof or ILOpCode.Constrained:
                Uses(instruction, location, "uses type");
                break;
            case ILOpCode.Localloc:
                Add(location, offset, "uses", "localloc (stackalloc)", Rule.Unsafe,
                    "stackalloc writes to the host thread's stack, which every component shares, and a large one ends the whole process; use an array");
                break;
            case ILOpCode.Calli:
                Add(location, offset, "uses", "calli (a call through a function pointer)", Rule.Interop, "a function pointer calls code the verifier cannot see");
                break;
            case ILOpCode.Jmp:
                Add(location, offset, "uses", "jmp", Rule.Unsafe, "jmp transfers control with the caller's arguments, past the type system's checks");
                break;
            case ILOpCode.Cpblk or ILOpCode.Initblk:
                Add(location, offset, "uses", instruction.OpCode == ILOpCode.Cpblk ? "cpblk" : "initblk", Rule.Unsafe,
                    "block copies write raw memory without bounds checks");
                break;
            case ILOpCode.Arglist or ILOpCode.Mkrefany or ILOpCode.Refanyval or ILOpCode.Refanytype:
                Add(location, offset, "uses", instruction.OpCode.ToString().ToLowerInvariant(), Rule.Unsafe,
                    "typed references and varargs bypass the type system's checks");
                break;
            case IlDecoder.NoPrefix:
                Add(location, offset, "uses", "the no. prefix", Rule.Unsafe, "it skips the runtime's type, range and null checks");
                break;
        }
    }

    private void Uses(IlInstruction instruction, string location, string use)
    {
        var token = MetadataTokens.EntityHandle(instruction.Operand);
        if (!IsValidToken(token))
        {
            Add(location, instruction.Offset, use, $"token 0x{instruction.Operand:x8}", Rule.Malformed, "the token names no row of the image's metadata");
            return;
        }
        foreach (var finding in FindingsOf(token))
            Add(location, instruction.Offset, use, ExplainInlineArrayHelper(location, finding));
    }

    /// <summary>
    /// The C# compiler implements params spans and collection expressions over inline arrays with
    /// helpers that call Unsafe and MemoryMarshal; say so, since the author never wrote the call.
    /// </summary>
    private static Finding ExplainInlineArrayHelper(string location, Finding finding) =>
        location.StartsWith("<PrivateImplementationDetails>.InlineArray", StringComparison.Ordinal)
            ? finding with { Explanation = "the C# compiler emits this helper for a params span or collection expression over an inline array (e.g. string.Join(\",\", a, b, c)); pass an array instead" }
            : finding;

    private bool IsValidToken(EntityHandle token)
    {
        if (token.IsNil)
            return false;
        var table = (TableIndex)((uint)MetadataTokens.GetToken(token) >> 24);
        return token.Kind switch
        {
            HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification or HandleKind.MethodDefinition
                or HandleKind.FieldDefinition or HandleKind.MemberReference or HandleKind.MethodSpecification or HandleKind.StandaloneSignature
                => MetadataTokens.GetRowNumber(token) <= _md.GetTableRowCount(table),
            _ => false,
        };
    }

    private void CheckLdtoken(IlInstruction instruction, string location)
    {
        var token = MetadataTokens.EntityHandle(instruction.Operand);
        if (!IsValidToken(token))
        {
            Add(location, instruction.Offset, "loads", $"token 0x{instruction.Operand:x8}", Rule.Malformed, "the token names no row of the image's metadata");
            return;
        }
        switch (token.Kind)
        {
            case HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification:
                Uses(instruction, location, "loads the type token of");
                break;
            case HandleKind.FieldDefinition when (_md.GetFieldDefinition((FieldDefinitionHandle)token).Attributes & FieldAttributes.HasFieldRVA) != 0:
                break; // an array or span initializer's constant data
            default:
                Add(location, instruction.Offset, "loads the handle of", Display(token), Rule.Reflection,
                    "member handles are reflection; only types and the image's own constant data may be loaded by token");
                break;
        }
    }

    /// <summary>
    /// Writes to static fields of the image itself: a read-only static only in its class
    /// constructor, a lambda cache only with the compiler's exact pattern (so it can only ever
    /// hold a delegate to the stateless singleton).
    /// </summary>
    private void CheckStaticWrite(int index, string location, TypeDefinitionHandle owner, bool isCctor)
    {
        var instruction = _instructions[index];
        if (OwnMember(MetadataTokens.EntityHandle(instruction.Operand)) is not { } target)
            return;
        var (declaring, name) = target;
        var field = _md.GetTypeDefinition(declaring).GetFields().Select(_md.GetFieldDefinition)
            .FirstOrDefault(f => _md.StringComparer.Equals(f.Name, name));
        if ((field.Attributes & FieldAttributes.Static) == 0)
            return;
        var display = MetadataNames.Display(_md, declaring) + "." + name;
        var type = _md.GetTypeDefinition(declaring);
        if (IsClosureCache(type) && name.StartsWith("<>9", StringComparison.Ordinal))
        {
            if (!IsClosureCacheWrite(index, declaring, name, isCctor && declaring == owner))
                Add(location, instruction.Offset, instruction.OpCode == ILOpCode.Stsfld ? "writes" : "takes the address of", display, Rule.StaticState,
                    "the compiler's lambda cache may only hold a delegate to its stateless singleton; anything else there is state shared by every component of the binary");
            return;
        }
        if (IsMethodGroupCache(type) && name.StartsWith('<'))
        {
            if (!IsMethodGroupCacheWrite(index))
                Add(location, instruction.Offset, instruction.OpCode == ILOpCode.Stsfld ? "writes" : "takes the address of", display, Rule.StaticState,
                    "the compiler's method group cache may only hold a delegate without a target; anything else there is state shared by every component of the binary");
            return;
        }
        if ((field.Attributes & FieldAttributes.InitOnly) != 0 && !(isCctor && declaring == owner) && instruction.OpCode == ILOpCode.Stsfld)
            Add(location, instruction.Offset, "writes", display, Rule.StaticState,
                "a read-only static written outside its class constructor is state shared by every component of the binary");
    }

    /// <summary>The type of the image and the name a field or method token names (directly, or on a generic instantiation of the image's own type).</summary>
    private (TypeDefinitionHandle Type, string Name)? OwnMember(EntityHandle token)
    {
        if (!IsValidToken(token))
            return null;
        switch (token.Kind)
        {
            case HandleKind.FieldDefinition:
                var field = _md.GetFieldDefinition((FieldDefinitionHandle)token);
                return (field.GetDeclaringType(), _md.GetString(field.Name));
            case HandleKind.MethodDefinition:
                var method = _md.GetMethodDefinition((MethodDefinitionHandle)token);
                return (method.GetDeclaringType(), _md.GetString(method.Name));
            case HandleKind.MethodSpecification:
                return OwnMember(_md.GetMethodSpecification((MethodSpecificationHandle)token).Method);
            case HandleKind.MemberReference:
                var member = _md.GetMemberReference((MemberReferenceHandle)token);
                if (member.Parent.Kind == HandleKind.TypeDefinition)
                    return ((TypeDefinitionHandle)member.Parent, _md.GetString(member.Name));
                if (member.Parent.Kind != HandleKind.TypeSpecification)
                    return null;
                var blob = _md.GetBlobReader(_md.GetTypeSpecification((TypeSpecificationHandle)member.Parent).Signature);
                if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
                    return null;
                blob.ReadSignatureTypeCode();
                var head = blob.ReadTypeHandle();
                return head.Kind == HandleKind.TypeDefinition ? ((TypeDefinitionHandle)head, _md.GetString(member.Name)) : null;
            default:
                return null;
        }
    }

    private bool IsClosureCacheWrite(int index, TypeDefinitionHandle cache, string field, bool inCctor)
    {
        var instruction = _instructions[index];
        if (instruction.OpCode != ILOpCode.Stsfld)
            return false;
        if (field == "<>9")
            return inCctor && index > 0 && _instructions[index - 1].OpCode == ILOpCode.Newobj && NewsUp(_instructions[index - 1], cache);
        // ldsfld <>9; ldftn <>c::<M>b__0_0; newobj Delegate::.ctor(object, native int); dup; stsfld <>9__0_0
        if (index < 4)
            return false;
        var load = _instructions[index - 4];
        var function = _instructions[index - 3];
        return load.OpCode == ILOpCode.Ldsfld && IsField(load, cache, "<>9")
            && function.OpCode == ILOpCode.Ldftn && IsMethodOf(function, cache)
            && _instructions[index - 2].OpCode == ILOpCode.Newobj
            && _instructions[index - 1].OpCode == ILOpCode.Dup;
    }

    /// <summary>ldnull; ldftn M; newobj Delegate::.ctor(object, native int); dup; stsfld &lt;&gt;O::&lt;0&gt;__M: a delegate without a target.</summary>
    private bool IsMethodGroupCacheWrite(int index) =>
        index >= 4 && _instructions[index].OpCode == ILOpCode.Stsfld
        && _instructions[index - 4].OpCode == ILOpCode.Ldnull
        && _instructions[index - 3].OpCode == ILOpCode.Ldftn
        && _instructions[index - 2].OpCode == ILOpCode.Newobj
        && _instructions[index - 1].OpCode == ILOpCode.Dup;

    private bool NewsUp(IlInstruction instruction, TypeDefinitionHandle type) =>
        OwnMember(MetadataTokens.EntityHandle(instruction.Operand)) is { } target && target.Type == type && target.Name == ".ctor";

    private bool IsField(IlInstruction instruction, TypeDefinitionHandle type, string name) =>
        OwnMember(MetadataTokens.EntityHandle(instruction.Operand)) is { } target && target.Type == type && target.Name == name;

    private bool IsMethodOf(IlInstruction instruction, TypeDefinitionHandle type) =>
        OwnMember(MetadataTokens.EntityHandle(instruction.Operand)) is { } target && target.Type == type && target.Name != ".ctor";
}
