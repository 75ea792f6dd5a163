namespace Framework.Os.PacketStream;

/// <summary>
/// The four corner cases of the packet stream protocol, each signalled to the other side.
/// </summary>
public enum PacketStreamSignal
{
    /// <summary>Source to sink: the submit queue was empty and holds a packet now.</summary>
    PacketAvail,

    /// <summary>Sink to source: the sink took a packet from a full submit queue.</summary>
    ReadyToSubmit,

    /// <summary>Sink to source: the acknowledgement queue was empty and holds a packet now.</summary>
    AckAvail,

    /// <summary>Source to sink: the source took a packet from a full acknowledgement queue.</summary>
    ReadyToAck,
}

/// <summary>
/// Where one side's signals to the other go. The user wires it to the real transport (a signal
/// transmitter whose context the other side registered); tests record the calls.
/// </summary>
public interface IPacketStreamSignalSink
{
    void Submit(PacketStreamSignal signal);
}
