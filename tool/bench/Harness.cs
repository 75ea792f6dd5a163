using System.Diagnostics;
using System.Globalization;

namespace Framework.Bench;

/// <summary>One row of the report: a figure with its spread, its ratios to baselines of the same run, and its target.</summary>
internal sealed record Row(string Figure, double Median, double P10, double P90, string Unit,
    IReadOnlyList<(string Baseline, double Ratio)> Ratios, string Target = "", bool? Met = null);

/// <summary>Runs every figure on one kernel backend and returns the rows.</summary>
internal sealed class Harness(Options options, TextWriter progress)
{
    /// <summary>Below this RAM quantum an idle bench child does not get through its Env sessions.</summary>
    private const string IdleChildRam = "96K";

    private const int DataspaceSize = 16 << 20;

    /// <summary>
    /// Capability slots of the RPC server and client. Closing a session leaves a stale slot in the
    /// server's and the client's capability spaces (nobody deletes their copies; see
    /// doc/performance.md), so the session figure needs room for every session it opens.
    /// </summary>
    private const int SessionCaps = 16384;

    private readonly List<Row> _rows = [];

    /// <summary>The untimed warm-up of each measured case (none in quick mode, whose timings are rough anyway).</summary>
    private string WarmUp => $"warm_ms=\"{(options.Quick ? 0 : 1000)}\"";

    public IReadOnlyList<Row> Run()
    {
        var pingPong = options.Measures("rpc") || options.Measures("signal") ? Micro(options.Measures("rpc")) : null;
        if (options.Measures("life"))
            ComponentLife();
        if (options.Measures("boot"))
            Boots();
        if (options.Measures("signal"))
            Signal(pingPong!);
        if (options.Measures("dataspace"))
            Dataspace();
        if (options.Measures("acpi"))
            Acpi();
        if (options.Measures("terminal"))
            Terminal();
        return _rows;
    }

    private void Step(string what) => progress.WriteLine($"# {what}");

    private static (string, double) Vs(string baseline, Samples figure, Samples base_) => (baseline, figure.Median / base_.Median);

    private void Add(string figure, Samples s, string unit, double scale, IReadOnlyList<(string, double)> ratios,
        string target = "", bool? met = null) =>
        _rows.Add(new Row(figure, s.Median / scale, s.P10 / scale, s.P90 / scale, unit, ratios, target, met));

    /// <summary>The baselines and the RPC figures, from one boot of a server and a client.</summary>
    private Samples Micro(bool rpc)
    {
        Step("baselines: direct interface call, SemaphoreSlim ping-pong");
        var direct = Baselines.DirectCall(options.Batches, options.Iterations * 10);
        var pingPong = Baselines.SemaphorePingPong(options.Batches, options.Iterations);
        Add("direct interface call (floor)", direct, "ns", 1, []);
        Add("SemaphoreSlim ping-pong round trip", pingPong, "ns", 1, [Vs("direct", pingPong, direct)]);
        if (!rpc)
            return pingPong;

        Step($"RPC: {options.Batches} x {options.Iterations} calls per case on {options.Kernel}");
        var attributes = $"batches=\"{options.Batches}\" iterations=\"{options.Iterations}\" {WarmUp}";
        var scenario = new Scenario(options.Kernel, Configs.Config(
            Configs.Start("server", "server", "1M", provides: "Bench", caps: SessionCaps),
            Configs.Start("client", "client", "1M", attributes, caps: SessionCaps))).Run();
        scenario.First("client done");
        var rpcNull = scenario.Marks("rpc-null");
        var rpcPayload = scenario.Marks("rpc-payload");
        var rpcCap = scenario.Marks("rpc-cap");
        var session = scenario.Marks("session");

        var ratio = rpcNull.Median / pingPong.Median;
        Add("null RPC round trip", rpcNull, "ns", 1, [("ping-pong", ratio), Vs("direct", rpcNull, direct)],
            "<= 2x ping-pong, <= 1 us", ratio <= 2 && rpcNull.Median <= 1000);
        Add("RPC with 244-byte argument", rpcPayload, "ns", 1, [Vs("null RPC", rpcPayload, rpcNull), Vs("ping-pong", rpcPayload, pingPong)]);
        Add("RPC with a capability argument", rpcCap, "ns", 1, [Vs("null RPC", rpcCap, rpcNull), Vs("ping-pong", rpcCap, pingPong)]);
        Add("session open + close through init", session, "us", 1000, [Vs("null RPC", session, rpcNull)]);

        Step("kernel IPC alone: a plain receive loop (thread switches) and a serve loop (lent context)");
        var warmUp = options.Quick ? TimeSpan.Zero : TimeSpan.FromSeconds(1);
        var ipcSwitch = KernelIpc.RoundTrip(options.Kernel, serveLoop: false, options.Batches, options.Iterations, warmUp);
        var ipcLent = KernelIpc.RoundTrip(options.Kernel, serveLoop: true, options.Batches, options.Iterations, warmUp);
        Add("kernel IPC round trip, server in a plain receive loop (thread switch)", ipcSwitch, "ns", 1, [Vs("ping-pong", ipcSwitch, pingPong)]);
        Add("kernel IPC round trip, server in its serve loop (lent context)", ipcLent, "ns", 1,
            [Vs("ping-pong", ipcLent, pingPong), Vs("thread switch", ipcLent, ipcSwitch)]);
        return pingPong;
    }

    /// <summary>Component start (load, construct, first log line) and exit, as the difference to a boot without children.</summary>
    private void ComponentLife()
    {
        Step($"component start and exit: {options.Runs} pairs of boots");
        var empty = new Samples();
        var firstLine = new Samples();
        var startExit = new Samples();
        var emptyConfig = Configs.Config();
        var oneConfig = Configs.Config(Configs.Start("c", "exit", IdleChildRam));
        // Untimed warm-up of both, so that JIT and first-use costs stay out of the figures.
        new Scenario(options.Kernel, emptyConfig).Run();
        new Scenario(options.Kernel, oneConfig).Run();
        for (var r = 0; r < options.Runs; r++)
        {
            var e = new Scenario(options.Kernel, emptyConfig).Run();
            var one = new Scenario(options.Kernel, oneConfig).Run();
            one.First("exited with exit value 0");
            var emptyNs = Ns(e.BootToIdleTicks);
            empty.Add(emptyNs);
            startExit.Add(Ns(one.BootToIdleTicks) - emptyNs);
            firstLine.Add(Ns(one.First("[init -> c] started").Timestamp - one.StartTimestamp) - emptyNs);
        }
        Add("core + init boot, no children", empty, "ms", 1e6, []);
        Add("component start to first log line", firstLine, "ms", 1e6, [Vs("empty boot", firstLine, empty)]);
        Add("component start + exit (until init destroyed it)", startExit, "ms", 1e6, [Vs("empty boot", startExit, empty)]);
    }

    private static double Ns(long ticks) => ticks * 1e9 / Stopwatch.Frequency;

    /// <summary>Boots of N idle children: time to idle and managed heap growth, and how both scale with N.</summary>
    private void Boots()
    {
        var emptyConfig = Configs.Config();
        var emptyTime = new Samples();
        var emptyHeap = new Samples();
        for (var r = 0; r < options.Runs; r++)
        {
            var e = new Scenario(options.Kernel, emptyConfig).Run(measureMemory: true);
            emptyTime.Add(Ns(e.BootToIdleTicks));
            emptyHeap.Add(e.ManagedBytes);
        }
        var perChild = new List<(int N, double Ns)>();
        foreach (var n in options.Children)
        {
            var runs = n >= 1000 ? options.LargeRuns : options.Runs;
            Step($"boot {n} idle children: {runs} runs");
            // An idle child needs a few dozen capability slots; 1,000 of them must fit init's cap quota.
            var config = Configs.Config(Enumerable.Range(0, n).Select(i => Configs.Start($"c{i}", "idle", IdleChildRam, caps: 50)));
            var time = new Samples();
            var heap = new Samples();
            for (var r = 0; r < runs; r++)
            {
                var s = new Scenario(options.Kernel, config).Run(measureMemory: true);
                if (s.Log.Any(l => l.Text.Contains("Error", StringComparison.Ordinal) || l.Text.Contains("Warning", StringComparison.Ordinal)))
                    throw new InvalidOperationException($"boot of {n} children failed:\n{string.Join("\n", s.Log.Take(20).Select(l => l.Text))}");
                time.Add(Ns(s.BootToIdleTicks));
                heap.Add((s.ManagedBytes - emptyHeap.Median) / n / 1024);
            }
            var childNs = (time.Median - emptyTime.Median) / n;
            perChild.Add((n, childNs));
            var large = n >= 1000;
            Add($"boot {n} idle children", time, "ms", 1e6,
                [Vs("empty boot", time, emptyTime), ($"per child {childNs / 1000:F0} us", double.NaN)],
                large ? "< 2 s" : "", large ? time.Median < 2e9 : null);
            Add($"managed heap per idle child ({n})", heap, "KiB", 1, [], "< 100 KiB", heap.Median < 100);
        }
        if (perChild.Count >= 2)
        {
            // Linear growth keeps the per-child cost flat; quadratic routing or lookups would
            // make it grow with N. Compare the largest boot with the next smaller one.
            var (bigN, big) = perChild[^1];
            var (smallN, small) = perChild[^2];
            var growth = big / small;
            _rows.Add(new Row($"per-child boot cost, {bigN} vs {smallN} children", growth, growth, growth, "x",
                [], "~1 (linear), <= 1.5", growth <= 1.5));
        }
    }

    private void Signal(Samples pingPong)
    {
        Step("signal submit to handler dispatch");
        var s = new Scenario(options.Kernel, Configs.Config(Configs.Start("signal", "signal", "1M",
            $"batches=\"{options.Batches}\" iterations=\"{options.Iterations}\""))).Run();
        s.First("signal done");
        var signal = s.Marks("signal");
        Add("signal submit to handler dispatch", signal, "ns", 1, [Vs("ping-pong", signal, pingPong)]);
    }

    private void Dataspace()
    {
        Step("16 MiB dataspace alloc + attach + fill + detach + free");
        var host = Baselines.Fill(options.DataspaceBatches, options.DataspaceIterations, DataspaceSize);
        var s = new Scenario(options.Kernel, Configs.Config(Configs.Start("ds", "dataspace", "20M",
            $"batches=\"{options.DataspaceBatches}\" iterations=\"{options.DataspaceIterations}\" size=\"{DataspaceSize}\" {WarmUp}"))).Run();
        s.First("dataspace done");
        var ds = s.Marks("dataspace");
        Add("16 MiB host array fill (floor)", host, "us", 1000, []);
        Add("16 MiB dataspace attach + fill", ds, "us", 1000, [Vs("host fill", ds, host)]);
    }

    private void Acpi()
    {
        var data = AcpiTables.DataDirectory();
        if (data is null)
        {
            Step("acpi: ../shared/data/acpi not found beside the repository, no rows");
            return;
        }
        Step("acpi: parse each real table, next to a byte scan of the same bytes");
        // A parse takes microseconds, so fewer of them make a sample than of the RPC figures.
        int iterations = Math.Max(10, options.Iterations / 100);
        int sink = 0;
        var tables = AcpiTables.Tables(data).ToList();
        // Untimed warm-up over every table, so tiered JIT has settled before the first table is measured.
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * (options.Quick ? 0 : 1);
        do
        {
            foreach (var (name, bytes) in tables)
                sink += AcpiTables.Parse(name, bytes) + AcpiTables.Scan(bytes);
        }
        while (Stopwatch.GetTimestamp() < warmUntil);
        foreach (var (name, bytes) in tables)
        {
            var scan = Baselines.Batches(options.Batches, iterations * 10, n =>
            {
                for (var i = 0; i < n; i++)
                    sink += AcpiTables.Scan(bytes);
            });
            var parse = Baselines.Batches(options.Batches, iterations, n =>
            {
                for (var i = 0; i < n; i++)
                    sink += AcpiTables.Parse(name, bytes);
            });
            Add($"parse ACPI table {name} ({bytes.Length} bytes)", parse, "us", 1000,
                [($"byte scan of the same bytes ({Format(scan.Median / 1000)} us)", parse.Median / scan.Median)]);
        }
        GC.KeepAlive(sink);
    }

    /// <summary>The terminal engine: decode against a byte copy, write() with and without frame skipping.</summary>
    private void Terminal()
    {
        int decodeSize = options.Quick ? 256 << 10 : 4 << 20;
        int scrollSize = options.Quick ? 64 << 10 : 1 << 20;
        int renderBatches = Math.Min(options.Batches, options.Quick ? 2 : 8);
        Step($"terminal: decode {decodeSize >> 10} KiB x {options.Batches}, scroll {scrollSize >> 10} KiB x {renderBatches} with and without frame skipping");
        var text = TerminalBench.Text(decodeSize);
        var copy = TerminalBench.Copy(options.Batches, text);
        var decode = TerminalBench.Decode(options.Batches, text);
        var font = Framework.Gems.Terminal.BuiltinFont.Terminus16();
        var scroll = text[..scrollSize];
        var (skipping, skippingFrames) = TerminalBench.Write(renderBatches, scroll, font, frameSkipping: true);
        var (every, everyFrames) = TerminalBench.Write(renderBatches, scroll, font, frameSkipping: false);
        Add("terminal text: plain byte copy in 4 KiB writes (floor)", copy, "MB/s", 1, []);
        Add("terminal decode only (128x48 grid)", decode, "MB/s", 1, [($"{copy.Median / decode.Median:F0}x slower than the byte copy", double.NaN)],
            ">= 50 MB/s", decode.Median >= 50);
        Add("terminal write() while scrolling, frame skipping (render every 10 ms)", skipping, "MB/s", 1,
            [Vs("every state", skipping, every), ($"{skippingFrames:F0} frames per {scrollSize >> 10} KiB", double.NaN)]);
        Add("terminal write() while scrolling, rendering every intermediate state", every, "MB/s", 1,
            [Vs("decode only", every, decode), ($"{everyFrames:F0} frames per {scrollSize >> 10} KiB", double.NaN)]);
    }

    public static string Format(double v) => v switch
    {
        double.NaN => "-",
        >= 100 => v.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("F1", CultureInfo.InvariantCulture),
        _ => v.ToString("F2", CultureInfo.InvariantCulture),
    };
}
