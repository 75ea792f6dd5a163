using System.Text;

namespace Framework.Rpc;

/// <summary>
/// Helpers the generated clients and dispatchers call on their error paths. They live here, not
/// in the generated code, so every interface shares one tested implementation and the generated
/// hot path stays small.
/// </summary>
public static class RpcExceptions
{
    /// <summary>
    /// The reply code of the <paramref name="position"/>-th (1-based) of <paramref name="count"/>
    /// declared exceptions: <c>ExceptionBase - (count - position + 1)</c>, as in Genode 12.02, so
    /// the first declared type gets the most negative code.
    /// </summary>
    public static int Code(int position, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, count);
        return RpcCodes.ExceptionBase - (count - position + 1);
    }

    /// <summary>A readable name for a reply code, for error messages.</summary>
    public static string Describe(int code) => code switch
    {
        RpcCodes.Ok => "Ok",
        RpcCodes.InvalidOpcode => "InvalidOpcode",
        RpcCodes.MalformedRequest => "MalformedRequest",
        RpcCodes.ServerFault => "ServerFault",
        RpcCodes.InvalidObject => "InvalidObject",
        <= RpcCodes.ExceptionBase => "undeclared exception",
        _ => "unknown code",
    };

    /// <summary>
    /// Builds the exception a client throws for a reply code its function did not declare. Reads
    /// the server's explanation, if the reply carries one after the code, without trusting it.
    /// </summary>
    public static RpcException FromReply(MessageBuffer reply, int code, string interfaceName, string method)
    {
        var remote = TryReadMessage(reply);
        var text = $"RPC {interfaceName}.{method} failed with {Describe(code)} ({code})";
        if (remote is not null)
            text += ": " + remote;
        return new RpcException(code, text, remote);
    }

    /// <summary>The exception a generated client throws when called through a capability without a port.</summary>
    public static IpcException InvalidCapability(string interfaceName, string method) =>
        new(IpcStatus.InvalidCapability, $"RPC {interfaceName}.{method} called through an invalid capability");

    /// <summary>A null arrived for a parameter or result declared non-nullable.</summary>
    public static RpcMessageFormatException UnexpectedNull(string interfaceName, string method, string what) =>
        new($"RPC {interfaceName}.{method}: null received for non-nullable {what}");

    /// <summary>Writes an <see cref="RpcCodes.InvalidOpcode"/> reply naming the opcode.</summary>
    public static void WriteInvalidOpcode(MessageBuffer reply, IIpcPort port, string interfaceName, int opcode) =>
        WriteError(reply, port, RpcCodes.InvalidOpcode, $"{interfaceName} has no opcode {opcode}");

    /// <summary>Writes a <see cref="RpcCodes.MalformedRequest"/> reply naming the function and the reader's error.</summary>
    public static void WriteMalformedRequest(MessageBuffer reply, IIpcPort port, string interfaceName, string method, RpcMessageFormatException error) =>
        WriteError(reply, port, RpcCodes.MalformedRequest, $"malformed request for {interfaceName}.{method}: {error.Message}");

    /// <summary>Writes the reply for a declared exception: its code, then its message.</summary>
    public static void WriteDeclared(MessageBuffer reply, IIpcPort port, int code, Exception error) =>
        WriteError(reply, port, code, error.Message);

    /// <summary>
    /// Writes <paramref name="code"/> followed by <paramref name="message"/>, shortened to fit the
    /// smallest message of all kernels (<see cref="RpcLimits.PortableMessageBytes"/>), so that a
    /// client reads the same explanation on every backend: the code must always get through, the
    /// explanation is best effort.
    /// </summary>
    public static void WriteError(MessageBuffer reply, IIpcPort port, int code, string? message)
    {
        var writer = new RpcWriter(reply, code, Math.Min(port.MaxMessageBytes, RpcLimits.PortableMessageBytes));
        if (message is null)
        {
            writer.WriteString(null);
            return;
        }
        var room = writer.Limit - writer.Position - 4;
        if (room < 0)
            return;
        if (Encoding.UTF8.GetByteCount(message) > room)
            message = Shorten(message, room);
        writer.WriteString(message);
    }

    // Cuts at a character boundary whose UTF-8 encoding fits, without splitting a surrogate pair.
    private static string Shorten(string message, int room)
    {
        const string ellipsis = "...";
        var budget = room - ellipsis.Length;
        if (budget <= 0)
            return string.Empty;
        var bytes = 0;
        var length = 0;
        while (length < message.Length)
        {
            var width = char.IsHighSurrogate(message[length]) && length + 1 < message.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(message.AsSpan(length, width));
            if (bytes + size > budget)
                break;
            bytes += size;
            length += width;
        }
        return string.Concat(message.AsSpan(0, length), ellipsis);
    }

    private static string? TryReadMessage(MessageBuffer reply)
    {
        var reader = new RpcReader(reply, null);
        try
        {
            reader.ReadInt32();
            return reader.Remaining >= 4 ? reader.ReadString() : null;
        }
        catch (RpcMessageFormatException)
        {
            // The explanation is optional; a garbled one must not hide the code.
            return null;
        }
    }
}
