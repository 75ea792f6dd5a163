using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Framework.Core.Verifier;

/// <summary>
/// Verifies one image (a component's binary or a library it loads from ROM) without loading it:
/// its metadata (types, fields, method signatures, attributes, references) and every method
/// body's IL. One instance per image; <see cref="Check"/> never throws for bad bytes.
/// </summary>
internal sealed partial class ImageChecker
{
    /// <summary>More violations than this in one image are summarized in one last line (bounded memory for hostile images).</summary>
    public const int MaxViolations = 200;

    private readonly AllowList _allow;
    private readonly Refusals _refusals;
    private readonly VerificationPolicy _policy;
    private readonly byte[] _bytes;
    private readonly List<Violation> _violations = [];
    private readonly Dictionary<EntityHandle, IReadOnlyList<Finding>> _findings = [];
    private readonly Dictionary<EntityHandle, string> _displays = [];
    private readonly Dictionary<TypeReferenceHandle, TypeRef> _typeRefs = [];
    private readonly Dictionary<EntityHandle, MethodSignature<SignatureType>> _signatures = [];
    private int _dropped;
    private string _image = "?";
    private bool _library;
    private MetadataReader _md = null!;
    private PEReader _pe = null!;
    private SignatureShapes _shapes = null!;

    public ImageChecker(AllowList allow, Refusals refusals, VerificationPolicy policy, byte[] bytes)
    {
        _allow = allow;
        _refusals = refusals;
        _policy = policy;
        _bytes = bytes;
    }

    /// <summary>Where a type reference leads.</summary>
    private enum Origin
    {
        /// <summary>The image itself.</summary>
        Own,

        /// <summary>The BCL: held against the allow-list.</summary>
        Bcl,

        /// <summary>A trusted framework assembly.</summary>
        Framework,

        /// <summary>Another assembly, which the loader takes from ROM and the verifier verifies too.</summary>
        Library,

        /// <summary>Another module or nothing: the loader cannot load it as a component library.</summary>
        Foreign,
    }

    private readonly record struct TypeRef(string Namespace, string Name, string Assembly, Origin Origin)
    {
        public string Key => Namespace.Length == 0 ? Name : Namespace + "." + Name;
        public string Display => MetadataNames.Display(Namespace, Name);
    }

    /// <summary>Verifies the image; <paramref name="library"/> says whether it is a library the component loads.</summary>
    public ImageReport Check(bool library)
    {
        _library = library;
        try
        {
            using var pe = new PEReader(ImmutableArray.Create(_bytes));
            if (!pe.HasMetadata)
                return Malformed("the image has no .NET metadata (is it a .NET assembly?)");
            _pe = pe;
            _md = pe.GetMetadataReader();
            _shapes = new SignatureShapes(_md, h => TypeRefOf(h).Display);
            if (!_md.IsAssembly)
                return Malformed("the image is a module without an assembly manifest");
            _image = _md.GetString(_md.GetAssemblyDefinition().Name);
            CheckAssembly();
            var libraries = LibraryReferences();
            foreach (var type in _md.TypeDefinitions)
                CheckType(type);
            if (_dropped > 0)
                _violations.Add(new Violation("", _image, "assembly " + _image, null, "has", $"{_dropped} more violations", Rule.Malformed,
                    $"only the first {MaxViolations} are listed") { InLibrary = _library });
            return new ImageReport(_image, libraries, _violations);
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or ArgumentException or IndexOutOfRangeException
            or OverflowException or NotSupportedException or InvalidCastException)
        {
            // System.Reflection.Metadata reports hostile bytes with these; they are input errors here.
            return Malformed($"the image cannot be read ({e.GetType().Name}: {e.Message})");
        }
    }

    private ImageReport Malformed(string what)
    {
        _violations.Add(new Violation("", _image, "image " + _image, null, "is", "malformed", Rule.Malformed, what) { InLibrary = _library });
        return new ImageReport(_image, [], _violations);
    }

    private void Add(string location, int? offset, string use, Finding finding) =>
        Add(location, offset, use, finding.Member, finding.Rule, finding.Explanation);

    private void Add(string location, int? offset, string use, string member, Rule rule, string explanation)
    {
        if (_violations.Count >= MaxViolations)
        {
            _dropped++;
            return;
        }
        _violations.Add(new Violation("", _image, location, offset, use, member, rule, explanation) { InLibrary = _library });
    }

    // --- The assembly ---------------------------------------------------------------------------

    private void CheckAssembly()
    {
        var location = "assembly " + _image;
        if (IsReserved(_image))
            Add(location, null, "is named", _image, Rule.Loading,
                "the name of a shared assembly; a component or library with it would be taken for the framework or the BCL (and granted its internals)");
        CheckAttributes(_md.GetAssemblyDefinition().GetCustomAttributes(), location);
        CheckAttributes(_md.GetModuleDefinition().GetCustomAttributes(), "module " + _image);
        foreach (var handle in _md.AssemblyFiles)
            Add(location, null, "has", "file " + _md.GetString(_md.GetAssemblyFile(handle).Name), Rule.Loading,
                "a multi-file assembly loads code the verifier did not see");
        foreach (var handle in _md.ExportedTypes)
        {
            var exported = _md.GetExportedType(handle);
            Add(location, null, "forwards", MetadataNames.Display(_md.GetString(exported.Namespace), _md.GetString(exported.Name)), Rule.Loading,
                "a type forwarder redirects references the verifier checked to another assembly");
        }
        for (var row = 1; row <= _md.GetTableRowCount(TableIndex.ModuleRef); row++)
        {
            var handle = MetadataTokens.ModuleReferenceHandle(row);
            // P/Invoke declarations name their module; they are refused where they are declared.
            if (!_md.MethodDefinitions.Any(m => IsPinvokeFrom(m, handle)))
                Add(location, null, "references", "module " + _md.GetString(_md.GetModuleReference(handle).Name), Rule.Loading,
                    "code in another module escapes verification");
        }
    }

    private bool IsPinvokeFrom(MethodDefinitionHandle handle, ModuleReferenceHandle module)
    {
        var method = _md.GetMethodDefinition(handle);
        return (method.Attributes & MethodAttributes.PinvokeImpl) != 0 && method.GetImport().Module == module;
    }

    /// <summary>
    /// Names a verified image must not have: the framework's and the BCL's (the loader shares
    /// those with core), the host's (core, kernels, tools) and test assemblies (framework
    /// assemblies grant their internals to tests by simple name).
    /// </summary>
    private bool IsReserved(string name) =>
        _policy.FrameworkAssemblies.Contains(name) || MetadataNames.IsBclAssembly(name)
        || name.StartsWith("Framework.Core", StringComparison.Ordinal) || name.StartsWith("Framework.Kernel", StringComparison.Ordinal)
        || name.StartsWith("Framework.Tool", StringComparison.Ordinal) || name.StartsWith("Framework.Run", StringComparison.Ordinal)
        || name.EndsWith(".Tests", StringComparison.Ordinal);

    /// <summary>Assemblies the image references that the loader takes from ROM (neither BCL nor framework); a reference it cannot load from anywhere is a violation where it is checked.</summary>
    private IReadOnlyList<string> LibraryReferences()
    {
        var names = new List<string>();
        foreach (var handle in _md.AssemblyReferences)
        {
            var name = _md.GetString(_md.GetAssemblyReference(handle).Name);
            if (!MetadataNames.IsBclAssembly(name) && !_policy.FrameworkAssemblies.Contains(name) && !names.Contains(name))
                names.Add(name);
        }
        return names;
    }

    // --- Types, fields, methods -----------------------------------------------------------------

    private void CheckType(TypeDefinitionHandle handle)
    {
        var type = _md.GetTypeDefinition(handle);
        var display = MetadataNames.Display(_md, handle);
        var location = "type " + display;
        var name = _md.GetString(type.Name);
        if (_md.GetString(type.Namespace) == "System.Runtime.CompilerServices" && name == "IgnoresAccessChecksToAttribute")
            Add(location, null, "declares", display, Rule.Loading, "the runtime lets an assembly with this attribute use another assembly's internals (the framework's, core's)");
        if (!type.BaseType.IsNil)
            CheckTypeToken(type.BaseType, location, null, "derives from");
        foreach (var impl in type.GetInterfaceImplementations())
            CheckTypeToken(_md.GetInterfaceImplementation(impl).Interface, location, null, "implements");
        CheckGenericParameters(type.GetGenericParameters(), location);
        CheckAttributes(type.GetCustomAttributes(), location);
        if ((type.Attributes & TypeAttributes.LayoutMask) == TypeAttributes.ExplicitLayout)
            CheckExplicitLayout(type, display);
        var closureCache = IsClosureCache(type);
        foreach (var field in type.GetFields())
            CheckField(handle, type, field, closureCache);
        foreach (var method in type.GetMethods())
            CheckMethod(type, method);
        if (name == "<Module>" && type.GetDeclaringType().IsNil && type.GetMethods().Count > 0)
        {
            var first = MetadataNames.Display(_md, type.GetMethods().First());
            Add(first, null, "is", "a global method", Rule.Loading,
                "code in <Module> (a module initializer) runs when the image is first touched, before the component's entry Component.Construct(Env)");
        }
    }

    private void CheckGenericParameters(GenericParameterHandleCollection parameters, string location)
    {
        foreach (var handle in parameters)
        {
            var parameter = _md.GetGenericParameter(handle);
            foreach (var constraint in parameter.GetConstraints())
                CheckTypeToken(_md.GetGenericParameterConstraint(constraint).Type, location, null, "constrains a parameter to");
            CheckAttributes(parameter.GetCustomAttributes(), location);
        }
    }

    private void CheckExplicitLayout(TypeDefinition type, string display)
    {
        // Overlaid fields of reference or struct type forge object references without any unsafe instruction.
        foreach (var handle in type.GetFields())
        {
            var field = _md.GetFieldDefinition(handle);
            if ((field.Attributes & FieldAttributes.Static) != 0)
                continue;
            var shape = field.DecodeSignature(_shapes, null);
            _shapes.TakeNamed();
            if (shape.Kind is not (StackKind.Int32 or StackKind.Int64 or StackKind.Float or StackKind.NativeInt) || shape.Pointer)
            {
                Add("type " + display, null, "overlays", $"field {_md.GetString(field.Name)} of type {shape.Display}", Rule.Unsafe,
                    "explicit layout may only overlay primitive numbers; overlaid references or structs forge object references");
                return;
            }
        }
    }

    /// <summary>The C# compiler's cache of non-capturing lambdas ("&lt;&gt;c"): no instance state, a singleton and delegate caches.</summary>
    /// <summary>The C# compiler's cache of delegates to static methods ("&lt;&gt;O"): static delegate fields only, never a target object.</summary>
    private bool IsMethodGroupCache(TypeDefinition type) =>
        _md.GetString(type.Name) is var name && (name == "<>O" || name.StartsWith("<>O__", StringComparison.Ordinal)) && !type.GetDeclaringType().IsNil
        && type.GetFields().All(f => (_md.GetFieldDefinition(f).Attributes & FieldAttributes.Static) != 0);

    private bool IsClosureCache(TypeDefinition type) =>
        _md.GetString(type.Name) is var name && (name == "<>c" || name.StartsWith("<>c__", StringComparison.Ordinal)) && !name.StartsWith("<>c__DisplayClass", StringComparison.Ordinal)
        && !type.GetDeclaringType().IsNil
        && type.GetFields().All(f => (_md.GetFieldDefinition(f).Attributes & FieldAttributes.Static) != 0);

    private void CheckField(TypeDefinitionHandle owner, TypeDefinition type, FieldDefinitionHandle handle, bool closureCache)
    {
        var field = _md.GetFieldDefinition(handle);
        var fieldName = _md.GetString(field.Name);
        var display = MetadataNames.Display(_md, owner) + "." + fieldName;
        var location = "field " + display;
        var shape = field.DecodeSignature(_shapes, null);
        foreach (var named in _shapes.TakeNamed())
            CheckTypeRef(named, location, null, "has type");
        if (shape.Pointer)
            Add(location, null, "has type", shape.Display, shape.FunctionPointer ? Rule.Interop : Rule.Unsafe,
                shape.FunctionPointer ? "a function pointer calls code the verifier cannot see" : "pointers reach memory outside the component's own objects");
        CheckAttributes(field.GetCustomAttributes(), location);
        var attributes = field.Attributes;
        if ((attributes & FieldAttributes.Static) == 0 || (attributes & FieldAttributes.Literal) != 0)
            return;
        var typeName = _md.GetString(type.Name);
        if (typeName == "<PrivateImplementationDetails>" && (attributes & FieldAttributes.HasFieldRVA) != 0)
            return; // the compiler's constant data (array and span initializers): read-only bytes in the image
        if (closureCache && (fieldName == "<>9" || fieldName.StartsWith("<>9__", StringComparison.Ordinal)))
            return; // the lambda cache; its writes are checked where they happen (CheckStaticWrite)
        if (IsMethodGroupCache(type) && fieldName.StartsWith('<'))
            return; // the method group cache; its writes are checked where they happen (CheckStaticWrite)
        if ((attributes & FieldAttributes.InitOnly) == 0)
            Add(location, null, "is", "a writable static field", Rule.StaticState,
                "static state is shared by every component of the binary; keep state in objects reached from Construct(Env)");
        else if (shape.Display.EndsWith(']') || IsCollection(shape.Display))
            Add(location, null, "is", $"a static {shape.Display}", Rule.StaticState,
                "a static array or collection is state shared by every component of the binary; keep it in an object reached from Construct(Env)");
    }

    private static bool IsCollection(string display) =>
        display.StartsWith("System.Collections.Generic.", StringComparison.Ordinal)
        || display.StartsWith("System.Collections.Concurrent.", StringComparison.Ordinal)
        || display.StartsWith("System.Collections.ArrayList", StringComparison.Ordinal)
        || display.StartsWith("System.Collections.Hashtable", StringComparison.Ordinal)
        || display.StartsWith("System.Text.StringBuilder", StringComparison.Ordinal);

    private void CheckMethod(TypeDefinition type, MethodDefinitionHandle handle)
    {
        var method = _md.GetMethodDefinition(handle);
        var location = MetadataNames.Display(_md, handle);
        var name = _md.GetString(method.Name);
        var signature = DecodeDefinition(handle, method);
        foreach (var named in _shapes.TakeNamed())
            CheckTypeRef(named, location, null, "names in its signature");
        foreach (var part in signature.ParameterTypes.Prepend(signature.ReturnType))
        {
            if (part.Pointer)
            {
                Add(location, null, "has in its signature", part.Display, part.FunctionPointer ? Rule.Interop : Rule.Unsafe,
                    part.FunctionPointer ? "a function pointer calls code the verifier cannot see" : "pointers reach memory outside the component's own objects");
                break;
            }
        }
        CheckGenericParameters(method.GetGenericParameters(), location);
        CheckAttributes(method.GetCustomAttributes(), location);
        foreach (var parameter in method.GetParameters())
            CheckAttributes(_md.GetParameter(parameter).GetCustomAttributes(), location);
        if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0)
        {
            var import = method.GetImport();
            var module = import.Module.IsNil ? "?" : _md.GetString(_md.GetModuleReference(import.Module).Name);
            Add(location, null, "declares", $"a P/Invoke of {_md.GetString(import.Name)} in \"{module}\" (DllImport)", Rule.Interop,
                "native code runs outside every rule of the framework");
        }
        var impl = method.ImplAttributes;
        if ((impl & MethodImplAttributes.CodeTypeMask) != MethodImplAttributes.IL && !(IsDelegate(type) && (impl & MethodImplAttributes.CodeTypeMask) == MethodImplAttributes.Runtime))
            Add(location, null, "is", "implemented outside IL (native or runtime code)", Rule.Interop, "native code runs outside every rule of the framework");
        if ((impl & MethodImplAttributes.InternalCall) != 0)
            Add(location, null, "is", "an internal call into the runtime", Rule.Interop, "native code runs outside every rule of the framework");
        if (name == "Finalize" && signature.ParameterTypes.Length == 0 && (method.Attributes & MethodAttributes.Virtual) != 0
            && (method.Attributes & MethodAttributes.Static) == 0)
            Add(location, null, "is", "a finalizer", Rule.HostThreads,
                "finalizers run on the runtime's finalizer thread, outside the kernel's scheduling; release resources explicitly (IDisposable)");
        if (method.RelativeVirtualAddress != 0)
            CheckBody(handle, method, location, signature);
    }

    private bool IsDelegate(TypeDefinition type)
    {
        if (type.BaseType.Kind != HandleKind.TypeReference)
            return false;
        var baseType = TypeRefOf((TypeReferenceHandle)type.BaseType);
        return baseType.Origin == Origin.Bcl && baseType.Key == "System.MulticastDelegate";
    }

    private MethodSignature<SignatureType> DecodeDefinition(MethodDefinitionHandle handle, MethodDefinition method)
    {
        if (_signatures.TryGetValue(handle, out var signature))
        {
            _shapes.TakeNamed();
            return signature;
        }
        signature = method.DecodeSignature(_shapes, null);
        _signatures[handle] = signature;
        return signature;
    }

    // --- Attributes and type tokens ---------------------------------------------------------------

    private void CheckAttributes(CustomAttributeHandleCollection attributes, string location)
    {
        foreach (var handle in attributes)
        {
            var attribute = _md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == HandleKind.MethodDefinition)
            {
                var ctor = _md.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor);
                var owner = _md.GetTypeDefinition(ctor.GetDeclaringType());
                if (_md.GetString(owner.Name) == "IgnoresAccessChecksToAttribute")
                    Add(location, null, "carries", "[IgnoresAccessChecksTo]", Rule.Loading,
                        "the runtime lets an assembly with this attribute use another assembly's internals (the framework's, core's)");
                continue;
            }
            foreach (var finding in FindingsOf(attribute.Constructor))
                Add(location, null, "carries the attribute", finding);
        }
    }

    /// <summary>A TypeRef, TypeDef or TypeSpec token: every BCL type it names must be allowed.</summary>
    private void CheckTypeToken(EntityHandle handle, string location, int? offset, string use)
    {
        foreach (var finding in FindingsOf(handle))
            Add(location, offset, use, finding);
    }

    private void CheckTypeRef(TypeReferenceHandle handle, string location, int? offset, string use)
    {
        foreach (var finding in FindingsOf(handle))
            Add(location, offset, use, finding);
    }

    private TypeRef TypeRefOf(TypeReferenceHandle handle)
    {
        if (_typeRefs.TryGetValue(handle, out var known))
            return known;
        var (ns, name, assembly) = MetadataNames.Reference(_md, handle);
        var scope = OutermostScope(handle);
        var origin = MetadataNames.IsBclNamespace(ns) || (assembly.Length > 0 && MetadataNames.IsBclAssembly(assembly)) ? Origin.Bcl
            : scope == HandleKind.ModuleDefinition ? Origin.Own
            : assembly.Length == 0 ? Origin.Foreign
            : _policy.FrameworkAssemblies.Contains(assembly) ? Origin.Framework
            : Origin.Library;
        var info = new TypeRef(ns, name, assembly, origin);
        _typeRefs[handle] = info;
        return info;
    }

    private HandleKind OutermostScope(TypeReferenceHandle handle)
    {
        for (var depth = 0; depth < 64; depth++)
        {
            var scope = _md.GetTypeReference(handle).ResolutionScope;
            if (scope.Kind != HandleKind.TypeReference)
                return scope.IsNil ? HandleKind.ExportedType : scope.Kind;
            handle = (TypeReferenceHandle)scope;
        }
        return HandleKind.ExportedType;
    }

    /// <summary>What is refused about a type or member token (cached per token; empty when it is allowed).</summary>
    private IReadOnlyList<Finding> FindingsOf(EntityHandle handle)
    {
        if (_findings.TryGetValue(handle, out var known))
            return known;
        var found = new List<Finding>();
        switch (handle.Kind)
        {
            case HandleKind.TypeReference:
                TypeFindings((TypeReferenceHandle)handle, found);
                break;
            case HandleKind.TypeSpecification:
                _md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_shapes, null);
                foreach (var named in _shapes.TakeNamed())
                    TypeFindings(named, found);
                break;
            case HandleKind.MemberReference:
                MemberFindings((MemberReferenceHandle)handle, found);
                break;
            case HandleKind.MethodSpecification:
                var spec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                var inner = FindingsOf(spec.Method);
                var generic = Display(spec.Method);
                var instantiated = Display(handle);
                found.AddRange(inner.Select(f => f with { Member = f.Member.Replace(generic, instantiated, StringComparison.Ordinal) }));
                var arguments = spec.DecodeSignature(_shapes, null);
                foreach (var named in _shapes.TakeNamed())
                    TypeFindings(named, found);
                if (arguments.Any(a => a.Pointer))
                    found.Add(new Finding(Display(handle), Rule.Unsafe, "pointers reach memory outside the component's own objects"));
                break;
        }
        var result = found.Distinct().ToArray();
        _findings[handle] = result;
        return result;
    }

    private void TypeFindings(TypeReferenceHandle handle, List<Finding> found)
    {
        var type = TypeRefOf(handle);
        switch (type.Origin)
        {
            case Origin.Bcl when !_allow.AllowsMention(type.Namespace, type.Name):
                var (rule, explanation) = _refusals.Explain(type.Key);
                found.Add(new Finding(type.Display, rule, explanation));
                break;
            case Origin.Foreign:
                found.Add(new Finding(type.Display, Rule.Reference, "a type of another module or of no assembly escapes verification"));
                break;
        }
    }

    private void MemberFindings(MemberReferenceHandle handle, List<Finding> found)
    {
        var member = _md.GetMemberReference(handle);
        var name = _md.GetString(member.Name);
        TypeRef? parent = null;
        string? owner = null;
        IReadOnlyList<string> ownerArguments = [];
        switch (member.Parent.Kind)
        {
            case HandleKind.TypeReference:
                parent = TypeRefOf((TypeReferenceHandle)member.Parent);
                break;
            case HandleKind.TypeSpecification:
                var spec = _md.GetTypeSpecification((TypeSpecificationHandle)member.Parent);
                var instantiation = spec.DecodeSignature(_shapes, null);
                owner = instantiation.Display;
                ownerArguments = instantiation.Arguments;
                var named = _shapes.TakeNamed();
                // The generic type itself is the first type the instantiation names.
                if (GenericHead(spec) is { } head)
                    parent = TypeRefOf(head);
                foreach (var argument in named.Where(n => parent is null || n != GenericHead(spec)))
                    TypeFindings(argument, found);
                break;
            case HandleKind.ModuleReference:
                found.Add(new Finding(name, Rule.Interop, "a function of another module escapes verification"));
                return;
        }
        var (display, parameters, pointer) = DescribeMember(handle, member, owner ?? parent?.Display);
        display = SignatureType.Substitute(display, ownerArguments, method: false);
        _displays[handle] = display;
        var signatureTypes = _shapes.TakeNamed();
        if (parent is { Origin: Origin.Bcl } bcl && !_allow.AllowsMember(bcl.Namespace, bcl.Name, name, parameters))
        {
            // The member itself is refused; what its signature names adds nothing for the author.
            var (rule, explanation) = _refusals.Explain(bcl.Key + "." + name);
            found.Add(new Finding(display, rule, explanation));
            return;
        }
        if (parent is { Origin: Origin.Foreign } foreign)
            found.Add(new Finding(display, Rule.Reference, $"{foreign.Display} belongs to another module or to no assembly, which escapes verification"));
        foreach (var type in signatureTypes)
        {
            // The member's own type is judged with the member.
            if (parent is { } self && (TypeRefOf(type).Key == self.Key || TypeRefOf(type).Key.StartsWith(self.Key + "+", StringComparison.Ordinal)))
                continue;
            var before = found.Count;
            TypeFindings(type, found);
            for (var i = before; i < found.Count; i++)
                found[i] = found[i] with { Member = $"{display} (its signature names {found[i].Member})" };
        }
        if (pointer)
            found.Add(new Finding(display, Rule.Unsafe, "its signature has a pointer: pointers reach memory outside the component's own objects"));
    }

    private TypeReferenceHandle? GenericHead(TypeSpecification spec)
    {
        var blob = _md.GetBlobReader(spec.Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
            return null;
        blob.ReadSignatureTypeCode();
        var head = blob.ReadTypeHandle();
        return head.Kind == HandleKind.TypeReference ? (TypeReferenceHandle)head : null;
    }

    /// <summary>"System.AppContext.SetData(string, object)", "(string,object)" for the allow-list, and whether its signature has a pointer.</summary>
    private (string Display, string Parameters, bool Pointer) DescribeMember(MemberReferenceHandle handle, MemberReference member, string? ownerDisplay)
    {
        var name = _md.GetString(member.Name);
        var owner = ownerDisplay ?? Display(member.Parent);
        if (member.GetKind() == MemberReferenceKind.Field)
        {
            var field = member.DecodeFieldSignature(_shapes, null);
            var text = owner + "." + name;
            _displays[handle] = text;
            return (text, "", field.Pointer);
        }
        var signature = member.DecodeMethodSignature(_shapes, null);
        _signatures[handle] = signature;
        var parameters = "(" + string.Join(", ", signature.ParameterTypes.Select(p => p.Display)) + ")";
        var display = name == ".ctor" ? owner + parameters : owner + "." + name + parameters;
        _displays[handle] = display;
        return (display, parameters, signature.ParameterTypes.Append(signature.ReturnType).Any(p => p.Pointer));
    }

    /// <summary>How a token is named in a message.</summary>
    private string Display(EntityHandle handle)
    {
        if (_displays.TryGetValue(handle, out var known))
            return known;
        string text;
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                text = MetadataNames.Display(_md, (TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeReference:
                text = TypeRefOf((TypeReferenceHandle)handle).Display;
                break;
            case HandleKind.TypeSpecification:
                text = _md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_shapes, null).Display;
                _shapes.TakeNamed();
                break;
            case HandleKind.MethodDefinition:
                text = MetadataNames.Display(_md, (MethodDefinitionHandle)handle);
                break;
            case HandleKind.FieldDefinition:
                var field = _md.GetFieldDefinition((FieldDefinitionHandle)handle);
                text = MetadataNames.Display(_md, field.GetDeclaringType()) + "." + _md.GetString(field.Name);
                break;
            case HandleKind.MemberReference:
                // Judging the member names it, with its type's generic arguments filled in.
                FindingsOf(handle);
                return _displays.TryGetValue(handle, out var described) ? described : $"token 0x{MetadataTokens.GetToken(handle):x8}";
            case HandleKind.MethodSpecification:
                var spec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                var arguments = spec.DecodeSignature(_shapes, null);
                _shapes.TakeNamed();
                var method = Display(spec.Method);
                var paren = method.IndexOf('(', StringComparison.Ordinal);
                var generic = "<" + string.Join(", ", arguments.Select(a => a.Display)) + ">";
                text = paren < 0 ? method + generic
                    : method[..paren] + generic + SignatureType.Substitute(method[paren..], [.. arguments.Select(a => a.Display)], method: true);
                break;
            default:
                text = $"token 0x{MetadataTokens.GetToken(handle):x8}";
                break;
        }
        _displays[handle] = text;
        return text;
    }
}
