using System.Diagnostics;

namespace Framework.Core.Verifier.Tests;

/// <summary>
/// What verification costs, per component binary of this repository: measured and printed, never
/// asserted (speed is for benchmarks). Run with -c Release for the figures in the README. On a
/// shared machine wall time swings with the load, so the table gives the fastest of several runs
/// (wall and this process's CPU time) next to the median.
/// </summary>
public sealed class VerificationCostTests
{
    private const int Repetitions = 25;

    [Test]
    public void Report_the_time_to_verify_each_component_binary()
    {
        var lines = new List<string> { $"{"image",-28} {"bytes",8} {"methods",8} {"min wall (ms)",14} {"min CPU (ms)",13} {"median wall (ms)",17}" };
        using var process = Process.GetCurrentProcess();
        foreach (var assembly in Repository.OsAssemblies())
        {
            var image = Repository.Image(assembly);
            var walls = new List<double>();
            var cpus = new List<double>();
            for (var i = 0; i < Repetitions; i++)
            {
                // A fresh verifier has an empty cache; its construction (reading the allow-list) is measured apart.
                var verifier = new ComponentVerifier(VerificationPolicy.Default);
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var start = Stopwatch.GetTimestamp();
                verifier.Verify("init -> x", assembly, image, _ => null);
                walls.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                process.Refresh();
                cpus.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
            }
            walls.Sort();
            lines.Add($"{assembly,-28} {image.Length,8} {Methods(image),8} {walls[0],14:F2} {cpus.Min(),13:F1} {walls[walls.Count / 2],17:F2}");
        }
        lines.Add($"load average when measured: {LoadAverage()}");
        var construct = Stopwatch.GetTimestamp();
        var shared = new ComponentVerifier(VerificationPolicy.Default);
        lines.Add($"new ComponentVerifier (reads the allow-list): {Stopwatch.GetElapsedTime(construct).TotalMilliseconds:F2} ms");
        var hello = Repository.Image("hello_server");
        var rom = new Dictionary<string, byte[]> { ["Hello.Api"] = Repository.Image("Hello.Api") };
        byte[]? Rom(string name) => rom.GetValueOrDefault(name);
        shared.Verify("init -> h", "hello_server", hello, Rom);
        var children = Stopwatch.GetTimestamp();
        for (var i = 0; i < 1000; i++)
            shared.Verify("init -> h" + i, "hello_server", hello, Rom);
        var perChild = Stopwatch.GetElapsedTime(children).TotalMilliseconds / 1000;
        lines.Add($"1,000 children of hello_server (cached: hash of binary and library, lookup): {perChild * 1000:F1} us per child");
        TestContext.Out.WriteLine(string.Join("\n", lines));
        Assert.That(shared.ImagesVerified, Is.EqualTo(2));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Methods(byte[] image)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(new MemoryStream(image));
        return System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe).MethodDefinitions.Count;
    }
}
