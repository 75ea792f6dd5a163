namespace Framework.Kernel.Native;

/// <summary>Capacities of the kernel's object tables, fixed at boot.</summary>
public sealed class KernelConfig
{
    public int MaxThreads { get; init; } = 8192;
    public int MaxPds { get; init; } = 4096;
    public int MaxEndpoints { get; init; } = 8192;
    public int MaxObjects { get; init; } = 1 << 17;
    public int MaxSignalContexts { get; init; } = 1 << 16;
    public int MaxSemaphores { get; init; } = 1 << 15;
    public int MaxIrqs { get; init; } = 256;
    /// <summary>Largest message payload one IPC transfers, in bytes.</summary>
    public int MaxMessageBytes { get; init; } = 4096;
    /// <summary>Priority levels; higher numbers run first.</summary>
    public int PriorityLevels { get; init; } = 16;
}
