using Framework.Base.Kernel;
using Framework.Kernel.Native.Platform;

namespace Framework.Tool.Run;

/// <summary>Thrown when a kernel backend is asked for that does not exist (yet).</summary>
public sealed class KernelNotAvailableException : Exception
{
    public KernelNotAvailableException()
    {
    }

    public KernelNotAvailableException(string message)
        : base(message)
    {
    }

    public KernelNotAvailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The kernel backends core can boot on, by Genode's platform names. Genode's run tool picks one per
/// build directory; here it is a command-line choice, so one tool serves every backend.
/// </summary>
public static class KernelBackends
{
    /// <summary>The kernels Genode 12.02 supports that a backend may come for later; they are known names, not typos.</summary>
    private static readonly string[] s_planned = ["foc", "okl4", "codezero", "fiasco", "pistachio", "nova", "linux"];

    /// <summary>The backends that exist now.</summary>
    public static IReadOnlyList<string> Available { get; } = ["native"];

    public static bool IsAvailable(string name) => Available.Contains(name, StringComparer.Ordinal);

    /// <summary>Throws <see cref="KernelNotAvailableException"/> with the message the command line prints.</summary>
    public static void EnsureAvailable(string name)
    {
        if (IsAvailable(name))
            return;
        var what = s_planned.Contains(name, StringComparer.Ordinal) ? "is not available yet" : "is unknown";
        throw new KernelNotAvailableException($"kernel backend '{name}' {what} (available: {string.Join(", ", Available)})");
    }

    /// <summary>A fresh kernel instance: every boot gets its own machine.</summary>
    public static IKernel Create(string name)
    {
        EnsureAvailable(name);
        return name switch
        {
            "native" => new NativePlatform(),
            _ => throw new KernelNotAvailableException($"kernel backend '{name}' has no factory"),
        };
    }
}
