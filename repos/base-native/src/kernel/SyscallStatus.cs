namespace Framework.Kernel.Native;

/// <summary>Syscall status codes after seed 004: 0xx success, 1xx caller error, 2xx kernel error.</summary>
/// <remarks>A 1xx status means an unchanged retry cannot succeed; a 2xx status may succeed later.</remarks>
public enum SyscallStatus : ushort
{
    Ok = 0,
    /// <summary>Success, but the operation timed out (a semaphore down with a timeout).</summary>
    Timeout = 1,
    /// <summary>
    /// Not a result a thread ever sees: a wait that a hosted HAL ran on a borrowed context
    /// (<see cref="Hal.IHalCpu.Lend"/>) returns it there, while the thread goes on waiting.
    /// </summary>
    Detached = 2,

    UnknownSyscall = 100,
    BadArgument = 101,
    /// <summary>The capability selector names nothing, or an object of the wrong kind.</summary>
    BadCapability = 102,
    /// <summary>The message or its capability list exceeds the kernel's transfer limit.</summary>
    MessageTooLarge = 103,
    /// <summary>The thread is not in a state that permits the operation.</summary>
    BadState = 104,
    /// <summary>The range conflicts with an existing mapping or allocation.</summary>
    Conflict = 105,

    Failed = 200,
    Unavailable = 201,
    OutOfMemory = 202,
    /// <summary>A capability space or kernel-object table is full.</summary>
    OutOfSlots = 203,
    /// <summary>The partner died or the object was revoked while the operation was in flight.</summary>
    Aborted = 204,
    /// <summary>The calling thread was killed while blocked.</summary>
    Canceled = 205,
}

/// <summary>A status plus a 64-bit value (the result on success, a diagnostic payload on failure).</summary>
public readonly struct SyscallResult
{
    public SyscallResult(SyscallStatus status, ulong value)
    {
        Status = status;
        Value = value;
    }

    public SyscallStatus Status { get; }
    public ulong Value { get; }

    public static SyscallResult Success(ulong value) => new(SyscallStatus.Ok, value);
    public static SyscallResult Error(SyscallStatus status, ulong diagnostic) => new(status, diagnostic);

    public bool IsSuccess => Status.IsSuccess();
}

public static class SyscallStatusExtensions
{
    public static bool IsSuccess(this SyscallStatus s) => (ushort)s < 100;
    public static bool IsCallerError(this SyscallStatus s) => (ushort)s >= 100 && (ushort)s < 200;
    public static bool IsKernelError(this SyscallStatus s) => (ushort)s >= 200 && (ushort)s < 300;
}
