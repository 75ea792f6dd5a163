using Microsoft.Extensions.ObjectPool;

namespace Framework.Rpc;

/// <summary>
/// A bounded IPC message: payload bytes plus up to <see cref="MaxCaps"/> capabilities.
/// </summary>
/// <remarks>
/// Request layout: <c>[int opcode][arguments]</c>. Reply layout: <c>[int code][result][out arguments]</c>
/// where code 0 means success and negative codes are <see cref="RpcCodes"/> or declared exceptions.
/// Capabilities travel beside the bytes, as the sender's kernel names them; the backend carries them
/// as its kernel does (translated into the receiver's capability space, or as raw IDs) and hands the
/// receiver its own names for them. The bytes refer to them by index.
/// </remarks>
public sealed class MessageBuffer
{
    /// <summary>Capabilities one message may carry (Genode's MAX_CAP_ARGS).</summary>
    public const int MaxCaps = 4;

    public MessageBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 16);
        Data = new byte[capacity];
    }

    /// <summary>The payload storage; only the first <see cref="Length"/> bytes are meaningful.</summary>
    public byte[] Data { get; }

    public int Capacity => Data.Length;

    /// <summary>Bytes of payload in use.</summary>
    public int Length { get; set; }

    /// <summary>Capabilities carried by the message, valid up to <see cref="CapCount"/>.</summary>
    public KernelCapability[] Caps { get; } = new KernelCapability[MaxCaps];

    public int CapCount { get; set; }

    /// <summary>Set by the kernel on receipt: the badge of the called object (its id in the entrypoint).</summary>
    public long Badge { get; set; }

    public ReadOnlySpan<byte> Payload => Data.AsSpan(0, Length);

    public void Clear()
    {
        Length = 0;
        CapCount = 0;
        Badge = 0;
    }

    /// <summary>Copies payload, capabilities and badge into <paramref name="destination"/>.</summary>
    public void CopyTo(MessageBuffer destination)
    {
        Data.AsSpan(0, Length).CopyTo(destination.Data);
        destination.Length = Length;
        Array.Copy(Caps, destination.Caps, CapCount);
        destination.CapCount = CapCount;
        destination.Badge = Badge;
    }

    /// <summary>An object pool of message buffers of one capacity.</summary>
    public static ObjectPool<MessageBuffer> CreatePool(int capacity) =>
        new DefaultObjectPool<MessageBuffer>(new Policy(capacity), 16);

    private sealed class Policy(int capacity) : PooledObjectPolicy<MessageBuffer>
    {
        public override MessageBuffer Create() => new(capacity);

        public override bool Return(MessageBuffer obj)
        {
            obj.Clear();
            return true;
        }
    }
}
