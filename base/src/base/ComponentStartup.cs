using System.Reflection;
using Framework.Rpc;

namespace Framework.Base;

/// <summary>
/// Startup code of every component (what Genode's crt0 and _main do): builds the Env, calls
/// <c>Component.Construct(env)</c>, then serves the entrypoint forever.
/// </summary>
public static class ComponentStartup
{
    /// <summary>Finds the entry of a component assembly: a type named <c>Component</c> with <c>static void Construct(Env)</c>.</summary>
    public static Action<Env>? FindEntry(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (type.Name != "Component")
                continue;
            var method = type.GetMethod("Construct", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static,
                [typeof(Env)]);
            if (method is not null && method.ReturnType == typeof(void))
                return method.CreateDelegate<Action<Env>>();
        }
        return null;
    }

    /// <summary>Runs a component on the current thread, which core created as its entrypoint thread.</summary>
    public static void Run(IComponentPlatform platform, Action<Env> construct)
    {
        Env? env = null;
        try
        {
            env = new Env(platform);
            env.Ep.Constructing = true;
            construct(env);
            env.Ep.Constructing = false;
            env.Ep.FlushAnnouncements();
            env.Ep.Serve();
        }
        catch (ThreadKilledException)
        {
            throw;
        }
        catch (Exception e)
        {
            // An uncaught exception ends this component only: say so and tell the parent.
            if (env is null)
                throw;
            env.Error($"Uncaught exception of type '{e.GetType().FullName}': {e.Message}");
            env.Exit(-1);
        }
    }
}
