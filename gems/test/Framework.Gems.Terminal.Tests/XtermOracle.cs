using System.Diagnostics;
using System.Text.Json;

namespace Framework.Gems.Terminal.Tests;

/// <summary>One cell as xterm.js holds it: text ("" for empty or the right half of a wide character), width, colours, flags.</summary>
internal readonly record struct OracleCell(string Text, int Width, string Fg, string Bg, string Flags);

/// <summary>xterm.js's screen after the first <see cref="Offset"/> bytes of a stream.</summary>
internal sealed record OracleScreen(int Offset, int CursorX, int CursorY, OracleCell[][] Lines);

/// <summary>
/// Runs xterm.js's headless terminal (npm @xterm/headless, installed by tool/setup/install-deps.sh
/// into tool/setup/node_modules) over byte streams: the independent reference the decoder is
/// compared with. Tests using it are skipped, with the reason, when Node or the package cannot be had.
/// </summary>
internal static class XtermOracle
{
    public static string Script => Path.Combine(RepositoryPaths.TestProject(), "Oracle", "xterm-oracle.cjs");

    /// <summary>The node_modules folder holding @xterm/headless; installs it if needed, or ignores the test.</summary>
    public static string Modules()
    {
        string root = RepositoryPaths.Root();
        string modules = Path.Combine(root, "tool", "setup", "node_modules");
        if (!HasNode())
            Assert.Ignore("Node.js (node) is not installed: the xterm.js oracle cannot run. tool/setup/install-deps.sh installs it.");
        if (!File.Exists(Path.Combine(modules, "@xterm", "headless", "package.json")))
        {
            // The package is pinned by tool/setup/package-lock.json; try to install it once.
            var (code, output) = Exec("bash", [Path.Combine(root, "tool", "setup", "install-deps.sh"), "--npm"], root);
            if (code != 0 || !File.Exists(Path.Combine(modules, "@xterm", "headless", "package.json")))
                Assert.Ignore($"@xterm/headless is not installed and tool/setup/install-deps.sh --npm failed ({code}): {output.Trim()}");
        }
        return modules;
    }

    private static bool HasNode()
    {
        try
        {
            return Exec("node", ["--version"], ".").Code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>The screens of each stream file (at its checkpoints and its end) on a terminal of the given size.</summary>
    public static IReadOnlyList<IReadOnlyList<OracleScreen>> Run(int columns, int lines, IReadOnlyList<string> files)
    {
        string modules = Modules();
        var (code, output) = Exec("node", [Script, modules, columns.ToString(System.Globalization.CultureInfo.InvariantCulture),
            lines.ToString(System.Globalization.CultureInfo.InvariantCulture), .. files], RepositoryPaths.Root());
        Assert.That(code, Is.EqualTo(0), $"xterm.js oracle failed: {output}");
        using var json = JsonDocument.Parse(output);
        var result = new List<IReadOnlyList<OracleScreen>>();
        foreach (var stream in json.RootElement.EnumerateArray())
        {
            var screens = new List<OracleScreen>();
            foreach (var s in stream.GetProperty("screens").EnumerateArray())
            {
                var cursor = s.GetProperty("cursor");
                var rows = s.GetProperty("lines").EnumerateArray().Select(line => line.EnumerateArray().Select(c => new OracleCell(
                    c[0].GetString()!, c[1].GetInt32(), c[2].GetString()!, c[3].GetString()!, c[4].GetString()!)).ToArray()).ToArray();
                screens.Add(new OracleScreen(s.GetProperty("offset").GetInt32(), cursor[0].GetInt32(), cursor[1].GetInt32(), rows));
            }
            result.Add(screens);
        }
        return result;
    }

    private static (int Code, string Output) Exec(string file, IEnumerable<string> args, string directory)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, p.ExitCode == 0 ? stdout : stdout + stderr.Result);
    }
}
