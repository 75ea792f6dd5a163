using System.Buffers.Binary;
using System.Text;

namespace Framework.Rpc;

/// <summary>Unmarshals values written by <see cref="RpcWriter"/>; truncation throws <see cref="RpcMessageFormatException"/>.</summary>
public ref struct RpcReader
{
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
        if (size < 0 || _position + size > _message.Length)
            throw new RpcMessageFormatException($"message truncated: needed {size} bytes at offset {_position}, have {_message.Length - _position}");
        var span = _message.Data.AsSpan(_position, size);
        _position += size;
        return span;
    }

    public bool ReadBool() => Take(1)[0] != 0;
    public byte ReadByte() => Take(1)[0];
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public string? ReadString()
    {
        var count = ReadInt32();
        if (count == -1)
            return null;
        if (count < 0)
            throw new RpcMessageFormatException($"negative string length {count} at offset {_position - 4}");
        try
        {
            return new UTF8Encoding(false, true).GetString(Take(count));
        }
        catch (DecoderFallbackException e)
        {
            throw new RpcMessageFormatException($"invalid UTF-8 in string at offset {_position - count}: {e.Message}");
        }
    }

    public byte[] ReadBytes()
    {
        var count = ReadInt32();
        if (count < 0)
            throw new RpcMessageFormatException($"negative byte-block length {count} at offset {_position - 4}");
        return Take(count).ToArray();
    }

    public Capability ReadCapability()
    {
        var index = ReadInt32();
        if (index == -1)
            return Capability.Invalid;
        if (index < 0 || index >= _message.CapCount)
            throw new RpcMessageFormatException($"capability index {index} out of range (message carries {_message.CapCount})");
        var selector = _message.Caps[index];
        return selector > 0 && _port is not null ? new Capability(_port, selector) : Capability.Invalid;
    }
}

/// <summary>A message could not be unmarshalled: it names what and where.</summary>
public sealed class RpcMessageFormatException(string message) : Exception(message);
