using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Framework.Backends;
using Framework.Core;
using Framework.Platform;

namespace Framework.Tool.Run;

/// <summary>How a run of a booted system ended.</summary>
public enum RunStatus
{
    /// <summary>The pattern matched the output.</summary>
    Matched,

    /// <summary>The virtual-time budget ran out first.</summary>
    TimedOut,

    /// <summary>Every thread blocked with no timeout pending: nothing would ever happen again.</summary>
    Idle,

    /// <summary>The caller cancelled (Ctrl-C in interactive mode).</summary>
    Interrupted,
}

/// <summary>
/// The result of <see cref="RunningSystem.RunUntil(Regex, TimeSpan, CancellationToken)"/>.
/// <paramref name="Output"/> is the text consumed by this run (as expect's buffer: everything since the
/// previous match), <paramref name="Log"/> every line since boot.
/// </summary>
public sealed record RunOutcome(RunStatus Status, string Output, IReadOnlyList<string> Log, TimeSpan VirtualTime, Match? Match)
{
    public bool IsMatched => Status == RunStatus.Matched;
}

/// <summary>Settings of a boot.</summary>
public sealed record ScenarioOptions
{
    /// <summary>Called with each log line as it appears (on a kernel thread; keep it short).</summary>
    public Action<string>? OnLog { get; init; }

    /// <summary>When set, receives the kernel's structured syscall trace.</summary>
    public Action<string>? OnTrace { get; init; }

    /// <summary>Virtual time follows the wall clock (interactive use) instead of jumping to the next timeout.</summary>
    public bool FollowWallClock { get; init; }

    public CoreOptions? Core { get; init; }
}

/// <summary>Boots core with a set of boot modules on a kernel backend, like Genode's run tool does after build_boot_image.</summary>
public static class Scenario
{
    public static RunningSystem Boot(BootImage image, string kernel = "native", ScenarioOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Boot(image.ToRomFs(), kernel, options);
    }

    public static RunningSystem Boot(RomFs roms, string kernel = "native", ScenarioOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(roms);
        var system = new RunningSystem(KernelBackends.Boot(kernel), roms, options ?? new ScenarioOptions());
        system.Boot();
        return system;
    }
}

/// <summary>
/// A booted system: core on its kernel, with init started. Nothing runs until one of the Run methods is
/// called; they run the kernel on the calling thread (the kernel's idle thread) and return at a match,
/// at the virtual-time limit, or when the system went idle. A later call continues the same system.
/// </summary>
public sealed class RunningSystem
{
    // Slices keep a cancellable run responsive: the kernel returns to the host between them.
    private const ulong SliceMicroseconds = 100_000;
    private const int MaxWallSleepMilliseconds = 50;

    private readonly IHostMachine _kernel;
    private readonly CoreSystem _core;
    private readonly ScenarioOptions _options;
    private readonly Lock _lock = new();
    private readonly List<string> _log = [];
    private readonly StringBuilder _text = new();
    private int _consumed;
    private Regex? _pattern;
    private Match? _match;
    private bool _inRun;
    private long _wallBase = -1;
    private ulong _virtualBase;

    internal RunningSystem(Machine machine, RomFs roms, ScenarioOptions options)
    {
        _kernel = machine.Host;
        _options = options;
        _core = new CoreSystem(machine, roms, OnCoreLog, options.Core);
        KernelName = machine.Kernel.Info.Name;
    }

    public string KernelName { get; }

    public CoreSystem Core => _core;

    /// <summary>Virtual time since boot.</summary>
    public TimeSpan Now => TimeSpan.FromMicroseconds(_kernel.Now);

    /// <summary>Every log line since boot (a snapshot).</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock)
                return [.. _log];
        }
    }

    /// <summary>The whole log as text, each line ended by a newline.</summary>
    public string LogText
    {
        get
        {
            lock (_lock)
                return _text.ToString();
        }
    }

    internal void Boot()
    {
        if (_options.OnTrace is { } trace)
            _kernel.SetTrace(trace);
        _core.Boot();
    }

    /// <summary>Runs until <paramref name="pattern"/> matches the output produced since the previous match.</summary>
    public RunOutcome RunUntil(Regex pattern, TimeSpan virtualTimeout, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return RunCore(pattern, virtualTimeout, cancellation);
    }

    /// <summary>Same with a .NET regular expression given as text (Singleline: '.' matches newlines, as in Tcl).</summary>
    public RunOutcome RunUntil(string pattern, TimeSpan virtualTimeout, CancellationToken cancellation = default) =>
        RunUntil(new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant), virtualTimeout, cancellation);

    /// <summary>Runs until the system goes idle, the limit passes (default: none), or cancellation (run_genode_until forever).</summary>
    public RunOutcome RunUntilIdle(TimeSpan? virtualTimeout = null, CancellationToken cancellation = default) =>
        RunCore(null, virtualTimeout ?? TimeSpan.MaxValue, cancellation);

    private RunOutcome RunCore(Regex? pattern, TimeSpan timeout, CancellationToken cancellation)
    {
        ulong deadline = Saturate(_kernel.Now, timeout);
        lock (_lock)
        {
            _pattern = pattern;
            _match = null;
            if (pattern is not null)
                TryMatchLocked();
            if (_match is not null)
                return Finish(RunStatus.Matched);
        }

        while (true)
        {
            if (cancellation.IsCancellationRequested)
                return Finish(RunStatus.Interrupted);

            var limit = deadline;
            if (_options.FollowWallClock)
            {
                var wall = WallNow();
                _kernel.AdvanceTime(Math.Min(wall, deadline));
                limit = Math.Min(limit, wall);
            }
            else if (cancellation.CanBeCanceled)
            {
                limit = Math.Min(limit, Saturate(_kernel.Now, TimeSpan.FromMicroseconds(SliceMicroseconds)));
            }

            _inRun = true;
            KernelRunResult result;
            try
            {
                result = _kernel.Run(limit);
            }
            finally
            {
                _inRun = false;
            }

            lock (_lock)
            {
                if (_match is not null)
                    return Finish(RunStatus.Matched);
            }
            switch (result)
            {
                case KernelRunResult.Idle:
                    return Finish(RunStatus.Idle);
                case KernelRunResult.TimeLimit when _kernel.Now >= deadline:
                    return Finish(RunStatus.TimedOut);
                case KernelRunResult.TimeLimit when _options.FollowWallClock:
                    SleepUntilNextEvent(deadline, cancellation);
                    break;
            }
        }
    }

    private void SleepUntilNextEvent(ulong deadline, CancellationToken cancellation)
    {
        var next = Math.Min(_kernel.NextDeadline, deadline);
        var now = WallNow();
        if (next <= now)
            return;
        var waitMs = (int)Math.Min((next - now + 999) / 1000, MaxWallSleepMilliseconds);
        cancellation.WaitHandle.WaitOne(waitMs);
    }

    private ulong WallNow()
    {
        if (_wallBase < 0)
        {
            _wallBase = Stopwatch.GetTimestamp();
            _virtualBase = _kernel.Now;
        }
        var elapsed = Stopwatch.GetElapsedTime(_wallBase);
        return _virtualBase + (ulong)(elapsed.Ticks / TimeSpan.TicksPerMicrosecond);
    }

    private RunOutcome Finish(RunStatus status)
    {
        lock (_lock)
        {
            var output = _text.ToString(_consumed, _text.Length - _consumed);
            if (status == RunStatus.Matched)
                _consumed = _text.Length;
            var outcome = new RunOutcome(status, output, [.. _log], Now, _match);
            _pattern = null;
            _match = null;
            return outcome;
        }
    }

    private static ulong Saturate(ulong now, TimeSpan span)
    {
        if (span == TimeSpan.MaxValue || span.Ticks < 0)
            return ulong.MaxValue;
        var micro = (ulong)(span.Ticks / TimeSpan.TicksPerMicrosecond);
        return ulong.MaxValue - now < micro ? ulong.MaxValue : now + micro;
    }

    /// <summary>Core's LOG sink; runs on core's entrypoint thread, one kernel thread at a time.</summary>
    private void OnCoreLog(string message)
    {
        var lines = message.TrimEnd('\n').Split('\n');
        bool matched;
        lock (_lock)
        {
            foreach (var raw in lines)
            {
                var line = raw.TrimEnd('\r');
                _log.Add(line);
                _text.Append(line).Append('\n');
            }
            matched = _pattern is not null && _match is null && TryMatchLocked();
        }
        foreach (var line in lines)
            _options.OnLog?.Invoke(line.TrimEnd('\r'));
        // Stop the machine right at the matching line, as expect returns at the match; the thread
        // that logged continues where it was if the system is run again.
        if (matched && _inRun && _core.Kernel.CurrentThread.IsValid)
            _kernel.PreemptToIdle();
    }

    private bool TryMatchLocked()
    {
        var pending = _text.ToString(_consumed, _text.Length - _consumed);
        var match = _pattern!.Match(pending);
        if (!match.Success)
            return false;
        _match = match;
        return true;
    }
}
