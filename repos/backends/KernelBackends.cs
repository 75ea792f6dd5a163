using System.Collections.Immutable;
using Framework.Kernel.Native.Platform;
using Framework.Platform;

namespace Framework.Backends;

/// <summary>
/// The kernel backends core can boot on, by Genode's platform names: the one list the run tool
/// (<c>--kernel</c>), the bench and the tests (every scenario runs on each) take them from.
/// Genode's run tool picks one per build directory; here it is a command-line choice, so one tool
/// serves every backend.
/// </summary>
public static class KernelBackends
{
    /// <summary>Kernels Genode 12.02 supports that have no backend here (yet): known names, not typos.</summary>
    private static readonly ImmutableArray<string> s_planned = ["okl4", "codezero", "fiasco", "pistachio", "nova", "linux", "hw"];

    /// <summary>The backends that exist, the default first.</summary>
    public static ImmutableArray<KernelBackend> All { get; } =
    [
        new("native", "the native C# kernel (restricted-subset core, hosted HAL)", NativePlatform.Boot),
    ];

    /// <summary>The names of <see cref="All"/>.</summary>
    public static ImmutableArray<string> Names { get; } = [.. All.Select(b => b.Name)];

    /// <summary>The backend booted when none is named.</summary>
    public static string Default => All[0].Name;

    public static bool IsAvailable(string name) => All.Any(b => b.Name == name);

    /// <summary>The backend called <paramref name="name"/>, or the message the command line prints.</summary>
    public static KernelBackend Get(string name) =>
        All.FirstOrDefault(b => b.Name == name) ?? throw new KernelNotAvailableException(
            $"kernel backend '{name}' {(s_planned.Contains(name, StringComparer.Ordinal) ? "is not available yet" : "is unknown")} (available: {string.Join(", ", Names)})");

    /// <summary>A fresh machine on backend <paramref name="name"/>: every boot gets its own.</summary>
    public static Machine Boot(string name, MachineOptions? options = null) => Get(name).Boot(options ?? new MachineOptions());
}
