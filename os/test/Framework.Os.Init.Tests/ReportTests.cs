using Framework.Os.Init.Model;
using Framework.Testing;

namespace Framework.Os.Init.Tests;

/// <summary>The state report's format (conformance.md 2.5).</summary>
public sealed class ReportTests
{
    private static readonly IReadOnlyList<ChildReport> Children =
    [
        new("server", "dummy", null, 4, false, null, null, true,
            new ChildQuota(1 << 20, new QuotaInfo(1 << 20, 12 << 10), 0),
            new ChildQuota(100, new QuotaInfo(100, 17), 0),
            [new SessionInfo("PD", "server", SessionPhase.CapHandedOut, 4096, 100, "")],
            [new SessionInfo("LOG", "client", SessionPhase.CapHandedOut, 8192, 0, "label=\"client\", ram_quota=8K"),
             new SessionInfo("LOG", "client -> 0", SessionPhase.CloseRequested, 5000, 0, "")]),
        new("client", "dummy", "2", 6, false, null, 3, true,
            new ChildQuota(4 << 20, new QuotaInfo(2 << 20, 1 << 20), 4000 << 10),
            new ChildQuota(200, new QuotaInfo(200, 30), 1),
            [new SessionInfo("LOG", "client", SessionPhase.CreateRequested, 8192, 0, "")], []),
        new("exiting", "dummy", null, 2, false, 0, null, false, default, default, [], []),
        new("dummy", "dummy", null, 7, true, null, null, false, default, default,
            [new SessionInfo("LOG", "dummy", SessionPhase.ServiceDenied, 8192, 0, "")], []),
    ];

    [Test]
    public void Everything() =>
        Verifier.Verify(StateReport.Generate("initial",
            new ReportConfig(true, true, true, true, true, true, true, true, 100, 4096),
            new QuotaInfo(16 << 20, 3 << 20), new QuotaInfo(2000, 123), Children));

    [Test]
    public void Ids_only() =>
        Verifier.Verify(StateReport.Generate("exiting child",
            new ReportConfig(true, false, false, false, false, false, false, false, 100, 4096),
            new QuotaInfo(16 << 20, 3 << 20), new QuotaInfo(2000, 123), Children));

    [Test]
    public void Without_a_report_node_only_the_version_remains() =>
        Assert.That(StateReport.Generate("v", null, default, default, Children), Is.EqualTo("<state version=\"v\"/>\n"));

    [Test]
    public void Byte_values_use_the_shortest_exact_suffix()
    {
        var text = StateReport.Generate(null, new ReportConfig(false, false, false, false, false, false, true, false, 0, 4096),
            new QuotaInfo(3 << 20, 1536 << 10), default, []);
        Assert.That(text, Is.EqualTo("<state>\n\t<ram quota=\"3M\" used=\"1536K\" avail=\"1536K\"/>\n</state>\n"));
    }
}
