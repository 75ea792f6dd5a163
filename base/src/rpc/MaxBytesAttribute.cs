namespace Framework.Rpc;

/// <summary>
/// Bounds a variable-size RPC value (a string in UTF-8, a byte array, a byte block) to
/// <see cref="Bytes"/> bytes, as Genode's <c>Rpc_in_buffer&lt;N&gt;</c> bounds its arguments.
/// Every string and byte parameter or result of an RPC interface carries one: together with the
/// fixed-size values, it bounds the whole message, which the generator checks against
/// <see cref="RpcLimits.PortableMessageBytes"/> so that an interface works on every kernel.
/// </summary>
/// <remarks>
/// A client whose argument exceeds the bound gets <see cref="RpcArgumentTooLargeException"/>
/// before anything is sent; a server that receives a longer one answers
/// <see cref="RpcCodes.MalformedRequest"/>. Bulk data goes through dataspaces.
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.ReturnValue, Inherited = false)]
public sealed class MaxBytesAttribute(int bytes) : Attribute
{
    public int Bytes { get; } = bytes;
}
