using Framework.Base;
using Framework.Os.Init.Model;
using Framework.Util;

namespace Framework.Os.Init.Runtime;

internal sealed partial class Sandbox
{
    /// <summary>
    /// Moves quota to match the configured <c>ram</c>/<c>caps</c> of running children: downgrades
    /// first (to free what init can pass on), then upgrades, each as far as possible now. What a child
    /// cannot give back at once is asked for by a yield request; a clamped upgrade is completed by a
    /// later config update.
    /// </summary>
    private void ApplyQuota()
    {
        foreach (var child in _children)
        {
            if (child.State == ChildState.Running)
                Downgrade(child);
        }
        foreach (var child in _children)
        {
            if (child.State == ChildState.Running)
                Upgrade(child);
        }
    }

    private void Downgrade(Child child, bool yieldRequest = true)
    {
        var pd = child.Pd!;
        var (ramWithdraw, ramDemand) = QuotaMath.Downgrade(QuotaKind.Ram, child.RamAssigned, child.Start.Ram,
            new QuotaInfo(pd.Quota(), pd.Used()).Avail);
        if (ramWithdraw > 0)
        {
            if (pd.TransferQuota(InitPd, ramWithdraw) == 0)
                child.RamAssigned -= ramWithdraw;
            else
                ramDemand += ramWithdraw;
        }
        var (capsWithdraw, capsDemand) = QuotaMath.Downgrade(QuotaKind.Caps, child.CapsAssigned, child.Start.Caps,
            new QuotaInfo(pd.CapQuota(), pd.CapUsed()).Avail);
        if (capsWithdraw > 0)
        {
            if (pd.TransferCapQuota(InitPd, capsWithdraw) == 0)
                child.CapsAssigned -= capsWithdraw;
            else
                capsDemand += capsWithdraw;
        }
        if (ramDemand == 0 && capsDemand == 0)
        {
            child.YieldArgs = "";
            return;
        }
        // A demand is asked for once; re-applying the same config does not repeat the request.
        var args = QuotaMath.YieldArgs(ramDemand, capsDemand);
        var fresh = args != child.YieldArgs;
        child.YieldArgs = args;
        if (fresh && yieldRequest && child.YieldSigh.IsValid)
            new SignalTransmitter(_env, child.YieldSigh).Submit();
    }

    private void Upgrade(Child child)
    {
        var upgraded = false;
        var ram = QuotaMath.Upgrade(child.RamAssigned, child.Start.Ram, InitRamAvail());
        if (child.Start.Ram > child.RamAssigned + ram && Config.Verbose)
            _env.Warning($"specified quota exceeds available quota, proceeding with a quota of {ram}");
        if (ram > 0 && _env.Pd.TransferQuota(child.PdCap, ram) == 0)
        {
            child.RamAssigned += ram;
            upgraded = true;
        }
        var caps = QuotaMath.Upgrade(child.CapsAssigned, child.Start.Caps, InitCapsAvail());
        if (caps > 0 && _env.Pd.TransferCapQuota(child.PdCap, caps) == 0)
        {
            child.CapsAssigned += caps;
            upgraded = true;
        }
        if (upgraded && (child.RamRequested > 0 || child.CapsRequested > 0))
        {
            // Wake up a child that waits for its resource request.
            child.RamRequested = 0;
            child.CapsRequested = 0;
            if (child.ResourceAvailSigh.IsValid)
                new SignalTransmitter(_env, child.ResourceAvailSigh).Submit();
        }
    }

    /// <summary>A child asks for more quota: reported at once, answered by a config update (or not at all).</summary>
    public void ResourceRequest(Child child, string args)
    {
        _env.Log($"child \"{child.Name}\" requests resources: {args}");
        child.RamRequested = ArgString.FindArg(args, "ram_quota").ULongValue(0);
        child.CapsRequested = ArgString.FindArg(args, "cap_quota").ULongValue(0);
        TriggerReport(immediate: true);
    }

    /// <summary>The child freed quota in reply to a yield request: take what the config says is too much.</summary>
    public void YieldResponse(Child child)
    {
        if (child.State != ChildState.Running)
            return;
        // Ask only once per config: what the child could not free stays assigned.
        Downgrade(child, yieldRequest: false);
        TriggerReport();
    }
}
