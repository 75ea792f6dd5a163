namespace Framework.Platform;

// Handles name kernel objects for core. What a handle holds is the backend's business (an index
// into its object tables, a capability selector in core's own space, a global thread ID); core
// only passes them back. The default value (0) names nothing on every backend.

/// <summary>A protection domain (Genode's Platform_pd: a task, a space, an address space).</summary>
public readonly record struct PdHandle(int Value)
{
    public bool IsValid => Value != 0;
    public override string ToString() => $"pd{Value}";
}

/// <summary>A kernel thread (Genode's Platform_thread).</summary>
public readonly record struct ThreadHandle(int Value)
{
    public bool IsValid => Value != 0;
    public override string ToString() => $"t{Value}";
}

/// <summary>Where a server thread receives the calls to its RPC objects.</summary>
public readonly record struct EndpointHandle(int Value)
{
    public bool IsValid => Value != 0;
    public override string ToString() => $"ep{Value}";
}

/// <summary>An RPC object of an endpoint (a gate, a portal, an object ID), as core minted it.</summary>
public readonly record struct ObjectHandle(int Value)
{
    public bool IsValid => Value != 0;
    public override string ToString() => $"obj{Value}";
}

/// <summary>A signal context: submits to it coalesce and are delivered to one endpoint.</summary>
public readonly record struct SignalContextHandle(int Value)
{
    public bool IsValid => Value != 0;
    public override string ToString() => $"sig{Value}";
}

/// <summary>A counting semaphore threads of one PD block on.</summary>
public readonly record struct SemaphoreHandle(int Value)
{
    public bool IsValid => Value != 0;
    public override string ToString() => $"sem{Value}";
}

/// <summary>An interrupt line as a kernel object.</summary>
public readonly record struct IrqHandle(int Value)
{
    public bool IsValid => Value != 0;
    public override string ToString() => $"irq{Value}";
}
