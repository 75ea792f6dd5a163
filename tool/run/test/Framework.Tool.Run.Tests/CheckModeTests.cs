namespace Framework.Tool.Run.Tests;

/// <summary><c>tool/run/run --check</c>: the script's config is proved, nothing is built or booted.</summary>
public sealed class CheckModeTests
{
    private static readonly RunOptions s_check = new() { Check = true };

    [Test]
    public void The_demo_script_is_sound_and_its_routing_table_is_printed()
    {
        var result = RunScript.Execute(Path.Combine(TestTree.Root, "run", "hello.run"), s_check with { GenodeDirectory = TestTree.Root });
        Assert.That(result.ExitCode, Is.Zero, result.Output + result.ErrorOutput);
        Assert.That(result.Output, Does.Contain("Hello \"hello_client\" -> child hello_server \"hello_client\""));
        Assert.That(result.Output, Does.Contain("no problems"));
    }

    [Test]
    public void Problems_are_reported_at_their_line_in_the_script()
    {
        var result = TestTree.Run("bad_check", """
            build { core init hello }
            create_boot_directory
            install_config {
            <config>
              <parent-provides> <service name="LOG"/> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> </parent-provides>
              <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
              <start name="hello_client" ram="1M">
                <route> <service name="Hello"> <child name="nobody"/> </service> <any-service> <parent/> </any-service> </route>
              </start>
            </config>
            }
            build_boot_image { core init hello_client }
            """, s_check);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        // The config starts on line 3 of the script: the route is on line 8.
        Assert.That(result.Output, Does.Contain(":8:13: error: child \"hello_client\": route to child \"nobody\", which does not exist"));
        Assert.That(result.Output, Does.Contain("error: the script has no exit condition"));
    }

    [Test]
    public void Waiting_forever_is_reported_as_having_no_exit_condition()
    {
        var result = TestTree.Run("forever_check", """
            build { core init hello }
            create_boot_directory
            install_config {
            <config>
              <parent-provides> <service name="LOG"/> <service name="ROM"/> <service name="PD"/> <service name="CPU"/> </parent-provides>
              <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
              <start name="hello_server" ram="1M"> <provides> <service name="Hello"/> </provides> </start>
            </config>
            }
            build_boot_image { core init hello_server }
            run_genode_until forever
            """, s_check);
        Assert.That(result.ExitCode, Is.Zero, "a warning only");
        Assert.That(result.Output, Does.Contain(":11: warning: run_genode_until forever has no exit condition"));
    }
}
