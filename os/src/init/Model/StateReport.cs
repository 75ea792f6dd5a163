using Framework.Util;

namespace Framework.Os.Init.Model;

/// <summary>Session phases as modern Genode's <c>Session_state</c> names them in the state report.</summary>
internal enum SessionPhase
{
    CreateRequested,
    ServiceDenied,
    InsufficientRamQuota,
    InsufficientCapQuota,
    Available,
    CapHandedOut,
    UpgradeRequested,
    CloseRequested,
    Closed,
}

/// <summary>An account's quota and use (init's own or a child's PD).</summary>
internal readonly record struct QuotaInfo(ulong Quota, ulong Used)
{
    public ulong Avail => Quota > Used ? Quota - Used : 0;
}

/// <summary>A child's quota as init assigned it, what its PD says now, and an open resource request.</summary>
internal readonly record struct ChildQuota(ulong Assigned, QuotaInfo? Live, ulong Requested);

/// <summary>One session in the report (client side in <c>&lt;requested&gt;</c>, server side in <c>&lt;provided&gt;</c>).</summary>
internal sealed record SessionInfo(string Service, string Label, SessionPhase Phase, ulong Ram, ulong Caps, string Args);

/// <summary>A child as the state report shows it.</summary>
internal sealed record ChildReport(string Name, string Binary, string? Version, int Id, bool Incomplete, int? ExitValue,
    uint? SkippedHeartbeats, bool HasPd, ChildQuota Ram, ChildQuota Caps,
    IReadOnlyList<SessionInfo> Requested, IReadOnlyList<SessionInfo> Provided);

/// <summary>
/// Generates init's "state" report in the format of modern Genode's sandbox (conformance.md 2.5):
/// <c>&lt;state version&gt;</c>, init's <c>&lt;ram&gt;</c>/<c>&lt;caps&gt;</c>, and a <c>&lt;child&gt;</c>
/// per child with the details the <c>&lt;report&gt;</c> node asks for.
/// </summary>
internal static class StateReport
{
    public static string Generate(string? version, ReportConfig? detail, QuotaInfo initRam, QuotaInfo initCaps,
        IReadOnlyList<ChildReport> children) =>
        XmlGenerator.Generate("state", xml =>
        {
            if (version is not null)
                xml.Attribute("version", version);
            if (detail is null)
                return;
            if (detail.InitRam)
                xml.Node("ram", () => Ram(xml, initRam));
            if (detail.InitCaps)
                xml.Node("caps", () => Caps(xml, initCaps));
            foreach (var child in children)
                Child(xml, detail, child);
        });

    private static void Child(XmlGenerator xml, ReportConfig detail, ChildReport child) => xml.Node("child", () =>
    {
        xml.Attribute("name", child.Name);
        xml.Attribute("binary", child.Binary);
        if (child.Version is not null)
            xml.Attribute("version", child.Version);
        if (detail.Ids)
            xml.Attribute("id", child.Id);
        if (child.Incomplete)
            xml.Attribute("state", "incomplete");
        if (child.ExitValue is { } exited)
            xml.Attribute("exited", exited);
        if (child.SkippedHeartbeats is { } skipped and > 0)
            xml.Attribute("skipped_heartbeats", skipped);
        if (detail.ChildRam && child.HasPd)
        {
            xml.Node("ram", () =>
            {
                xml.Attribute("assigned", new NumberOfBytes(child.Ram.Assigned));
                if (child.Ram.Live is { } live)
                    Ram(xml, live);
                if (child.Ram.Requested > 0)
                    xml.Attribute("requested", new NumberOfBytes(child.Ram.Requested));
            });
        }
        if (detail.ChildCaps && child.HasPd)
        {
            xml.Node("caps", () =>
            {
                xml.Attribute("assigned", child.Caps.Assigned);
                if (child.Caps.Live is { } live)
                    Caps(xml, live);
                if (child.Caps.Requested > 0)
                    xml.Attribute("requested", child.Caps.Requested);
            });
        }
        if (detail.Requested)
            xml.Node("requested", () => Sessions(xml, detail, child.Requested));
        if (detail.Provided)
            xml.Node("provided", () => Sessions(xml, detail, child.Provided));
    });

    private static void Sessions(XmlGenerator xml, ReportConfig detail, IReadOnlyList<SessionInfo> sessions)
    {
        foreach (var s in sessions)
        {
            xml.Node("session", () =>
            {
                xml.Attribute("service", s.Service);
                xml.Attribute("label", s.Label);
                xml.Attribute("state", PhaseName(s.Phase));
                xml.Attribute("ram", new NumberOfBytes(s.Ram));
                xml.Attribute("caps", s.Caps);
                if (detail.SessionArgs)
                    xml.Node("args", () => xml.AppendSanitized(s.Args));
            });
        }
    }

    private static void Ram(XmlGenerator xml, QuotaInfo info)
    {
        xml.Attribute("quota", new NumberOfBytes(info.Quota));
        xml.Attribute("used", new NumberOfBytes(info.Used));
        xml.Attribute("avail", new NumberOfBytes(info.Avail));
    }

    private static void Caps(XmlGenerator xml, QuotaInfo info)
    {
        xml.Attribute("quota", info.Quota);
        xml.Attribute("used", info.Used);
        xml.Attribute("avail", info.Avail);
    }

    /// <summary>The 25.11 names (CAP_HANDED_OUT, SERVICE_DENIED, ...).</summary>
    public static string PhaseName(SessionPhase phase) => phase switch
    {
        SessionPhase.CreateRequested => "CREATE_REQUESTED",
        SessionPhase.ServiceDenied => "SERVICE_DENIED",
        SessionPhase.InsufficientRamQuota => "INSUFFICIENT_RAM_QUOTA",
        SessionPhase.InsufficientCapQuota => "INSUFFICIENT_CAP_QUOTA",
        SessionPhase.Available => "AVAILABLE",
        SessionPhase.CapHandedOut => "CAP_HANDED_OUT",
        SessionPhase.UpgradeRequested => "UPGRADE_REQUESTED",
        SessionPhase.CloseRequested => "CLOSE_REQUESTED",
        _ => "CLOSED",
    };
}
