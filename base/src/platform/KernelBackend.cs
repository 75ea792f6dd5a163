namespace Framework.Platform;

/// <summary>A booted machine: the kernel core talks to, and the controls the host holds.</summary>
public sealed record Machine(IKernelPlatform Kernel, IHostMachine Host);

/// <summary>Settings a machine boots with.</summary>
public sealed record MachineOptions
{
    /// <summary>Modeled RAM: 512 MiB unless said otherwise.</summary>
    public ulong RamBytes { get; init; } = 512UL << 20;
}

/// <summary>
/// One kernel backend as the run tool, the bench and the tests know it: its name on the command
/// line, a line about it, and how to boot a fresh machine with it.
/// </summary>
public sealed record KernelBackend(string Name, string Description, Func<MachineOptions, Machine> Boot);
