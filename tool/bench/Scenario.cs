using System.Diagnostics;
using System.Text;
using Framework.Backends;
using Framework.Core;
using Framework.Platform;

namespace Framework.Bench;

/// <summary>A log line and the host stopwatch reading when core printed it.</summary>
internal readonly record struct LogLine(long Timestamp, string Text);

/// <summary>The kernel backends the harness can boot: those of the registry, with room for 1,000 children.</summary>
internal static class Kernels
{
    /// <summary>Enough modelled RAM for 1,000 children and a 16 MiB dataspace; allocated uninitialised, so its size costs nothing.</summary>
    private const ulong RamSize = 1UL << 30;

    public static IReadOnlyList<string> Names => KernelBackends.Names;

    public static Machine Boot(string name) => KernelBackends.Boot(name, new MachineOptions { RamBytes = RamSize });
}

/// <summary>One boot of core + init with a config, timed with the host stopwatch.</summary>
internal sealed class Scenario
{
    private readonly string _kernelName;
    private readonly string _config;
    private readonly List<LogLine> _log = [];

    public Scenario(string kernelName, string config)
    {
        _kernelName = kernelName;
        _config = config;
    }

    public IReadOnlyList<LogLine> Log => _log;

    /// <summary>Stopwatch ticks of Boot() plus Run() until every thread blocked.</summary>
    public long BootToIdleTicks { get; private set; }

    public long StartTimestamp { get; private set; }

    /// <summary>GC heap growth from before Boot() to idle, after full collections (the kernel's RAM array is allocated before).</summary>
    public long ManagedBytes { get; private set; }

    public KernelRunResult Result { get; private set; }

    /// <summary>Kernel trace events by name, when <see cref="Run"/> was asked to count them (deterministic, unlike time).</summary>
    public Dictionary<string, int> Events { get; } = [];

    /// <summary>Boots, runs to idle, optionally measures the managed heap, and tears the system down.</summary>
    public Scenario Run(bool measureMemory = false, bool countEvents = false)
    {
        var threadsBefore = HostThreads();
        var machine = Kernels.Boot(_kernelName);
        if (countEvents)
            machine.Host.SetTrace(Count);
        var roms = new RomFs();
        // Read per boot, outside the timed part: the harness keeps no static state.
        foreach (var (name, bytes) in LoadBinaries())
            roms.Add(name, bytes);
        roms.Add("config", _config);
        long before = 0;
        if (measureMemory)
            before = CollectedHeap();
        var core = new CoreSystem(machine, roms, line => _log.Add(new LogLine(Stopwatch.GetTimestamp(), line)));
        StartTimestamp = Stopwatch.GetTimestamp();
        core.Boot();
        Result = core.Run();
        BootToIdleTicks = Stopwatch.GetTimestamp() - StartTimestamp;
        if (measureMemory)
            ManagedBytes = CollectedHeap() - before;
        GC.KeepAlive(core);
        machine.Host.Shutdown();
        // Killed threads unwind on their own host threads; wait for them, so that the next
        // scenario's heap and timing do not include this one's leftovers.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
        while (HostThreads() > threadsBefore + 2 && Stopwatch.GetTimestamp() < deadline)
            Thread.Sleep(1);
        return this;
    }

    private static int HostThreads()
    {
        using var process = Process.GetCurrentProcess();
        return process.Threads.Count;
    }

    /// <summary>Counts a trace line <c>[time] t1(name) Event(args) -> status</c> under its event name.</summary>
    private void Count(string line)
    {
        var close = line.IndexOf(") ", line.IndexOf("] t", StringComparison.Ordinal), StringComparison.Ordinal);
        var open = line.IndexOf('(', close + 2);
        if (close < 0 || open < 0)
            return;
        var name = line[(close + 2)..open];
        Events[name] = Events.GetValueOrDefault(name) + 1;
    }

    private static long CollectedHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Timestamps of the lines <c>mark &lt;case&gt; &lt;batch&gt; &lt;iterations&gt;</c>, turned into per-operation nanoseconds.</summary>
    public Samples Marks(string name)
    {
        var samples = new Samples();
        long? previous = null;
        foreach (var line in _log)
        {
            var at = line.Text.IndexOf("] mark " + name + " ", StringComparison.Ordinal);
            if (at < 0)
                continue;
            var fields = line.Text[(at + 2)..].Split(' ');
            var iterations = int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture);
            if (previous is { } p)
                samples.Add(Stopwatch.GetElapsedTime(p, line.Timestamp).TotalNanoseconds / iterations);
            previous = line.Timestamp;
        }
        return samples;
    }

    /// <summary>The first log line containing <paramref name="text"/>, or throws with the log.</summary>
    public LogLine First(string text) =>
        _log.FirstOrDefault(l => l.Text.Contains(text, StringComparison.Ordinal)) is { Text: not null } line
            ? line
            : throw new InvalidOperationException($"no log line \"{text}\"; the log:\n{string.Join("\n", _log.Select(l => l.Text))}");

    private static Dictionary<string, byte[]> LoadBinaries()
    {
        var dir = AppContext.BaseDirectory;
        return new Dictionary<string, byte[]>
        {
            ["init"] = File.ReadAllBytes(Path.Combine(dir, "init.dll")),
            ["bench-rpc"] = File.ReadAllBytes(Path.Combine(dir, "bench-rpc.dll")),
        };
    }
}

/// <summary>Init configs of the bench scenarios.</summary>
internal static class Configs
{
    private const string ParentProvides = """
        <parent-provides>
          <service name="LOG"/> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="RM"/>
        </parent-provides>
        <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
        """;

    public static string Start(string name, string role, string ram, string attributes = "", string provides = "", int caps = 200) => $"""
        <start name="{name}" caps="{caps}">
          <binary name="bench-rpc"/>
          <resource name="RAM" quantum="{ram}"/>
          {(provides.Length > 0 ? $"<provides><service name=\"{provides}\"/></provides>" : "")}
          <config role="{role}" {attributes}/>
        </start>
        """;

    public static string Config(IEnumerable<string> starts)
    {
        var sb = new StringBuilder("<config>").Append(ParentProvides);
        foreach (var s in starts)
            sb.Append(s);
        return sb.Append("</config>").ToString();
    }

    public static string Config(params string[] starts) => Config((IEnumerable<string>)starts);
}
