namespace Framework.Rpc;

/// <summary>
/// Marks a <c>partial</c> interface as an RPC interface: the source generator emits a nested
/// <c>Client</c> stub, a static <c>Dispatch</c> function and a <c>Manage</c> extension.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class RpcInterfaceAttribute : Attribute
{
    public RpcInterfaceAttribute() { }

    /// <param name="serviceName">The session's service name (Genode's <c>service_name()</c>), e.g. "LOG".</param>
    public RpcInterfaceAttribute(string serviceName) => ServiceName = serviceName;

    public string? ServiceName { get; }

    /// <summary>
    /// The largest message the interface's functions may need (checked by the generator):
    /// <see cref="RpcLimits.PortableMessageBytes"/> unless set. An interface that needs more works
    /// only on backends that carry more (the framework's own interfaces never do).
    /// </summary>
    public int MessageBytes { get; init; } = RpcLimits.PortableMessageBytes;
}

/// <summary>Gives an RPC function its explicit, stable opcode.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RpcAttribute(int opcode) : Attribute
{
    public int Opcode { get; } = opcode;
}

/// <summary>Declares the exceptions an RPC function may raise across the call, in order.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RpcThrowsAttribute(params Type[] exceptions) : Attribute
{
    public IReadOnlyList<Type> Exceptions { get; } = exceptions;
}

/// <summary>Server-side dispatch of one request to <paramref name="target"/>, writing the reply.</summary>
/// <param name="target">The RPC object the request's badge names.</param>
/// <param name="request">The received request; must not be the same buffer as <paramref name="reply"/>,
/// because byte-block arguments are passed to the target as views into the request.</param>
/// <param name="reply">Receives the reply: code, result and out arguments.</param>
/// <param name="port">The serving component's port: capabilities received in the request are
/// selectors of its capability space, so they are built against it.</param>
/// <remarks>
/// Declared exceptions become reply codes; any other exception propagates to the entrypoint,
/// which replies <see cref="RpcCodes.ServerFault"/>.
/// </remarks>
public delegate void RpcDispatch<in T>(T target, MessageBuffer request, MessageBuffer reply, IIpcPort port) where T : class;

/// <summary>What the generated <c>Manage</c> extensions need from an entrypoint.</summary>
public interface IRpcEntrypoint
{
    /// <summary>Makes <paramref name="target"/> reachable by RPC and returns its capability.</summary>
    Capability<T> Manage<T>(T target, RpcDispatch<T> dispatch) where T : class;

    /// <summary>Revokes the capability of <paramref name="target"/> everywhere.</summary>
    void Dissolve(object target);
}
