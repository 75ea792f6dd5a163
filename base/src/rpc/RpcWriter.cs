using System.Buffers.Binary;
using System.Text;

namespace Framework.Rpc;

/// <summary>Marshals values into a <see cref="MessageBuffer"/>, little endian, without padding.</summary>
public ref struct RpcWriter
{
    private readonly MessageBuffer _message;
    private readonly int _limit;
    private int _position;

    /// <summary>Starts a request with <paramref name="opcode"/>, or a reply with a code.</summary>
    public RpcWriter(MessageBuffer message, int header, int limit = int.MaxValue)
    {
        _message = message;
        _limit = Math.Min(limit, message.Capacity);
        _position = 0;
        message.Length = 0;
        message.CapCount = 0;
        WriteInt32(header);
    }

    public readonly int Position => _position;

    private Span<byte> Take(int size)
    {
        if (_position + size > _limit)
            throw new RpcMessageOverflowException(_position + size, _limit);
        var span = _message.Data.AsSpan(_position, size);
        _position += size;
        _message.Length = _position;
        return span;
    }

    public void WriteBool(bool value) => Take(1)[0] = value ? (byte)1 : (byte)0;
    public void WriteByte(byte value) => Take(1)[0] = value;
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);

    /// <summary>Writes a string as its UTF-8 length (-1 for null) followed by the bytes.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        Encoding.UTF8.GetBytes(value, Take(count));
    }

    /// <summary>Writes a length-prefixed byte block.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteInt32(value.Length);
        value.CopyTo(Take(value.Length));
    }

    /// <summary>Appends the capability to the message's capability list and writes its index (-1 if invalid).</summary>
    public void WriteCapability(Capability value)
    {
        if (!value.IsValid)
        {
            WriteInt32(-1);
            return;
        }
        if (_message.CapCount >= MessageBuffer.MaxCaps)
            throw new RpcMessageOverflowException($"more than {MessageBuffer.MaxCaps} capabilities in one message");
        _message.Caps[_message.CapCount] = value.Selector;
        WriteInt32(_message.CapCount);
        _message.CapCount++;
    }
}

/// <summary>Thrown when a message would exceed the bounded IPC buffer (Genode's IPC_BUFFER_EXCEEDED).</summary>
public sealed class RpcMessageOverflowException : Exception
{
    public RpcMessageOverflowException(int needed, int limit)
        : base($"RPC message of {needed} bytes exceeds the {limit}-byte IPC buffer") { }

    public RpcMessageOverflowException(string message) : base(message) { }
}
