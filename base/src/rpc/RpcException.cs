namespace Framework.Rpc;

/// <summary>
/// An RPC failed with a reply code the called function did not declare: an invalid opcode, a
/// malformed request, a server fault, an invalid object, or a code this client does not know.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(int code, string message, string? remoteMessage = null) : base(message)
    {
        Code = code;
        RemoteMessage = remoteMessage;
    }

    /// <summary>The reply code (see <see cref="RpcCodes"/>).</summary>
    public int Code { get; }

    /// <summary>The explanation the server sent with the code, if any.</summary>
    public string? RemoteMessage { get; }
}

/// <summary>
/// An RPC argument is larger than its interface allows (<see cref="MaxBytesAttribute"/>); nothing
/// was sent. Pass bulk data through a dataspace, or split it.
/// </summary>
public sealed class RpcArgumentTooLargeException(string message) : ArgumentException(message);
