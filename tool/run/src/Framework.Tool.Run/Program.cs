using System.CommandLine;
using System.Globalization;
using Framework.Backends;
using Framework.Tool.Run;

// tool/run/run <script.run> [options]   or   tool/run/run --boot <image.boot> [--until regex] [--timeout s]
var script = new Argument<string?>("script")
{
    Description = "The run script to execute (for example run/hello.run)",
    Arity = ArgumentArity.ZeroOrOne,
};
var kernel = new Option<string>("--kernel")
{
    Description = $"Kernel backend to boot on ({string.Join(", ", KernelBackends.Names)})",
    DefaultValueFactory = _ => KernelBackends.Default,
};
var platform = new Option<string>("--platform")
{
    Description = "Where the kernel runs: hosted (in this process) or pc-uefi (the native kernel on bare metal, booted in QEMU)",
    DefaultValueFactory = _ => "hosted",
};
var trace = new Option<bool>("--trace") { Description = "Print the kernel syscall trace to stderr, lines prefixed \"[trace] \"" };
var verbose = new Option<bool>("--verbose") { Description = "Print build and boot details: projects, boot modules and sizes" };
var interactive = new Option<bool>("--interactive") { Description = "Virtual time follows the wall clock; 'run_genode_until forever' runs until idle or Ctrl-C" };
var timeoutScale = new Option<double>("--timeout-scale")
{
    Description = "Multiply every run_genode_until timeout by this factor",
    DefaultValueFactory = _ => 1.0,
};
var genodeDir = new Option<string?>("--genode-dir") { Description = "The source tree (default: found above the script or the working directory)" };
var boot = new Option<string?>("--boot") { Description = "Boot an existing image.boot again, without a script or a build" };
var until = new Option<string?>("--until") { Description = "With --boot: the (Tcl) regular expression to wait for; without it the system runs until idle" };
var timeout = new Option<double?>("--timeout") { Description = "With --boot: virtual-time limit in seconds" };
var check = new Option<bool>("--check") { Description = "Prove the script's init config (routes, cycles, quotas, binaries) without building or booting; prints the routing table" };

var root = new RootCommand("Genode-style run tool: builds the targets of a run script, packs a boot image, boots it on a kernel backend and checks the log.")
{
    script, kernel, platform, trace, verbose, interactive, timeoutScale, genodeDir, boot, until, timeout, check,
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 || parsed.Action is not null)
{
    if (parsed.Errors.Count == 0)
        return parsed.Invoke(); // --help, --version
    foreach (var error in parsed.Errors)
        Console.Error.WriteLine($"run: {error.Message}");
    Console.Error.WriteLine("usage: run <script.run> [--kernel native] [--platform hosted|pc-uefi] [--trace] [--verbose] [--interactive] [--timeout-scale N]");
    Console.Error.WriteLine("       run --boot <image.boot> [--until regex] [--timeout seconds] [--kernel native]");
    return RunScript.ExitUsage;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C ends the run cleanly (the kernel returns between slices); a second one kills the process.
    if (!cancel.IsCancellationRequested)
    {
        e.Cancel = true;
        cancel.Cancel();
    }
};

var platformName = parsed.GetValue(platform) ?? "hosted";
if (platformName is not ("hosted" or "pc-uefi"))
{
    Console.Error.WriteLine($"run: unknown platform '{platformName}' (available: hosted, pc-uefi)");
    return RunScript.ExitUsage;
}
var options = new RunOptions
{
    Kernel = parsed.GetValue(kernel) ?? "native",
    Platform = platformName,
    Check = parsed.GetValue(check),
    Trace = parsed.GetValue(trace),
    Verbose = parsed.GetValue(verbose),
    Interactive = parsed.GetValue(interactive),
    TimeoutScale = parsed.GetValue(timeoutScale),
    GenodeDirectory = parsed.GetValue(genodeDir),
    Out = Console.Out,
    Error = Console.Error,
    Cancellation = cancel.Token,
};
if (options.TimeoutScale <= 0 || double.IsNaN(options.TimeoutScale))
{
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run: --timeout-scale must be positive, not {options.TimeoutScale}"));
    return RunScript.ExitUsage;
}

var scriptPath = parsed.GetValue(script);
var image = parsed.GetValue(boot);
if (image is not null)
{
    if (scriptPath is not null)
    {
        Console.Error.WriteLine("run: give either a run script or --boot <image.boot>, not both");
        return RunScript.ExitUsage;
    }
    return RunImage.Execute(image, parsed.GetValue(until), parsed.GetValue(timeout), options).ExitCode;
}
if (scriptPath is not null && scriptPath.StartsWith('-'))
{
    Console.Error.WriteLine($"run: unknown option '{scriptPath}' (--help lists the options)");
    return RunScript.ExitUsage;
}
if (scriptPath is null)
{
    Console.Error.WriteLine("run: no run script given (usage: run <script.run> [options], or run --boot <image.boot>; --help for more)");
    return RunScript.ExitUsage;
}
if (parsed.GetValue(until) is not null || parsed.GetValue(timeout) is not null)
{
    Console.Error.WriteLine("run: --until and --timeout belong to --boot; a run script says what to wait for");
    return RunScript.ExitUsage;
}
return RunScript.Execute(scriptPath, options).ExitCode;
