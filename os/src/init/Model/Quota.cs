using Framework.Util;

namespace Framework.Os.Init.Model;

/// <summary>RAM (bytes) or capabilities: the two quotas init hands out by the same rules.</summary>
internal enum QuotaKind
{
    Ram,
    Caps,
}

/// <summary>
/// The quota arithmetic of modern init (sandbox <c>child.cc</c>), free of any session: clamping at
/// creation, upgrades limited by what init has, downgrades limited by what the child has free,
/// and the yield request for the rest.
/// </summary>
internal static class QuotaMath
{
    /// <summary>What a downgrade leaves the child at least (Genode: 16K of RAM, 5 caps).</summary>
    public static ulong DowngradeReserve(QuotaKind kind) => kind == QuotaKind.Ram ? 16UL * 1024 : 5UL;

    /// <summary>init's own available quota less what it preserves for itself (0 if the preservation exceeds it).</summary>
    public static ulong Avail(ulong quota, ulong used, ulong preserved)
    {
        var avail = quota > used ? quota - used : 0;
        return avail > preserved ? avail - preserved : 0;
    }

    /// <summary>
    /// The quota a new child gets: the configured one, or all init has if that is less, with the
    /// warning modern init prints then.
    /// </summary>
    public static (ulong Assigned, string? Warning) ClampAtCreation(string child, QuotaKind kind, ulong configured, ulong avail)
    {
        if (configured <= avail)
            return (configured, null);
        var warning = kind == QuotaKind.Ram
            ? $"{child}: configured RAM exceeds available RAM, proceed with {new NumberOfBytes(avail)}"
            : $"{child}: configured caps exceed available caps, proceed with {avail}";
        return (avail, warning);
    }

    /// <summary>
    /// An upgrade towards <paramref name="configured"/>: what to transfer now. A clamped amount leaves
    /// assigned below configured, so that a later config update completes it.
    /// </summary>
    public static ulong Upgrade(ulong assigned, ulong configured, ulong limit) =>
        configured <= assigned ? 0 : Math.Min(configured - assigned, limit);

    /// <summary>
    /// A downgrade towards <paramref name="configured"/>: what to take back now (bounded by the
    /// child's free quota less the reserve), and what remains to be asked for by a yield request.
    /// </summary>
    public static (ulong Withdraw, ulong Demand) Downgrade(QuotaKind kind, ulong assigned, ulong configured, ulong childAvail)
    {
        if (configured >= assigned)
            return (0, 0);
        var decrement = assigned - configured;
        var reserve = DowngradeReserve(kind);
        var withdraw = childAvail < reserve ? 0 : Math.Min(childAvail - reserve, decrement);
        return (withdraw, decrement - withdraw);
    }

    /// <summary>The argument string of a yield request (<c>ram_quota=2M, cap_quota=0</c>).</summary>
    public static string YieldArgs(ulong ram, ulong caps) => $"ram_quota={new NumberOfBytes(ram)}, cap_quota={caps}";
}
