using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Framework.Rpc.Generator;

/// <summary>The generator's diagnostics. All are errors: a wrong declaration must not compile into a wrong protocol.</summary>
internal static class Diagnostics
{
    private const string Category = "Framework.Rpc";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "FRPC001", "RPC interface must be partial",
        "RPC interface '{0}' must be declared 'partial' so the generator can add its Client, Dispatch and ServiceName");

    public static readonly DiagnosticDescriptor MissingOpcode = Create(
        "FRPC002", "RPC method lacks an opcode",
        "Method '{0}' of RPC interface '{1}' has no [Rpc(opcode)] attribute; every RPC function needs an explicit, stable opcode");

    public static readonly DiagnosticDescriptor DuplicateOpcode = Create(
        "FRPC003", "Duplicate opcode",
        "Opcode {0} of method '{1}' is already used by method '{2}' in RPC interface '{3}'");

    public static readonly DiagnosticDescriptor GenericMethod = Create(
        "FRPC004", "Generic RPC method",
        "RPC method '{0}' must not be generic: the wire format is fixed per opcode");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Create(
        "FRPC005", "Unsupported parameter type",
        "Parameter '{0}' of RPC method '{1}' has type '{2}', which cannot cross an RPC; supported are bool, integral types, float, double, char, enums, string, byte[], ReadOnlyMemory<byte>, Capability, Capability<T> and unmanaged structs, by value, in, out or ref");

    public static readonly DiagnosticDescriptor UnsupportedReturn = Create(
        "FRPC006", "Unsupported return type",
        "RPC method '{0}' returns '{1}', which cannot cross an RPC; supported are void, bool, integral types, float, double, char, enums, string, byte[], ReadOnlyMemory<byte>, Capability, Capability<T> and unmanaged structs, returned by value");

    public static readonly DiagnosticDescriptor PropertyOrEvent = Create(
        "FRPC007", "Property or event in RPC interface",
        "RPC interface '{0}' declares the {1} '{2}'; RPC interfaces may only declare methods");

    public static readonly DiagnosticDescriptor InvalidException = Create(
        "FRPC008", "Invalid declared exception",
        "'{0}' in [RpcThrows] of method '{1}' must be a non-abstract exception type with an accessible (string message) or parameterless constructor");

    public static readonly DiagnosticDescriptor UnreachableException = Create(
        "FRPC009", "Declared exception unreachable",
        "'{0}' in [RpcThrows] of method '{1}' would be caught by '{2}', declared before it; list more derived exceptions first");

    public static readonly DiagnosticDescriptor NegativeOpcode = Create(
        "FRPC010", "Negative opcode",
        "Opcode {0} of method '{1}' is negative; opcodes must be 0 or greater");

    public static readonly DiagnosticDescriptor GenericInterface = Create(
        "FRPC011", "Generic RPC interface",
        "RPC interface '{0}' must not be generic or nested in a generic type");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Create(
        "FRPC012", "Containing type not partial",
        "Type '{0}' contains RPC interface '{1}' and must be declared 'partial'");

    public static readonly DiagnosticDescriptor UnboundedValue = Create(
        "FRPC013", "Variable-size value without a bound",
        "The {0} of RPC method '{1}' has variable size; give it [MaxBytes(n)] (Genode's Rpc_in_buffer<n>) so the message is bounded on every kernel, or pass bulk data through a dataspace");

    public static readonly DiagnosticDescriptor MessageTooLarge = Create(
        "FRPC014", "RPC message exceeds the portable size",
        "The {0} of RPC method '{1}' can take {2} bytes, more than the {3} bytes its interface allows (Framework.Rpc.RpcLimits.PortableMessageBytes, what every kernel backend carries, unless [RpcInterface(MessageBytes = n)] says otherwise); lower the [MaxBytes] bounds or pass the data through a dataspace");

    public static readonly DiagnosticDescriptor[] All =
    [
        NotPartial, MissingOpcode, DuplicateOpcode, GenericMethod, UnsupportedParameter, UnsupportedReturn,
        PropertyOrEvent, InvalidException, UnreachableException, NegativeOpcode, GenericInterface,
        ContainingTypeNotPartial, UnboundedValue, MessageTooLarge,
    ];

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static DiagnosticDescriptor ById(string id)
    {
        foreach (var descriptor in All)
        {
            if (descriptor.Id == id)
                return descriptor;
        }
        throw new System.ArgumentException("unknown diagnostic " + id, nameof(id));
    }
}

/// <summary>A location without a reference to the syntax tree, so models stay cacheable.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || !location.IsInSource)
            return null;
        return new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}

/// <summary>A diagnostic in cacheable form: descriptor id, location and message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        var arguments = new object[Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
            arguments[i] = Arguments[i];
        return Diagnostic.Create(Diagnostics.ById(Id), Location?.ToLocation(), arguments);
    }
}
