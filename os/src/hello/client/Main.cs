using Framework.Base;

namespace Hello.Client;

public static class Component
{
    public static void Construct(Env env)
    {
        using (var hello = new HelloConnection(env))
        {
            hello.SayHello();
            var sum = hello.Add(13, 14);
            env.Log($"added 13 + 14 = {sum}");
        }
        env.Log("hello test completed");
        env.Exit(0);
    }
}
