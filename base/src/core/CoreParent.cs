using Framework.Base;
using Framework.Base.Session;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Core;

/// <summary>Core as the parent of init: serves init's env sessions and core's local services.</summary>
internal sealed class CoreParent(CoreServices core, PdSessionComponent init, Action<int> exited) : IParent
{
    public void Exit(int exitValue) => exited(exitValue);

    // Core has no other children to offer init's services to.
    public void Announce(string serviceName, Capability root) { }

    public Capability Session(string serviceName, string args)
    {
        switch (serviceName)
        {
            case "Env::pd":
                return init.Cap;
            case "Env::cpu":
                return init.CpuCap;
            case "Env::rm":
                return init.AddressSpaceCap;
        }
        if (!CoreRoots.Services.Contains(serviceName))
            throw new ServiceDeniedException($"core provides no \"{serviceName}\" service");
        var label = SessionLabel.FromArgs(args).Prefixed("init");
        var filtered = ArgString.SetArg(args, "label", label.ToArgValue());
        return core.Roots.Session(serviceName, filtered, init);
    }

    public void Upgrade(Capability session, string args) => core.Roots.Upgrade(session, args, init);

    public void Close(Capability session) => core.Roots.Close(session);

    // Core has no quota beyond what it gave init, and does not monitor init.
    public void ResourceAvailSigh(Capability sigh) { }

    public void ResourceRequest(string args) => core.CoreLog($"init requests resources: {args} (core has none to give)");

    public void YieldSigh(Capability sigh) { }

    public string YieldRequest() => "";

    public void YieldResponse() { }

    public void HeartbeatSigh(Capability sigh) { }

    public void HeartbeatResponse() { }
}
