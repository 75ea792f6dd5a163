namespace Framework.Platform;

/// <summary>What a kernel backend is and the limits its IPC imposes.</summary>
/// <param name="Name">The backend's name on the command line (<c>--kernel native</c>).</param>
/// <param name="MaxMessageBytes">Largest RPC payload one message carries, capabilities not counted.</param>
/// <param name="MaxCapsPerMessage">Capabilities one message carries (Genode's MAX_CAP_ARGS is 4).</param>
/// <param name="CapabilityCostBytes">
/// Payload bytes each capability takes from <paramref name="MaxMessageBytes"/> (Fiasco.OC: two
/// message registers per map item; 0 where capabilities travel beside the payload).
/// </param>
/// <param name="ProtectedCapabilities">
/// Whether the kernel resolves a capability in its holder's own capability space, so that a forged
/// one names nothing (native, Fiasco.OC), rather than by a global name a component can guess
/// (Codezero, OKL4): what Genode's cap_integrity test tells apart.
/// </param>
public sealed record KernelInfo(string Name, int MaxMessageBytes, int MaxCapsPerMessage, int CapabilityCostBytes,
    bool ProtectedCapabilities);
