using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Framework.Backends;

namespace Framework.Bench;

/// <summary>Entry of the harness: parses options, runs every figure, prints a Markdown table.</summary>
internal static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter progress)
    {
        Options options;
        try
        {
            if (args.Contains("--help") || args.Contains("-h"))
            {
                output.WriteLine(Options.Usage);
                return 0;
            }
            options = Options.Parse(args);
            KernelBackends.Get(options.Kernel);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KernelNotAvailableException)
        {
            progress.WriteLine(e.Message);
            progress.WriteLine(Options.Usage);
            return 2;
        }
        var rows = new Harness(options, progress).Run();
        output.Write(Table(options, rows));
        return 0;
    }

    public static string Table(Options options, IReadOnlyList<Row> rows)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"kernel: {options.Kernel}{(options.Quick ? " (quick: rough timings)" : "")}");
        sb.AppendLine(inv, $"machine: {Environment.ProcessorCount} cores, {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        sb.AppendLine(inv, $"samples: {options.Batches} x {options.Iterations} per micro figure, {options.Runs} runs per scenario ({options.LargeRuns} for 1,000 children)");
        sb.AppendLine();
        sb.AppendLine("| figure | median | p10 | p90 | unit | ratios (median / baseline median) | target | met |");
        sb.AppendLine("|---|---:|---:|---:|---|---|---|---|");
        foreach (var r in rows)
        {
            var ratios = string.Join("; ", r.Ratios.Select(x => double.IsNaN(x.Ratio) ? x.Baseline : $"{Harness.Format(x.Ratio)}x {x.Baseline}"));
            var met = r.Met switch { true => "yes", false => "**no**", null => "" };
            sb.AppendLine(inv, $"| {r.Figure} | {Harness.Format(r.Median)} | {Harness.Format(r.P10)} | {Harness.Format(r.P90)} | {r.Unit} | {ratios} | {r.Target} | {met} |");
        }
        return sb.ToString();
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
