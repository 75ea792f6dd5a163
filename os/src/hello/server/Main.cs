using Framework.Base;
using Framework.Base.Session;
using Framework.Util;

namespace Hello.Server;

/// <summary>A Hello session: says hello and adds numbers for one client.</summary>
internal sealed class HelloSessionComponent(Env env) : IHelloSession
{
    public void SayHello() => env.Log("I am here... Hello.");

    public int Add(int a, int b) => a + b;
}

/// <summary>The Hello service's root: one session per client.</summary>
internal sealed class HelloRoot(Env env) : RootComponent<IHelloSession>(env, IHelloSession.Dispatch)
{
    protected override IHelloSession CreateSession(string args, SessionLabel label) => new HelloSessionComponent(Env);
}

public static class Component
{
    public static void Construct(Env env)
    {
        env.Log("creating root component");
        var root = new HelloRoot(env);
        env.Announce(IHelloSession.ServiceName, env.Ep.Manage((IRoot)root));
    }
}
