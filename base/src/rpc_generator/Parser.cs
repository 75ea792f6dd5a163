using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Framework.Rpc.Generator;

/// <summary>Turns an [RpcInterface] symbol into an <see cref="InterfaceModel"/> or diagnostics.</summary>
internal static class Parser
{
    public const string InterfaceAttribute = "Framework.Rpc.RpcInterfaceAttribute";
    private const string RpcAttribute = "Framework.Rpc.RpcAttribute";
    private const string ThrowsAttribute = "Framework.Rpc.RpcThrowsAttribute";
    private const string MaxBytesAttribute = "Framework.Rpc.MaxBytesAttribute";

    // Mirrors of Framework.Rpc.RpcLimits (the generator cannot reference the runtime assembly).
    private const int PortableMessageBytes = 252;
    private const int CapabilityCostBytes = 8;

    // Fully qualified with keywords for special types and '?' on nullable references: what the
    // generated code writes wherever it names a user type.
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat PlainFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var symbol = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (InterfaceDeclarationSyntax)context.TargetNode;
        var compilation = context.SemanticModel.Compilation;
        var displayName = symbol.ToDisplayString(PlainFormat);
        var interfaceLocation = symbol.Locations.FirstOrDefault();

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            Report(diagnostics, Diagnostics.NotPartial, syntax.Identifier.GetLocation(), displayName);

        var containers = new List<ContainerModel>();
        var generic = symbol.IsGenericType;
        for (var container = symbol.ContainingType; container is not null; container = container.ContainingType)
        {
            generic |= container.IsGenericType;
            var partial = container.DeclaringSyntaxReferences
                .Select(reference => reference.GetSyntax(cancellation))
                .OfType<TypeDeclarationSyntax>()
                .Any(declaration => declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!partial)
                Report(diagnostics, Diagnostics.ContainingTypeNotPartial, container.Locations.FirstOrDefault(), container.ToDisplayString(PlainFormat), displayName);
            containers.Insert(0, new ContainerModel(KeywordOf(container), container.Name));
        }
        if (generic)
            Report(diagnostics, Diagnostics.GenericInterface, syntax.Identifier.GetLocation(), displayName);

        string? serviceName = null;
        foreach (var attribute in context.Attributes)
        {
            if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name)
                serviceName = name;
        }

        // Inherited functions come first, in base-to-derived order, like GENODE_RPC_INTERFACE_INHERIT.
        var interfaces = new List<INamedTypeSymbol>();
        foreach (var inherited in symbol.AllInterfaces.Reverse())
            interfaces.Add(inherited);
        interfaces.Add(symbol);

        var hidesClient = false;
        var hidesServiceName = false;
        foreach (var inherited in symbol.AllInterfaces)
        {
            foreach (var attribute in inherited.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() != InterfaceAttribute)
                    continue;
                hidesClient = true;
                if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string)
                    hidesServiceName = true;
            }
        }

        var methods = new List<MethodModel>();
        var byOpcode = new Dictionary<int, IMethodSymbol>();
        var inheritedErrors = new List<DiagnosticInfo>();
        foreach (var declaring in interfaces)
        {
            cancellation.ThrowIfCancellationRequested();
            // An inherited RPC interface reports its own declaration errors; repeating them here
            // would only duplicate them, but they still stop this interface's emission.
            var sink = !SymbolEqualityComparer.Default.Equals(declaring, symbol) && IsRpcInterface(declaring)
                ? inheritedErrors
                : diagnostics;
            foreach (var member in declaring.GetMembers())
            {
                // Static members and default implementations are the user's helpers, not RPC functions.
                if (member.IsStatic || !member.IsAbstract)
                    continue;
                var location = SourceLocation(member, interfaceLocation);
                switch (member)
                {
                    case IPropertySymbol property:
                        Report(sink, Diagnostics.PropertyOrEvent, location, declaring.ToDisplayString(PlainFormat), property.IsIndexer ? "indexer" : "property", property.Name);
                        continue;
                    case IEventSymbol @event:
                        Report(sink, Diagnostics.PropertyOrEvent, location, declaring.ToDisplayString(PlainFormat), "event", @event.Name);
                        continue;
                    case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                        var parsed = ParseMethod(method, declaring, displayName, location, byOpcode, compilation, symbol, sink);
                        if (parsed is not null)
                            methods.Add(parsed);
                        continue;
                }
            }
        }

        if (diagnostics.Count > 0 || inheritedErrors.Count > 0)
            return new ParseResult(null, new EquatableArray<DiagnosticInfo>(diagnostics.ToArray()));

        // Opcode order keeps the output stable however the base interfaces are listed. Two
        // inherited functions with one signature can share only one public method; the later
        // one gets an explicit implementation.
        methods.Sort((a, b) => a.Opcode.CompareTo(b.Opcode));
        var signatures = new HashSet<string>();
        for (var i = 0; i < methods.Count; i++)
        {
            if (!signatures.Add(methods[i].Signature))
                methods[i] = methods[i] with { ExplicitImplementation = true };
        }

        var fullName = symbol.ToDisplayString(TypeFormat);
        var model = new InterfaceModel(
            symbol.ContainingNamespace.IsGlobalNamespace ? null : symbol.ContainingNamespace.ToDisplayString(),
            new EquatableArray<ContainerModel>(containers.ToArray()),
            symbol.Name,
            fullName,
            displayName,
            serviceName,
            hidesClient,
            hidesServiceName,
            ExtensionAccessibility(symbol),
            ExtensionClassName(symbol),
            symbol.ToDisplayString(PlainFormat).Replace('<', '_').Replace('>', '_') + ".Rpc.g.cs",
            new EquatableArray<MethodModel>(methods.ToArray()));
        return new ParseResult(model, default);
    }

    private static MethodModel? ParseMethod(
        IMethodSymbol method,
        INamedTypeSymbol declaring,
        string interfaceName,
        Location? location,
        Dictionary<int, IMethodSymbol> byOpcode,
        Compilation compilation,
        INamedTypeSymbol rpcInterface,
        List<DiagnosticInfo> diagnostics)
    {
        var before = diagnostics.Count;
        var methodName = declaring.Name + "." + method.Name;

        int? opcode = null;
        var exceptionTypes = new List<(ITypeSymbol Type, Location? Location)>();
        foreach (var attribute in method.GetAttributes())
        {
            var name = attribute.AttributeClass?.ToDisplayString();
            if (name == RpcAttribute && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int value)
            {
                opcode = value;
            }
            else if (name == ThrowsAttribute && attribute.ConstructorArguments.Length == 1)
            {
                var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? location;
                foreach (var type in attribute.ConstructorArguments[0].Values)
                {
                    if (type.Value is ITypeSymbol exceptionType)
                        exceptionTypes.Add((exceptionType, attributeLocation));
                }
            }
        }

        if (opcode is null)
        {
            Report(diagnostics, Diagnostics.MissingOpcode, location, method.Name, interfaceName);
        }
        else if (opcode < 0)
        {
            Report(diagnostics, Diagnostics.NegativeOpcode, location, opcode.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), methodName);
        }
        else if (byOpcode.TryGetValue(opcode.Value, out var other))
        {
            Report(diagnostics, Diagnostics.DuplicateOpcode, location, opcode.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), methodName, other.ContainingType.Name + "." + other.Name, interfaceName);
        }
        else
        {
            byOpcode.Add(opcode.Value, method);
        }

        if (method.IsGenericMethod)
        {
            // Its type parameters would only cascade into unsupported-type errors.
            Report(diagnostics, Diagnostics.GenericMethod, location, methodName);
            return null;
        }

        ValueModel? result = null;
        if (!method.ReturnsVoid)
        {
            result = method.ReturnsByRef || method.ReturnsByRefReadonly ? null : Classify(method.ReturnType);
            if (result is null)
                Report(diagnostics, Diagnostics.UnsupportedReturn, location, methodName, method.ReturnType.ToDisplayString());
            else
                result = Bound(result, method.GetReturnTypeAttributes(), diagnostics, location, "result", methodName);
        }

        var parameters = new List<ParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            var value = parameter.IsParams && parameter.Type is not IArrayTypeSymbol ? null : Classify(parameter.Type);
            Direction? direction = parameter.RefKind switch
            {
                RefKind.None => Direction.In,
                RefKind.In => Direction.InReference,
                RefKind.RefReadOnlyParameter => Direction.RefReadOnly,
                RefKind.Ref => Direction.Ref,
                RefKind.Out => Direction.Out,
                _ => null,
            };
            if (value is null || direction is null)
            {
                Report(diagnostics, Diagnostics.UnsupportedParameter, SourceLocation(parameter, location), parameter.Name, methodName, parameter.Type.ToDisplayString());
                continue;
            }
            value = Bound(value, parameter.GetAttributes(), diagnostics, SourceLocation(parameter, location), "parameter '" + parameter.Name + "'", methodName);
            parameters.Add(new ParameterModel(parameter.Name, direction.Value, Display(parameter.Type), value));
        }
        var limit = MessageLimit(declaring);
        CheckSize(diagnostics, location, methodName, "request", 4 + Sum(parameters.Where(p => p.Direction != Direction.Out).Select(p => p.Value)), limit);
        CheckSize(diagnostics, location, methodName, "reply", 4 + (result is null ? 0 : WireBytes(result))
            + Sum(parameters.Where(p => p.Direction is Direction.Ref or Direction.Out).Select(p => p.Value)), limit);

        var exceptions = new List<ExceptionModel>();
        var exceptionBase = compilation.GetTypeByMetadataName("System.Exception");
        for (var k = 0; k < exceptionTypes.Count; k++)
        {
            var (type, exceptionLocation) = exceptionTypes[k];
            var valid = type is INamedTypeSymbol { IsAbstract: false, IsGenericType: false } named && DerivesFrom(named, exceptionBase);
            var hasMessage = false;
            var hasDefault = false;
            if (valid)
            {
                foreach (var constructor in ((INamedTypeSymbol)type).InstanceConstructors)
                {
                    if (!compilation.IsSymbolAccessibleWithin(constructor, rpcInterface))
                        continue;
                    if (constructor.Parameters.Length == 0)
                        hasDefault = true;
                    else if (constructor.Parameters.Length == 1 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String && constructor.Parameters[0].RefKind == RefKind.None)
                        hasMessage = true;
                }
            }
            if (!valid || !(hasMessage || hasDefault))
            {
                Report(diagnostics, Diagnostics.InvalidException, exceptionLocation, type.ToDisplayString(), methodName);
                continue;
            }
            for (var j = 0; j < k; j++)
            {
                if (exceptionTypes[j].Type is INamedTypeSymbol earlier && DerivesFrom((INamedTypeSymbol)type, earlier))
                {
                    Report(diagnostics, Diagnostics.UnreachableException, exceptionLocation, type.ToDisplayString(), methodName, earlier.ToDisplayString());
                    break;
                }
            }
            // Genode: the k-th (1-based) of n declared types is ExceptionBase - (n - k + 1).
            var code = -1000 - (exceptionTypes.Count - (k + 1) + 1);
            exceptions.Add(new ExceptionModel(type.ToDisplayString(TypeFormat), code, hasMessage));
        }

        if (diagnostics.Count > before)
            return null;

        var signature = method.Name + "(" + string.Join(",", method.Parameters.Select(p => p.RefKind + " " + p.Type.ToDisplayString(TypeFormat))) + ")";

        return new MethodModel(
            method.Name,
            opcode!.Value,
            method.ReturnsVoid ? "void" : Display(method.ReturnType),
            result,
            new EquatableArray<ParameterModel>(parameters.ToArray()),
            new EquatableArray<ExceptionModel>(exceptions.ToArray()),
            declaring.ToDisplayString(TypeFormat),
            signature,
            false);
    }

    /// <summary>The value with its [MaxBytes] bound; reports a variable-size value without one.</summary>
    private static ValueModel Bound(ValueModel value, IEnumerable<AttributeData> attributes, List<DiagnosticInfo> diagnostics,
        Location? location, string what, string methodName)
    {
        if (value.Kind is not (WireKind.String or WireKind.ByteArray or WireKind.Memory))
            return value;
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass?.ToDisplayString() == MaxBytesAttribute
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int bytes && bytes >= 0)
                return value with { MaxBytes = bytes };
        }
        Report(diagnostics, Diagnostics.UnboundedValue, location, what, methodName);
        return value;
    }

    /// <summary>The most bytes a value takes in a message.</summary>
    private static int WireBytes(ValueModel value) => value.Kind switch
    {
        WireKind.String or WireKind.ByteArray or WireKind.Memory => 4 + value.MaxBytes,
        WireKind.Capability or WireKind.TypedCapability => 4 + CapabilityCostBytes,
        _ => value.FixedBytes,
    };

    private static int Sum(IEnumerable<ValueModel> values)
    {
        var sum = 0;
        foreach (var value in values)
            sum += WireBytes(value);
        return sum;
    }

    private static void CheckSize(List<DiagnosticInfo> diagnostics, Location? location, string methodName, string what, int bytes, int limit)
    {
        if (bytes > limit)
            Report(diagnostics, Diagnostics.MessageTooLarge, location, what, methodName,
                bytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The MessageBytes of the interface that declares a method (the portable size unless it says otherwise).</summary>
    private static int MessageLimit(INamedTypeSymbol declaring)
    {
        foreach (var attribute in declaring.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != InterfaceAttribute)
                continue;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "MessageBytes" && named.Value.Value is int bytes)
                    return bytes;
            }
        }
        return PortableMessageBytes;
    }

    /// <summary>Size of a primitive on the wire.</summary>
    private static int PrimitiveBytes(WireKind kind) => kind switch
    {
        WireKind.Bool or WireKind.Byte or WireKind.SByte => 1,
        WireKind.Int16 or WireKind.UInt16 or WireKind.Char => 2,
        WireKind.Int32 or WireKind.UInt32 or WireKind.Single => 4,
        _ => 8,
    };

    /// <summary>Size and alignment of an unmanaged struct with sequential layout, as the runtime lays it out.</summary>
    private static (int Size, int Align) StructLayout(ITypeSymbol type, int depth = 0)
    {
        if (PrimitiveKind(type.SpecialType) is { } primitive)
            return (PrimitiveBytes(primitive), PrimitiveBytes(primitive));
        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            return StructLayout(underlying, depth);
        if (type is IPointerTypeSymbol || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
            return (8, 8);
        int size = 0, align = 1;
        if (depth < 16)
        {
            foreach (var field in type.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.IsStatic || field.IsConst)
                    continue;
                var (fieldSize, fieldAlign) = StructLayout(field.Type, depth + 1);
                size = (size + fieldAlign - 1) / fieldAlign * fieldAlign + fieldSize;
                align = System.Math.Max(align, fieldAlign);
            }
        }
        return (System.Math.Max(1, (size + align - 1) / align * align), align);
    }

    /// <summary>Maps a type to how it travels, or null when it cannot cross an RPC.</summary>
    private static ValueModel? Classify(ITypeSymbol type)
    {
        var name = type.ToDisplayString(TypeFormat);
        var primitive = PrimitiveKind(type.SpecialType);
        if (primitive is not null)
            return new ValueModel(primitive.Value, name, primitive.Value, false, FixedBytes: PrimitiveBytes(primitive.Value));

        // Oblivious references (nullable context disabled) may carry null, like annotated ones.
        var allowsNull = type.NullableAnnotation != NullableAnnotation.NotAnnotated;
        switch (type)
        {
            case { SpecialType: SpecialType.System_String }:
                return new ValueModel(WireKind.String, "string", WireKind.String, allowsNull);
            case IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte }:
                return new ValueModel(WireKind.ByteArray, "byte[]", WireKind.ByteArray, allowsNull);
            case INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }:
                var kind = PrimitiveKind(underlying.SpecialType);
                return kind is null ? null : new ValueModel(WireKind.Enum, name, kind.Value, false, FixedBytes: PrimitiveBytes(kind.Value));
            case INamedTypeSymbol named when IsFramework(named, "Capability", 0):
                return new ValueModel(WireKind.Capability, name, WireKind.Capability, false);
            case INamedTypeSymbol named when IsFramework(named, "Capability", 1):
                return new ValueModel(WireKind.TypedCapability, named.TypeArguments[0].ToDisplayString(TypeFormat), WireKind.TypedCapability, false);
            case INamedTypeSymbol { IsGenericType: true } named
                when named.OriginalDefinition.ToDisplayString() == "System.ReadOnlyMemory<T>"
                     && named.TypeArguments[0].SpecialType == SpecialType.System_Byte:
                return new ValueModel(WireKind.Memory, name, WireKind.Memory, false);
            case INamedTypeSymbol { TypeKind: TypeKind.Struct, IsUnmanagedType: true, IsRefLikeType: false } named
                when !ContainsTypeParameter(named):
                return new ValueModel(WireKind.Struct, name, WireKind.Struct, false, FixedBytes: StructLayout(named).Size);
            default:
                return null;
        }
    }

    private static bool IsRpcInterface(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == InterfaceAttribute)
                return true;
        }
        return false;
    }

    private static WireKind? PrimitiveKind(SpecialType type) => type switch
    {
        SpecialType.System_Boolean => WireKind.Bool,
        SpecialType.System_Byte => WireKind.Byte,
        SpecialType.System_SByte => WireKind.SByte,
        SpecialType.System_Int16 => WireKind.Int16,
        SpecialType.System_UInt16 => WireKind.UInt16,
        SpecialType.System_Int32 => WireKind.Int32,
        SpecialType.System_UInt32 => WireKind.UInt32,
        SpecialType.System_Int64 => WireKind.Int64,
        SpecialType.System_UInt64 => WireKind.UInt64,
        SpecialType.System_Single => WireKind.Single,
        SpecialType.System_Double => WireKind.Double,
        SpecialType.System_Char => WireKind.Char,
        _ => null,
    };

    private static bool IsFramework(INamedTypeSymbol type, string name, int arity) =>
        type.Name == name && type.Arity == arity && type.ContainingNamespace.ToDisplayString() == "Framework.Rpc";

    private static bool ContainsTypeParameter(INamedTypeSymbol type)
    {
        foreach (var argument in type.TypeArguments)
        {
            if (argument is ITypeParameterSymbol || (argument is INamedTypeSymbol named && ContainsTypeParameter(named)))
                return true;
        }
        return false;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
                return true;
        }
        return false;
    }

    // Signatures name oblivious references as nullable: the generated file enables nullable
    // annotations, and an implementation of an oblivious member may be annotated without warning.
    private static string Display(ITypeSymbol type)
    {
        if (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.None)
            type = type.WithNullableAnnotation(NullableAnnotation.Annotated);
        return type.ToDisplayString(TypeFormat);
    }

    private static string KeywordOf(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    /// <summary>public if everyone can see the interface, internal if the assembly can, null if the top-level extension class cannot.</summary>
    private static string? ExtensionAccessibility(INamedTypeSymbol symbol)
    {
        var result = "public";
        for (ISymbol? current = symbol; current is INamedTypeSymbol type; current = type.ContainingType)
        {
            switch (type.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    break;
                case Accessibility.Internal:
                case Accessibility.ProtectedOrInternal:
                    result = "internal";
                    break;
                default:
                    return null;
            }
        }
        return result;
    }

    private static string ExtensionClassName(INamedTypeSymbol symbol)
    {
        var name = symbol.Name;
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
            name = name.Substring(1);
        for (var container = symbol.ContainingType; container is not null; container = container.ContainingType)
            name = container.Name + name;
        return name + "RpcExtensions";
    }

    private static Location? SourceLocation(ISymbol symbol, Location? fallback)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource)
                return location;
        }
        return fallback;
    }

    private static void Report(List<DiagnosticInfo> diagnostics, DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        diagnostics.Add(new DiagnosticInfo(descriptor.Id, LocationInfo.From(location), new EquatableArray<string>(arguments)));
}
