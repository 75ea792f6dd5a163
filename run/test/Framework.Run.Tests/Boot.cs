using Framework.Core;
using Framework.Kernel.Native.Platform;

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

    public static RomFs Modules(string config)
    {
        var dir = TestContext.CurrentContext.TestDirectory;
        var roms = new RomFs();
        foreach (var name in new[] { "init", "hello_server", "hello_client", "test-base" })
            roms.Add(name, File.ReadAllBytes(Path.Combine(dir, name + ".dll")));
        roms.Add("Hello.Api.dll", File.ReadAllBytes(Path.Combine(dir, "Hello.Api.dll")));
        roms.Add("Framework.Os.Api.dll", File.ReadAllBytes(Path.Combine(dir, "Framework.Os.Api.dll")));
        roms.Add("config", config);
        return roms;
    }

    /// <summary>Runs the scenario until nothing is left to do; returns the log and the booted core.</summary>
    public static (List<string> Log, CoreSystem Core) Run(string config, ulong timeLimit = ulong.MaxValue)
    {
        var log = new List<string>();
        var core = new CoreSystem(new NativePlatform(), Modules(config), log.Add);
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
