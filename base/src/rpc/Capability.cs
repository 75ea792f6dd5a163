namespace Framework.Rpc;

/// <summary>An untyped capability: a selector into the holder's own capability space.</summary>
/// <remarks>
/// A capability is only meaningful together with the port (the kernel door) of the component
/// that holds it. Forging a selector gains nothing: the kernel resolves it in the holder's own
/// capability space, so a number that was never delegated to the holder names nothing.
/// </remarks>
public readonly struct Capability : IEquatable<Capability>
{
    public Capability(IIpcPort port, int selector)
    {
        Port = port;
        Selector = selector;
    }

    /// <summary>The kernel door of the component that holds this capability.</summary>
    public IIpcPort? Port { get; }

    /// <summary>Index into the holder's capability space; 0 is never a valid selector.</summary>
    public int Selector { get; }

    public bool IsValid => Port is not null && Selector > 0;

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
        if (Port is null || Selector <= 0)
            throw new IpcException(IpcStatus.InvalidCapability, "call through an invalid capability");
        var status = Port.Call(Selector, message);
        if (status != IpcStatus.Ok)
            throw new IpcException(status, $"call through capability {Selector} failed: {status}");
    }

    public bool Equals(Capability other) => ReferenceEquals(Port, other.Port) && Selector == other.Selector;
    public override bool Equals(object? obj) => obj is Capability c && Equals(c);
    public override int GetHashCode() => Selector;
    public static bool operator ==(Capability a, Capability b) => a.Equals(b);
    public static bool operator !=(Capability a, Capability b) => !a.Equals(b);
    public override string ToString() => IsValid ? $"cap({Selector})" : "cap(invalid)";
}

/// <summary>A capability for an RPC object implementing interface <typeparamref name="T"/>.</summary>
public readonly struct Capability<T> : IEquatable<Capability<T>> where T : class
{
    public Capability(Capability untyped) => Untyped = untyped;

    public Capability Untyped { get; }
    public bool IsValid => Untyped.IsValid;
    public int Selector => Untyped.Selector;
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
