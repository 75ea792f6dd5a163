namespace Framework.Rpc;

/// <summary>An untyped capability: what the holder's kernel calls it, and the holder's door to that kernel.</summary>
/// <remarks>
/// A capability is only meaningful together with the port (the kernel door) of the component
/// that holds it. Whether forging one gains anything depends on the kernel: the native kernel and
/// Fiasco.OC resolve a selector in the holder's own capability space, so a number that was never
/// delegated to the holder names nothing; Codezero and OKL4 name objects by global IDs, which a
/// component can guess (Genode's cap_integrity test shows the difference).
/// </remarks>
public readonly struct Capability : IEquatable<Capability>
{
    public Capability(IIpcPort port, KernelCapability handle)
    {
        Port = port;
        Handle = handle;
    }

    /// <summary>The kernel door of the component that holds this capability.</summary>
    public IIpcPort? Port { get; }

    /// <summary>What the holder's kernel calls this capability; only the backend interprets it.</summary>
    public KernelCapability Handle { get; }

    public bool IsValid => Port is not null && Handle.IsValid;

    public static Capability Invalid => default;

    /// <summary>Reinterprets this capability as one of interface <typeparamref name="T"/>.</summary>
    public Capability<T> Cast<T>() where T : class => new(this);

    /// <summary>
    /// Performs an RPC: <paramref name="message"/> holds the request when called and the reply
    /// when it returns. Kernel-level failures (invalid capability, server gone) throw
    /// <see cref="IpcException"/>.
    /// </summary>
    public void Call(MessageBuffer message)
    {
        if (Port is null || !Handle.IsValid)
            throw new IpcException(IpcStatus.InvalidCapability, "call through an invalid capability");
        var status = Port.Call(Handle, message);
        if (status != IpcStatus.Ok)
            throw new IpcException(status, $"call through capability {Handle} failed: {status}");
    }

    public bool Equals(Capability other) => ReferenceEquals(Port, other.Port) && Handle == other.Handle;
    public override bool Equals(object? obj) => obj is Capability c && Equals(c);
    public override int GetHashCode() => Handle.GetHashCode();
    public static bool operator ==(Capability a, Capability b) => a.Equals(b);
    public static bool operator !=(Capability a, Capability b) => !a.Equals(b);
    public override string ToString() => IsValid ? $"cap({Handle})" : "cap(invalid)";
}

/// <summary>A capability for an RPC object implementing interface <typeparamref name="T"/>.</summary>
public readonly struct Capability<T> : IEquatable<Capability<T>> where T : class
{
    public Capability(Capability untyped) => Untyped = untyped;

    public Capability Untyped { get; }
    public bool IsValid => Untyped.IsValid;
    public KernelCapability Handle => Untyped.Handle;
    public IIpcPort? Port => Untyped.Port;

    public static Capability<T> Invalid => default;

    public static implicit operator Capability(Capability<T> cap) => cap.Untyped;

    public void Call(MessageBuffer message) => Untyped.Call(message);

    public bool Equals(Capability<T> other) => Untyped.Equals(other.Untyped);
    public override bool Equals(object? obj) => obj is Capability<T> c && Equals(c);
    public override int GetHashCode() => Untyped.GetHashCode();
    public static bool operator ==(Capability<T> a, Capability<T> b) => a.Equals(b);
    public static bool operator !=(Capability<T> a, Capability<T> b) => !a.Equals(b);
    public override string ToString() => Untyped.ToString();
}
