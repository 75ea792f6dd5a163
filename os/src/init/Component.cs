using Framework.Base;
using Framework.Os.Init.Runtime;

namespace Framework.Os.Init;

/// <summary>The component entry of init.</summary>
public static class Component
{
    public static void Construct(Env env) => _ = new Sandbox(env);
}
