using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Framework.Rpc;

/// <summary>Unmarshals values written by <see cref="RpcWriter"/>; truncation throws <see cref="RpcMessageFormatException"/>.</summary>
public ref struct RpcReader
{
    // Throws on invalid bytes instead of substituting U+FFFD, so corruption is reported, not hidden.
    // Immutable, hence safe to share.
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly MessageBuffer _message;
    private readonly IIpcPort? _port;
    private int _position;

    /// <param name="port">The receiving component's port, used to build received capabilities.</param>
    public RpcReader(MessageBuffer message, IIpcPort? port)
    {
        _message = message;
        _port = port;
        _position = 0;
    }

    public readonly int Position => _position;
    public readonly int Remaining => _message.Length - _position;

    private ReadOnlySpan<byte> Take(int size)
    {
        // Compare without adding, so a huge size cannot overflow into a negative sum.
        if (size < 0 || size > _message.Length - _position)
            throw new RpcMessageFormatException($"message truncated: needed {size} bytes at offset {_position}, have {_message.Length - _position}");
        var span = _message.Data.AsSpan(_position, size);
        _position += size;
        return span;
    }

    public bool ReadBool() => Take(1)[0] != 0;
    public byte ReadByte() => Take(1)[0];
    public sbyte ReadSByte() => unchecked((sbyte)Take(1)[0]);
    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public char ReadChar() => (char)BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public string? ReadString()
    {
        var count = ReadInt32();
        if (count == -1)
            return null;
        if (count < 0)
            throw new RpcMessageFormatException($"negative string length {count} at offset {_position - 4}");
        try
        {
            return StrictUtf8.GetString(Take(count));
        }
        catch (DecoderFallbackException e)
        {
            throw new RpcMessageFormatException($"invalid UTF-8 in string at offset {_position - count}: {e.Message}");
        }
    }

    /// <summary>As <see cref="ReadString()"/>, refusing more than <paramref name="maxBytes"/> bytes (a sender that bypassed its stub).</summary>
    public string? ReadString(int maxBytes)
    {
        CheckBound(maxBytes, "string");
        return ReadString();
    }

    /// <summary>As <see cref="ReadByteArray()"/>, refusing more than <paramref name="maxBytes"/> bytes.</summary>
    public byte[]? ReadByteArray(int maxBytes)
    {
        CheckBound(maxBytes, "byte block");
        return ReadByteArray();
    }

    /// <summary>As <see cref="ReadMemory()"/>, refusing more than <paramref name="maxBytes"/> bytes.</summary>
    public ReadOnlyMemory<byte> ReadMemory(int maxBytes)
    {
        CheckBound(maxBytes, "byte block");
        return ReadMemory();
    }

    /// <summary>As <see cref="ReadMemoryView()"/>, refusing more than <paramref name="maxBytes"/> bytes.</summary>
    public ReadOnlyMemory<byte> ReadMemoryView(int maxBytes)
    {
        CheckBound(maxBytes, "byte block");
        return ReadMemoryView();
    }

    private void CheckBound(int maxBytes, string what)
    {
        if (_position + 4 > _message.Length)
            return;
        var count = BinaryPrimitives.ReadInt32LittleEndian(_message.Data.AsSpan(_position, 4));
        if (count > maxBytes)
            throw new RpcMessageFormatException($"{what} of {count} bytes at offset {_position} exceeds its bound of {maxBytes}");
    }

    public byte[] ReadBytes()
    {
        var count = ReadInt32();
        if (count < 0)
            throw new RpcMessageFormatException($"negative byte-block length {count} at offset {_position - 4}");
        return Take(count).ToArray();
    }

    /// <summary>Reads a byte array written by <see cref="RpcWriter.WriteByteArray"/>: length -1 is null.</summary>
    public byte[]? ReadByteArray()
    {
        var count = ReadInt32();
        if (count == -1)
            return null;
        if (count < 0)
            throw new RpcMessageFormatException($"negative byte-block length {count} at offset {_position - 4}");
        return Take(count).ToArray();
    }

    /// <summary>Reads a byte block into freshly allocated memory that outlives the message.</summary>
    public ReadOnlyMemory<byte> ReadMemory() => ReadBytes();

    /// <summary>
    /// Reads a byte block as a view into the message itself, without copying (Genode's in-place
    /// <c>Rpc_in_buffer</c>). The view is only valid while the message buffer is not reused:
    /// the generated dispatcher uses it for server-side arguments, valid for the duration of the call.
    /// </summary>
    public ReadOnlyMemory<byte> ReadMemoryView()
    {
        var count = ReadInt32();
        if (count < 0)
            throw new RpcMessageFormatException($"negative byte-block length {count} at offset {_position - 4}");
        var start = _position;
        Take(count);
        return new ReadOnlyMemory<byte>(_message.Data, start, count);
    }

    /// <summary>Reads an unmanaged struct written by <see cref="RpcWriter.WriteStruct{T}"/>.</summary>
    public T ReadStruct<T>() where T : unmanaged => MemoryMarshal.Read<T>(Take(Unsafe.SizeOf<T>()));

    public Capability ReadCapability()
    {
        var index = ReadInt32();
        if (index == -1)
            return Capability.Invalid;
        if (index < 0 || index >= _message.CapCount)
            throw new RpcMessageFormatException($"capability index {index} out of range (message carries {_message.CapCount})");
        var handle = _message.Caps[index];
        return handle.IsValid && _port is not null ? new Capability(_port, handle) : Capability.Invalid;
    }

    /// <summary>Reads a capability and types it as <typeparamref name="T"/> (the interface is the declaration's promise).</summary>
    public Capability<T> ReadCapability<T>() where T : class => new(ReadCapability());

    /// <summary>
    /// Fails unless the whole message was consumed: trailing bytes mean the two ends disagree
    /// about the interface, which is better reported than silently ignored.
    /// </summary>
    public readonly void EnsureEnd()
    {
        if (_position != _message.Length)
            throw new RpcMessageFormatException($"{_message.Length - _position} unexpected trailing bytes at offset {_position}");
    }
}

/// <summary>A message could not be unmarshalled: it names what and where.</summary>
public sealed class RpcMessageFormatException(string message) : Exception(message);
