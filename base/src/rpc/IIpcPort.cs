namespace Framework.Rpc;

/// <summary>Outcome of an IPC at the kernel level (not of the called function).</summary>
public enum IpcStatus
{
    Ok = 0,
    /// <summary>The capability names nothing the caller's kernel can reach, or the object is gone.</summary>
    InvalidCapability,
    /// <summary>The server died or dissolved the object while the call was in flight.</summary>
    Aborted,
    /// <summary>The message or its capability list exceeds what the kernel transfers.</summary>
    MessageTooLarge,
    /// <summary>The receiver's capability space has no free slot for a delegated capability.</summary>
    OutOfCapabilitySlots,
    /// <summary>The calling thread was cancelled (killed, or its component is being destroyed).</summary>
    Canceled,
}

/// <summary>The component's door to the kernel's IPC: one per component (protection domain).</summary>
public interface IIpcPort
{
    /// <summary>Largest payload, in bytes, one message may carry on this kernel.</summary>
    int MaxMessageBytes { get; }

    /// <summary>
    /// Calls the object behind <paramref name="capability"/>, blocking until it replies. The reply
    /// replaces the request in <paramref name="message"/>, including translated capabilities.
    /// </summary>
    IpcStatus Call(KernelCapability capability, MessageBuffer message);

    /// <summary>Takes a message buffer from this component's pool.</summary>
    MessageBuffer Rent();

    /// <summary>Returns a buffer taken with <see cref="Rent"/>.</summary>
    void Return(MessageBuffer message);
}

/// <summary>A kernel-level IPC failure.</summary>
public sealed class IpcException(IpcStatus status, string message) : Exception(message)
{
    public IpcStatus Status { get; } = status;
}
