using Framework.Backends;
using Framework.Core;

namespace Framework.Run.Tests;

/// <summary>Boots core + init with a config and the component assemblies built next to the tests.</summary>
internal static class Boot
{
    public const string ParentProvides = """
        <parent-provides>
          <service name="LOG"/> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="RM"/>
        </parent-provides>
        <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
        """;

    /// <summary>Every component the scenario tests boot, by binary name, and the libraries they load.</summary>
    private static readonly string[] s_binaries = ["init", "hello_server", "hello_client", "test-base", "timer", "report_rom",
        "dummy", "test-init", "test-report_rom", "test-timer", "test-dynamic_config_server", "test-dynamic_config"];

    private static readonly string[] s_libraries = ["Hello.Api.dll", "Framework.Os.Api.dll"];

    public static RomFs Modules(string config, IReadOnlyDictionary<string, string>? extra = null)
    {
        var dir = TestContext.CurrentContext.TestDirectory;
        var roms = new RomFs();
        foreach (var name in s_binaries)
            roms.Add(name, File.ReadAllBytes(Path.Combine(dir, name + ".dll")));
        foreach (var library in s_libraries)
            roms.Add(library, File.ReadAllBytes(Path.Combine(dir, library)));
        roms.Add("config", config);
        foreach (var (name, content) in extra ?? new Dictionary<string, string>())
            roms.Add(name, content);
        return roms;
    }

    /// <summary>Runs the scenario until nothing is left to do (or <paramref name="timeLimit"/> virtual microseconds); returns the log and the booted core.</summary>
    public static (List<string> Log, CoreSystem Core) Run(string kernel, string config, ulong timeLimit = ulong.MaxValue,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var log = new List<string>();
        var core = new CoreSystem(KernelBackends.Boot(kernel), Modules(config, extra), log.Add);
        core.Boot();
        core.Run(timeLimit);
        return (log, core);
    }

    public static string Start(string name, string role, string ram = "1M", string extra = "", string provides = "") => $"""
        <start name="{name}" caps="200">
          <binary name="test-base"/>
          <resource name="RAM" quantum="{ram}"/>
          {(provides.Length > 0 ? $"<provides><service name=\"{provides}\"/></provides>" : "")}
          <config role="{role}" {extra}/>
        </start>
        """;

    public static string Config(params string[] starts) => $"<config>{ParentProvides}{string.Join("\n", starts)}</config>";
}
