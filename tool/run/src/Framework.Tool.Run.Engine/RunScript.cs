using Framework.Backends;
using Framework.Tool.Tcl;

namespace Framework.Tool.Run;

/// <summary>Options of a run (the command line's switches).</summary>
public sealed record RunOptions
{
    /// <summary>Kernel backend to boot on.</summary>
    public string Kernel { get; init; } = "native";

    /// <summary>Where the kernel runs: <c>hosted</c> (in this process) or <c>pc-uefi</c> (bare metal in QEMU, see PcUefiPlatform).</summary>
    public string Platform { get; init; } = "hosted";

    /// <summary>Prove the script's init config instead of building and booting (<c>--check</c>).</summary>
    public bool Check { get; init; }

    /// <summary>Print the kernel's syscall trace (prefixed "[trace] ") to the error stream.</summary>
    public bool Trace { get; init; }

    /// <summary>Print boot details: projects built, boot modules and their sizes.</summary>
    public bool Verbose { get; init; }

    /// <summary>Virtual time follows the wall clock, and "run_genode_until forever" is meant for a person watching.</summary>
    public bool Interactive { get; init; }

    /// <summary>Factor applied to every run_genode_until timeout (slow hosts, tracing).</summary>
    public double TimeoutScale { get; init; } = 1.0;

    /// <summary>The source tree (Genode's GENODE_DIR); null: found from the script's location, then the working directory.</summary>
    public string? GenodeDirectory { get; init; }

    /// <summary>Also write the standard output here as it appears (the console); it is captured either way.</summary>
    public TextWriter? Out { get; init; }

    /// <summary>Also write the error output here as it appears.</summary>
    public TextWriter? Error { get; init; }

    /// <summary>Ends "run_genode_until forever" (Ctrl-C).</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>What a run produced: the process exit status and both output streams.</summary>
/// <param name="Output">Everything printed to standard output: the scenario log, puts, "Test succeeded".</param>
/// <param name="ErrorOutput">Progress, notes, errors, trace.</param>
/// <param name="OutputVariable">The script's final <c>output</c> variable (the log after run_genode_until).</param>
public sealed record RunScriptResult(int ExitCode, string Output, string ErrorOutput, string OutputVariable)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The standard output as lines (without the final empty one).</summary>
    public IReadOnlyList<string> OutputLines => Output.Length == 0 ? [] : Output.TrimEnd('\n').Split('\n');
}

/// <summary>Executes a run script, exactly as the command line does.</summary>
public static class RunScript
{
    public const int ExitScriptError = 1;
    public const int ExitUsage = 2;

    public static RunScriptResult Execute(string scriptPath, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scriptPath);
        options ??= new RunOptions();
        using var streams = new RunStreams(options.Out, options.Error);
        var exit = Execute(scriptPath, options, streams);
        streams.Flush();
        return new RunScriptResult(exit.Code, streams.CapturedOut, streams.CapturedError, exit.Output);
    }

    private static (int Code, string Output) Execute(string scriptPath, RunOptions options, RunStreams streams)
    {
        try
        {
            KernelBackends.Get(options.Kernel);
        }
        catch (KernelNotAvailableException e)
        {
            streams.Error.WriteLine($"run: {e.Message}");
            return (ExitUsage, "");
        }
        if (!File.Exists(scriptPath))
        {
            streams.Error.WriteLine($"run: script '{scriptPath}' does not exist");
            return (ExitUsage, "");
        }
        var root = options.GenodeDirectory is { } dir ? Path.GetFullPath(dir) : GenodeTree.Find(scriptPath);
        if (root is null)
        {
            streams.Error.WriteLine($"run: cannot find the source tree above '{scriptPath}' or the working directory (use --genode-dir)");
            return (ExitUsage, "");
        }

        var session = new RunSession(root, scriptPath, options, streams);
        try
        {
            var outcome = session.Interpreter.Evaluate(File.ReadAllText(scriptPath), scriptPath);
            if (options.Check)
                return (session.ReportCheck(scriptPath), "");
            return (outcome.Exited ? outcome.ExitCode : 0, session.OutputVariable);
        }
        catch (TclException e)
        {
            streams.Error.WriteLine($"run: {e.Location}: {e.Message}");
            if (options.Verbose)
                streams.Error.WriteLine(e.ErrorInfo);
            return (ExitScriptError, session.OutputVariable);
        }
    }
}

/// <summary>Locates the source tree: the directory holding Directory.Build.props and tool/run.</summary>
internal static class GenodeTree
{
    public static string? Find(string scriptPath)
    {
        var fromScript = Path.GetDirectoryName(Path.GetFullPath(scriptPath));
        return Up(fromScript) ?? Up(Environment.CurrentDirectory) ?? Up(AppContext.BaseDirectory);
    }

    private static string? Up(string? start)
    {
        for (var d = start; d is not null; d = Path.GetDirectoryName(d))
        {
            if (File.Exists(Path.Combine(d, "Directory.Build.props")) && Directory.Exists(Path.Combine(d, "tool", "run")))
                return d;
        }
        return null;
    }
}
