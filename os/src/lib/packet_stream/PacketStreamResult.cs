namespace Framework.Os.PacketStream;

/// <summary>How a packet-stream operation ended.</summary>
public enum PacketStreamStatus
{
    Ok,

    /// <summary>The queue to add to is full: wait for <see cref="PacketStreamSignal.ReadyToSubmit"/> or <see cref="PacketStreamSignal.ReadyToAck"/>.</summary>
    QueueFull,

    /// <summary>The queue to take from is empty: wait for <see cref="PacketStreamSignal.PacketAvail"/> or <see cref="PacketStreamSignal.AckAvail"/>.</summary>
    QueueEmpty,

    /// <summary>No room in the bulk buffer (Genode's <c>Packet_alloc_failed</c>).</summary>
    AllocFailed,

    /// <summary>A descriptor (from the other side, or passed in) does not describe a valid payload; it was not used.</summary>
    InvalidPacket,

    /// <summary>The other side wrote an impossible queue index into the shared region.</summary>
    CorruptQueue,
}

/// <summary>The outcome of a packet-stream operation, with a message for the failures that need one.</summary>
public readonly record struct PacketStreamResult(PacketStreamStatus Status, string? Error = null)
{
    public bool IsOk => Status == PacketStreamStatus.Ok;

    public static PacketStreamResult Ok => default;

    public override string ToString() => Error is null ? Status.ToString() : $"{Status}: {Error}";
}
