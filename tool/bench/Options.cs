using System.Globalization;

namespace Framework.Bench;

/// <summary>Command-line options of the harness.</summary>
internal sealed record Options
{
    public string Kernel { get; init; } = "native";

    /// <summary>Batches per micro figure; each batch gives one sample (its per-operation mean).</summary>
    public int Batches { get; init; } = 30;

    /// <summary>Operations per batch of the RPC, signal and baseline figures.</summary>
    public int Iterations { get; init; } = 20_000;

    /// <summary>Dataspace attach+fill iterations per batch (each touches 16 MiB).</summary>
    public int DataspaceIterations { get; init; } = 4;

    public int DataspaceBatches { get; init; } = 15;

    /// <summary>Repetitions of each scenario figure (component start, boots).</summary>
    public int Runs { get; init; } = 15;

    /// <summary>Repetitions of the largest boot, which is slow enough that fewer runs suffice.</summary>
    public int LargeRuns { get; init; } = 5;

    public IReadOnlyList<int> Children { get; init; } = [10, 100, 1000];

    public bool Quick { get; init; }

    /// <summary>The groups of figures to run; all of them unless <c>--only</c> names some.</summary>
    public IReadOnlySet<string> Groups { get; init; } = AllGroups;

    public static readonly IReadOnlySet<string> AllGroups = new SortedSet<string>(StringComparer.Ordinal)
        { "acpi", "boot", "dataspace", "life", "rpc", "signal", "terminal" };

    public bool Measures(string group) => Groups.Contains(group);

    public static string Usage => """
        usage: dotnet run -c Release --project tool/bench -- [options]
          --kernel NAME      kernel backend (native)
          --quick            a smoke run that finishes in seconds (CI); timings are rough
          --batches N        samples per micro figure (default 30)
          --iterations N     operations per sample (default 20000)
          --runs N           repetitions of each scenario figure (default 15)
          --children A,B,C   boot sizes (default 10,100,1000)
          --only G,G         run only these groups of figures: rpc, life, boot, signal, dataspace, acpi, terminal
        """;

    public static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options();
        if (args.Contains("--quick"))
        {
            o = o with
            {
                Quick = true, Batches = 8, Iterations = 2000, DataspaceIterations = 1, DataspaceBatches = 4,
                Runs = 3, LargeRuns = 1, Children = [10, 100],
            };
        }
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--quick" => o,
                "--kernel" => o with { Kernel = Next() },
                "--batches" => WithBatches(o, NextInt()),
                "--iterations" => o with { Iterations = NextInt() },
                "--runs" => WithRuns(o, NextInt()),
                "--only" => WithGroups(o, Next()),
                "--children" => o with { Children = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }

    private static Options WithBatches(Options o, int batches) =>
        o with { Batches = batches, DataspaceBatches = Math.Min(o.DataspaceBatches, batches) };

    private static Options WithGroups(Options o, string list)
    {
        var groups = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = groups.Where(g => !AllGroups.Contains(g)).ToList();
        if (unknown.Count > 0 || groups.Length == 0)
            throw new ArgumentException($"--only: unknown group(s) '{string.Join(",", unknown)}'; known: {string.Join(", ", AllGroups)}");
        return o with { Groups = new SortedSet<string>(groups, StringComparer.Ordinal) };
    }

    private static Options WithRuns(Options o, int runs) => o with { Runs = runs, LargeRuns = Math.Min(o.LargeRuns, runs) };
}
