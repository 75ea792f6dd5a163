namespace Framework.Rpc;

/// <summary>
/// What a capability is to the kernel that its holder runs on (Genode's Native_capability): a
/// selector into the holder's capability space on the native kernel, a selector plus a global ID
/// on Fiasco.OC, a global thread ID plus an object ID on Codezero and OKL4. Only the backend
/// interprets it; 0 names nothing on every backend.
/// </summary>
public readonly record struct KernelCapability(ulong Value)
{
    public bool IsValid => Value != 0;

    public static KernelCapability Invalid => default;

    public override string ToString() => IsValid ? $"0x{Value:x}" : "invalid";
}
