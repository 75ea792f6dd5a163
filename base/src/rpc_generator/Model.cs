namespace Framework.Rpc.Generator;

/// <summary>How a value travels: selects the RpcWriter/RpcReader methods.</summary>
internal enum WireKind
{
    Bool,
    Byte,
    SByte,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Single,
    Double,
    Char,
    Enum,
    String,
    ByteArray,
    Memory,
    Capability,
    TypedCapability,
    Struct,
}

/// <summary>One marshalled value.</summary>
/// <param name="Kind">How it travels.</param>
/// <param name="TypeName">Fully qualified type, for casts and generic arguments.</param>
/// <param name="Underlying">For enums: the wire kind of the underlying integral type.</param>
/// <param name="AllowsNull">For strings and byte arrays: whether null is a legal value.</param>
/// <param name="MaxBytes">For strings and byte blocks: the bound of <c>[MaxBytes]</c> (0: none).</param>
/// <param name="FixedBytes">For fixed-size values: their size on the wire.</param>
internal sealed record ValueModel(WireKind Kind, string TypeName, WireKind Underlying, bool AllowsNull, int MaxBytes = 0, int FixedBytes = 0);

/// <summary>Parameter direction, as in Genode: by value and <c>in</c> are IN, <c>ref</c> INOUT, <c>out</c> OUT.</summary>
internal enum Direction
{
    In,
    InReference,
    RefReadOnly,
    Ref,
    Out,
}

internal sealed record ParameterModel(string Name, Direction Direction, string TypeDisplay, ValueModel Value);

internal sealed record ExceptionModel(string TypeName, int Code, bool HasMessageConstructor);

internal sealed record MethodModel(
    string Name,
    int Opcode,
    string ReturnDisplay,
    ValueModel? Return,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<ExceptionModel> Exceptions,
    string DeclaringInterface,
    string Signature,
    bool ExplicitImplementation);

internal sealed record ContainerModel(string Keyword, string Name);

internal sealed record InterfaceModel(
    string? Namespace,
    EquatableArray<ContainerModel> Containers,
    string Name,
    string FullName,
    string DisplayName,
    string? ServiceName,
    bool HidesClient,
    bool HidesServiceName,
    string? ExtensionAccessibility,
    string ExtensionClassName,
    string HintName,
    EquatableArray<MethodModel> Methods);

/// <summary>What the transform step yields: a model to emit (absent on errors) and diagnostics to report.</summary>
internal sealed record ParseResult(InterfaceModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
