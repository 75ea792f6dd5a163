using System.Globalization;
using Framework.Backends;

namespace Framework.Tool.Run;

/// <summary>Boots a saved boot image again without building (the command line's --boot mode).</summary>
public static class RunImage
{
    /// <param name="imagePath">An image.boot written by build_boot_image.</param>
    /// <param name="until">Tcl regular expression to wait for; null runs until the system goes idle (or the timeout).</param>
    /// <param name="timeoutSeconds">Virtual-time limit; null for none. Scaled by <see cref="RunOptions.TimeoutScale"/>.</param>
    public static RunScriptResult Execute(string imagePath, string? until, double? timeoutSeconds, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(imagePath);
        options ??= new RunOptions();
        using var streams = new RunStreams(options.Out, options.Error);
        var code = Execute(imagePath, until, timeoutSeconds, options, streams);
        streams.Flush();
        var log = streams.CapturedOut;
        return new RunScriptResult(code, log, streams.CapturedError, log);
    }

    private static int Execute(string imagePath, string? until, double? timeoutSeconds, RunOptions options, RunStreams streams)
    {
        BootImage image;
        try
        {
            KernelBackends.Get(options.Kernel);
            image = BootImage.Load(imagePath);
        }
        catch (KernelNotAvailableException e)
        {
            streams.Error.WriteLine($"run: {e.Message}");
            return RunScript.ExitUsage;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            streams.Error.WriteLine($"run: cannot load boot image '{imagePath}': {e.Message}");
            return RunScript.ExitUsage;
        }
        if (options.Verbose)
        {
            streams.Error.WriteLine($"booting {image.Modules.Count} modules on kernel '{options.Kernel}':");
            foreach (var m in image.Modules)
                streams.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Name,-24} {m.Size,10} bytes"));
        }

        RunningSystem system;
        try
        {
            system = Scenario.Boot(image, options.Kernel, new ScenarioOptions
            {
                OnLog = line => streams.Out.WriteLine(line),
                OnTrace = options.Trace ? line => streams.Error.WriteLine("[trace] " + line) : null,
                FollowWallClock = options.Interactive,
            });
        }
        catch (InvalidOperationException e)
        {
            streams.Error.WriteLine($"run: cannot boot '{imagePath}': {e.Message}");
            return RunScript.ExitScriptError;
        }

        var timeout = timeoutSeconds is { } s ? TimeSpan.FromSeconds(s * options.TimeoutScale) : (TimeSpan?)null;
        var outcome = until is null
            ? system.RunUntilIdle(timeout, options.Cancellation)
            : system.RunUntil(TclPattern.ToRegex(until), timeout ?? TimeSpan.MaxValue, options.Cancellation);
        var at = string.Create(CultureInfo.InvariantCulture, $"{outcome.VirtualTime.TotalSeconds:F3} s");
        switch (outcome.Status)
        {
            case RunStatus.Matched:
                return 0;
            case RunStatus.Idle when until is null:
                return 0;
            case RunStatus.TimedOut when until is null:
                return 0;
            case RunStatus.Idle:
                streams.Error.WriteLine($"run: system idle before the expected output appeared (virtual time {at}), waiting for {{{until}}}");
                return RunScript.ExitScriptError;
            case RunStatus.TimedOut:
                streams.Error.WriteLine($"run: expected output did not appear within {timeoutSeconds?.ToString(CultureInfo.InvariantCulture)} s of virtual time, waiting for {{{until}}}");
                return RunScript.ExitScriptError;
            default:
                streams.Error.WriteLine($"run: interrupted at virtual time {at}");
                return RunScript.ExitScriptError;
        }
    }
}
