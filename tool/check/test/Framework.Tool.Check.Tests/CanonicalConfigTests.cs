using Framework.Testing;

namespace Framework.Tool.Check.Tests;

/// <summary>Configs in either dialect render to one canonical form, which is snapshotted.</summary>
public sealed class CanonicalConfigTests
{
    private const string Genode1202 = """
        <config verbose="yes">
          <parent-provides> <service name="ROM"/> <service name="RAM"/> <service name="CPU"/> <service name="RM"/>
                            <service name="CAP"/> <service name="PD"/> <service name="LOG"/> </parent-provides>
          <default-route> <any-service> <parent/> <any-child/> </any-service> </default-route>
          <start name="timer">
            <resource name="RAM" quantum="1M"/>
            <provides><service name="Timer"/></provides>
          </start>
          <start name="test">
            <binary name="test-signal"/>
            <resource name="RAM" quantum="512K"/>
            <route>
              <service name="LOG"> <if-arg key="label" value="debug"/> <parent/> </service>
              <any-service> <parent/> <child name="timer"/> </any-service>
            </route>
            <config period_ms="100"/>
          </start>
        </config>
        """;

    private const string Modern = """
        <config verbose="yes">
          <parent-provides>
            <service name="ROM"/> <service name="RAM"/> <service name="CPU"/> <service name="RM"/>
            <service name="CAP"/> <service name="PD"/> <service name="LOG"/>
          </parent-provides>
          <default-route>
            <any-service> <parent/> <any-child/> </any-service>
          </default-route>
          <start name="timer" ram="1024K">
            <provides> <service name="Timer"/> </provides>
          </start>
          <start name="test" binary="test-signal" ram="512K">
            <route>
              <service name="LOG" label="debug"> <parent/> </service>
              <any-service> <parent/> <child name="timer"/> </any-service>
            </route>
            <config period_ms="100"/>
          </start>
        </config>
        """;

    [Test]
    public void A_12_02_config_renders_canonically() => Verifier.Verify(CanonicalConfig.Render(Genode1202));

    [Test]
    public void Both_dialects_render_alike()
    {
        Assert.That(CanonicalConfig.Render(Modern), Is.EqualTo(CanonicalConfig.Render(Genode1202)));
    }
}
