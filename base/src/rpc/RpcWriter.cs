using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Framework.Rpc;

/// <summary>Marshals values into a <see cref="MessageBuffer"/>, little endian, without padding.</summary>
/// <remarks>
/// Every write is bounds-checked against the limit given at construction (the kernel's
/// <see cref="IIpcPort.MaxMessageBytes"/>), so an oversize message fails with
/// <see cref="RpcMessageOverflowException"/> before anything is sent, instead of being silently
/// truncated as Genode's marshaller does.
/// </remarks>
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

    /// <summary>The byte limit this writer enforces: the smaller of the given limit and the buffer's capacity.</summary>
    public readonly int Limit => _limit;

    private Span<byte> Take(int size)
    {
        // Compare without adding, so a huge size cannot overflow into a negative sum.
        if (size > _limit - _position)
            throw new RpcMessageOverflowException((long)_position + size, _limit);
        var span = _message.Data.AsSpan(_position, size);
        _position += size;
        _message.Length = _position;
        return span;
    }

    public void WriteBool(bool value) => Take(1)[0] = value ? (byte)1 : (byte)0;
    public void WriteByte(byte value) => Take(1)[0] = value;
    public void WriteSByte(sbyte value) => Take(1)[0] = unchecked((byte)value);
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Take(2), value);
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), value);
    public void WriteChar(char value) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), value);
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);
    public void WriteSingle(float value) => BinaryPrimitives.WriteSingleLittleEndian(Take(4), value);
    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);

    /// <summary>Writes a string as its UTF-8 length (-1 for null) followed by the bytes.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt32(-1);
            return;
        }
        var count = Encoding.UTF8.GetByteCount(value);
        // Check the whole string before writing its length, so an overflow reports the full size.
        if (count > _limit - _position - 4)
            throw new RpcMessageOverflowException((long)_position + 4 + count, _limit);
        WriteInt32(count);
        Encoding.UTF8.GetBytes(value, Take(count));
    }

    /// <summary>As <see cref="WriteString(string?)"/>, refusing a string of more than <paramref name="maxBytes"/> UTF-8 bytes; <paramref name="what"/> names the argument in the error.</summary>
    public void WriteString(string? value, int maxBytes, string what)
    {
        if (value is not null && value.Length > maxBytes / 3 && Encoding.UTF8.GetByteCount(value) is var count && count > maxBytes)
            throw new RpcArgumentTooLargeException($"{what} is {count} bytes of UTF-8, at most {maxBytes} fit");
        WriteString(value);
    }

    /// <summary>As <see cref="WriteByteArray"/>, refusing more than <paramref name="maxBytes"/> bytes.</summary>
    public void WriteByteArray(byte[]? value, int maxBytes, string what)
    {
        if (value is not null && value.Length > maxBytes)
            throw new RpcArgumentTooLargeException($"{what} is {value.Length} bytes, at most {maxBytes} fit");
        WriteByteArray(value);
    }

    /// <summary>As <see cref="WriteMemory"/>, refusing more than <paramref name="maxBytes"/> bytes.</summary>
    public void WriteMemory(ReadOnlyMemory<byte> value, int maxBytes, string what)
    {
        if (value.Length > maxBytes)
            throw new RpcArgumentTooLargeException($"{what} is {value.Length} bytes, at most {maxBytes} fit");
        WriteMemory(value);
    }

    /// <summary>Writes a length-prefixed byte block.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        if (value.Length > _limit - _position - 4)
            throw new RpcMessageOverflowException((long)_position + 4 + value.Length, _limit);
        WriteInt32(value.Length);
        value.CopyTo(Take(value.Length));
    }

    /// <summary>Writes a nullable byte array: length -1 for null, else like <see cref="WriteBytes"/>.</summary>
    public void WriteByteArray(byte[]? value)
    {
        if (value is null)
            WriteInt32(-1);
        else
            WriteBytes(value);
    }

    /// <summary>Writes a byte block (a <see cref="ReadOnlyMemory{T}"/> is never null).</summary>
    public void WriteMemory(ReadOnlyMemory<byte> value) => WriteBytes(value.Span);

    /// <summary>Writes an unmanaged struct as its raw in-memory bytes (no length prefix).</summary>
    /// <remarks>
    /// Both ends run the same build of the interface, so the layout is agreed; the framework only
    /// targets little-endian machines, which keeps the raw bytes consistent with the rest of the wire.
    /// </remarks>
    public void WriteStruct<T>(in T value) where T : unmanaged
    {
        var span = Take(Unsafe.SizeOf<T>());
        MemoryMarshal.Write(span, in value);
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
        // Reserve the index bytes first, so a byte overflow leaves the capability list untouched.
        var slot = Take(4);
        _message.Caps[_message.CapCount] = value.Handle;
        BinaryPrimitives.WriteInt32LittleEndian(slot, _message.CapCount);
        _message.CapCount++;
    }

    /// <summary>Typed convenience for <see cref="WriteCapability(Capability)"/>.</summary>
    public void WriteCapability<T>(Capability<T> value) where T : class => WriteCapability(value.Untyped);
}

/// <summary>Thrown when a message would exceed the bounded IPC buffer (Genode's IPC_BUFFER_EXCEEDED).</summary>
public sealed class RpcMessageOverflowException : Exception
{
    public RpcMessageOverflowException(int needed, int limit)
        : this((long)needed, limit) { }

    public RpcMessageOverflowException(long needed, int limit)
        : base($"RPC message of {needed} bytes exceeds the {limit}-byte IPC buffer")
    {
        Needed = needed;
        Limit = limit;
    }

    public RpcMessageOverflowException(string message) : base(message) { }

    /// <summary>Bytes the message would have needed, or 0 when the overflow is not about bytes.</summary>
    public long Needed { get; }

    /// <summary>The byte limit that was exceeded, or 0 when the overflow is not about bytes.</summary>
    public int Limit { get; }
}
