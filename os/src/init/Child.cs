using Framework.Base;
using Framework.Base.Session;
using Framework.Rpc;

namespace Framework.Os.Init;

/// <summary>A session a child opened, and who provides it.</summary>
internal sealed record ChildSession(string Service, Capability Cap, Child? Server, ulong Donated);

/// <summary>A child of init: its PD, its parent interface, its sessions and the services it announced.</summary>
internal sealed class Child
{
    public Child(StartNode start) => Start = start;

    public StartNode Start { get; }
    public string Name => Start.Name;

    public Capability<IPdSession> PdCap { get; set; }
    public IPdSession? Pd { get; set; }
    public Capability<IParent> ParentCap { get; set; }
    public Capability<IRomSession> BinaryRom { get; set; }
    public ChildParent? Parent { get; set; }
    public SignalHandler? FaultSignal { get; set; }

    /// <summary>Services the child announced, by name.</summary>
    public Dictionary<string, IRoot> Services { get; } = new(StringComparer.Ordinal);

    /// <summary>Open sessions of the child, keyed by the selector init sees.</summary>
    public Dictionary<int, ChildSession> Sessions { get; } = [];

    public ConfigRomSession? ConfigRom { get; set; }
    public Capability ConfigRomCap { get; set; }

    public int? ExitValue { get; set; }
    public bool Destroyed { get; set; }
}

/// <summary>init's side of a child's parent interface.</summary>
internal sealed class ChildParent(Init init, Child child) : IParent
{
    public void Exit(int exitValue) => init.ChildExited(child, exitValue);

    public void Announce(string serviceName, Capability root) => init.Announce(child, serviceName, root.Cast<IRoot>());

    public Capability Session(string serviceName, string args) => init.Session(child, serviceName, args);

    public void Upgrade(Capability session, string args) => init.Upgrade(child, session, args);

    public void Close(Capability session) => init.Close(child, session);
}

/// <summary>A child's "config" ROM: the text of its start node's &lt;config&gt;, in a dataspace of init's.</summary>
internal sealed class ConfigRomSession(AttachedRamDataspace dataspace) : IRomSession
{
    public AttachedRamDataspace Dataspace => dataspace;

    Capability<IDataspace> IRomSession.Dataspace() => dataspace.Cap;

    public bool Update() => true;

    public void Sigh(Capability context) { }
}
