using System.Diagnostics;
using System.Globalization;
using System.Text;
using Framework.Tool.Tcl;

namespace Framework.Tool.Run;

/// <summary>
/// <c>--platform pc-uefi</c>: the native kernel on bare metal. <c>build_boot_image {scenario}</c>
/// builds the UEFI image (repos/base-native/src/pc-uefi/build.sh) and <c>run_genode_until</c>
/// boots it in QEMU (boot.sh, with the scenario passed through fw_cfg), prints the serial log and
/// matches the pattern against it. Timeouts are wall-clock seconds here: QEMU is a real machine.
/// </summary>
internal sealed class PcUefiPlatform
{
    public const string Name = "pc-uefi";

    private readonly string _root;
    private readonly string _runDirectory;
    private readonly RunOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _error;
    private string? _scenario;

    public PcUefiPlatform(string root, string runDirectory, RunOptions options, TextWriter output, TextWriter error)
    {
        _root = root;
        _runDirectory = runDirectory;
        _options = options;
        _out = output;
        _error = error;
    }

    private string Scripts => Path.Combine(_root, "repos", "base-native", "src", "pc-uefi");

    private string ImageDirectory => Path.Combine(_runDirectory, Name);

    public TclResult BuildBootImage(TclInterpreter interp, IReadOnlyList<string> a)
    {
        if (a.Count != 2)
            return TclResult.Error("wrong # args: should be \"build_boot_image scenario\"");
        var names = TclList.Parse(a[1]);
        if (names.Count != 1)
            return TclResult.Error($"build_boot_image: on {Name} the argument is one scenario (selftest, hello, kernel-fault), not {{{a[1]}}}");
        _scenario = names[0];
        var (code, log) = Execute("build.sh", ["--out", ImageDirectory], TimeSpan.FromMinutes(10), echo: false);
        if (code == 4)
            return TclResult.Error($"build_boot_image: {log.Trim()}");
        if (code != 0)
            return TclResult.Error($"build_boot_image: building the {Name} image failed:\n{log.Trim()}");
        if (_options.Verbose)
            _error.Write(log);
        return TclResult.Empty;
    }

    public TclResult RunUntil(TclInterpreter interp, IReadOnlyList<string> a)
    {
        var forever = a.Count == 2 && a[1] == "forever";
        if (!forever && a.Count != 3)
            return TclResult.Error($"wrong # args: should be \"run_genode_until regexp timeout\" (on {Name} there is no spawn id to continue)");
        if (_scenario is null)
            return TclResult.Error("run_genode_until: no image (build_boot_image first)");
        double seconds = 600;
        if (!forever && (!double.TryParse(a[2], NumberStyles.Float, CultureInfo.InvariantCulture, out seconds) || seconds <= 0))
            return TclResult.Error($"run_genode_until: bad timeout '{a[2]}'");
        seconds *= _options.TimeoutScale;
        var pattern = forever ? null : TclPattern.ToRegex(a[1]);
        var timeout = ((int)Math.Ceiling(seconds)).ToString(CultureInfo.InvariantCulture);
        var (code, log) = Execute("boot.sh", ["--esp", Path.Combine(ImageDirectory, "esp"), "--scenario", _scenario, "--until", "", "--timeout", timeout],
            TimeSpan.FromSeconds(seconds + 60), echo: true);
        if (code == 4)
            return TclResult.Error($"run_genode_until: {log.Trim()}");
        interp.SetGlobalVariable("output", log);
        if (pattern is not null && !pattern.IsMatch(log))
            return TclResult.Error($"run_genode_until: {{{a[1]}}} did not appear within {timeout} s of QEMU (boot.sh exit {code})");
        return TclResult.Ok("0");
    }

    /// <summary>Runs one of the platform's scripts; stdout goes to the run's output as it comes when <paramref name="echo"/>.</summary>
    private (int Code, string Log) Execute(string script, IReadOnlyList<string> arguments, TimeSpan limit, bool echo)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        start.ArgumentList.Add(Path.Combine(Scripts, script));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {script}");
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (output)
                output.Append(e.Data).Append('\n');
            if (echo)
                _out.WriteLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (errors)
                errors.Append(e.Data).Append('\n');
            if (echo && _options.Verbose)
                _error.WriteLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (124, output.ToString() + errors);
        }
        process.WaitForExit();
        lock (output)
            return (process.ExitCode, echo ? output.ToString() : output.ToString() + errors);
    }
}
