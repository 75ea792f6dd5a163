namespace Framework.Rpc;

/// <summary>Reply codes written by the dispatch machinery (the word after the badge in Genode).</summary>
/// <remarks>
/// Declared exceptions use codes at and below <see cref="ExceptionBase"/>: the k-th of n declared
/// types (1-based) is <c>ExceptionBase - (n - k + 1)</c>, as in Genode 12.02.
/// </remarks>
public static class RpcCodes
{
    public const int Ok = 0;
    /// <summary>The opcode is not part of the called interface.</summary>
    public const int InvalidOpcode = -1;
    /// <summary>The request could not be unmarshalled (truncated or malformed).</summary>
    public const int MalformedRequest = -2;
    /// <summary>The server raised an exception it did not declare; the server is faulted.</summary>
    public const int ServerFault = -3;
    /// <summary>The badge names no object of the entrypoint (Genode's ERR_INVALID_OBJECT).</summary>
    public const int InvalidObject = -70000;
    public const int ExceptionBase = -1000;
}
