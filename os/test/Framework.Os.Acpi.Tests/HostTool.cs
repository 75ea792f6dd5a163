using System.Diagnostics;

namespace Framework.Os.Acpi.Tests;

/// <summary>Host tools used as oracles: found on PATH, else installed once by tool/setup/install-deps.sh, else the test is ignored.</summary>
internal static class HostTool
{
    private static readonly Lazy<bool> s_installed = new(Install);

    public static string Require(string name)
    {
        if (Find(name) is { } path)
            return path;
        _ = s_installed.Value;
        if (Find(name) is { } installed)
            return installed;
        Assert.Ignore($"{name} is not installed and tool/setup/install-deps.sh could not install it (Debian package acpica-tools, needs root)");
        return "";
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static bool Install()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
            dir = dir.Parent;
        string? script = dir is null ? null : Path.Combine(dir.FullName, "tool", "setup", "install-deps.sh");
        if (script is null || !File.Exists(script))
            return false;
        using var p = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true });
        if (p is null)
            return false;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0;
    }

    /// <summary>Runs <paramref name="tool"/> in <paramref name="directory"/> and returns its exit code.</summary>
    public static int Run(string tool, string directory, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(tool, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true })!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }
}
