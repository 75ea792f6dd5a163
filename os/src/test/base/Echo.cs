using Framework.Base;
using Framework.Base.Session;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Test.Base;

/// <summary>The Echo session: a server that answers, crashes on request, and counts.</summary>
[RpcInterface("Echo")]
public partial interface IEchoSession
{
    [Rpc(0)] [return: MaxBytes(100)] string Echo([MaxBytes(100)] string text);

    /// <summary>Raises an exception the interface does not declare: the server faults.</summary>
    [Rpc(1)] void Crash();

    [Rpc(2)] ulong Quota();
}

internal sealed class EchoSession(Env env, string label) : IEchoSession
{
    public string Echo(string text) => $"{label}: {text}";

    public void Crash() => throw new InvalidOperationException("crash requested");

    public ulong Quota() => env.Pd.Quota();
}

internal sealed class EchoRoot(Env env) : RootComponent<IEchoSession>(env, IEchoSession.Dispatch)
{
    protected override ulong SessionCost => 2048;

    protected override IEchoSession CreateSession(string args, SessionLabel label) => new EchoSession(Env, label.Value);
}
