namespace Framework.Platform;

/// <summary>Why <see cref="IHostMachine.Run"/> returned to the host.</summary>
public enum KernelRunResult
{
    /// <summary>Every thread is blocked and no timeout is pending: nothing would ever happen again.</summary>
    Idle,
    /// <summary>Virtual time reached the limit the host gave.</summary>
    TimeLimit,
    /// <summary>A thread handed the CPU back to the host (<see cref="IHostMachine.PreemptToIdle"/>).</summary>
    Stopped,
}
