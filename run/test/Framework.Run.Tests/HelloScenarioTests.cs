using Framework.Backends;
using Framework.Core;

namespace Framework.Run.Tests;

[TestFixtureSource(typeof(Kernels), nameof(Kernels.All))]
public sealed class HelloScenarioTests(string kernel)
{
    private const string Config = """
        <config>
          <parent-provides>
            <service name="LOG"/> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> <service name="RM"/>
          </parent-provides>
          <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
          <start name="hello_server"> <resource name="RAM" quantum="1M"/> <provides> <service name="Hello"/> </provides> </start>
          <start name="hello_client"> <resource name="RAM" quantum="1M"/> </start>
        </config>
        """;

    private List<string> Boot()
    {
        var dir = TestContext.CurrentContext.TestDirectory;
        var roms = new RomFs();
        foreach (var name in new[] { "init", "hello_server", "hello_client" })
            roms.Add(name, File.ReadAllBytes(Path.Combine(dir, name + ".dll")));
        roms.Add("Hello.Api.dll", File.ReadAllBytes(Path.Combine(dir, "Hello.Api.dll")));
        roms.Add("config", Config);
        var log = new List<string>();
        var core = new CoreSystem(KernelBackends.Boot(kernel), roms, log.Add);
        core.Boot();
        core.Run();
        return log;
    }

    [Test]
    public void Hello_client_talks_to_hello_server_through_init()
    {
        var log = Boot();
        Assert.That(log, Is.EqualTo(new[]
        {
            "[init -> hello_server] creating root component",
            "[init -> hello_server] I am here... Hello.",
            "[init -> hello_client] added 13 + 14 = 27",
            "[init -> hello_client] hello test completed",
            "[init] child \"hello_client\" exited with exit value 0",
        }), string.Join("\n", log));
    }

    [Test]
    public void The_demo_prints_the_same_log_on_every_run()
    {
        var first = Boot();
        var second = Boot();
        Assert.That(second, Is.EqualTo(first));
    }
}
