namespace Framework.Rpc;

/// <summary>The message limits an RPC interface must respect to work on every kernel backend.</summary>
public static class RpcLimits
{
    /// <summary>
    /// The largest RPC message every backend carries: Fiasco.OC's 63 message registers of 4 bytes
    /// (x86_32), which OKL4's register file also bounds. Capabilities count as
    /// <see cref="CapabilityCostBytes"/> each.
    /// </summary>
    public const int PortableMessageBytes = 252;

    /// <summary>What a capability costs in a message on the kernel where it costs most (Fiasco.OC: two message registers for the map item).</summary>
    public const int CapabilityCostBytes = 8;

    /// <summary>Session argument strings (Genode's <c>Parent::Session_args</c>, <c>Rpc_in_buffer&lt;160&gt;</c>).</summary>
    public const int SessionArgsBytes = 160;

    /// <summary>Service names (Genode's <c>Parent::Service_name</c>).</summary>
    public const int ServiceNameBytes = 64;

    /// <summary>One LOG write (Genode's <c>Log_session::MAX_STRING_LEN</c>, bounded by the smallest kernel message, OKL4's); longer text is written in pieces.</summary>
    public const int LogStringBytes = 232;

    /// <summary>Binary and ROM module names (Genode's ROM file names).</summary>
    public const int ModuleNameBytes = 128;

    /// <summary>Thread names.</summary>
    public const int ThreadNameBytes = 48;
}
