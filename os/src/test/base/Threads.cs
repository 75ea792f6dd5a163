using System.Reactive.Linq;
using Framework.Base;
using Framework.Base.Session;

namespace Framework.Test.Base;

/// <summary>Threads through the CPU session: state, pause, resume; timed waits on virtual time.</summary>
internal static class Threads
{
    public static void Run(Env env)
    {
        var blockade = new Blockade(env);
        var worker = new ComponentThread(env, "worker", () =>
        {
            blockade.Block();
            env.Log($"worker woke at {env.Uptime.TotalSeconds} s");
            var timedOut = !new Blockade(env).Block(TimeSpan.FromSeconds(10));
            env.Log($"worker timed out: {timedOut}, now {env.Uptime.TotalSeconds} s");
            env.Exit(0);
        });
        env.Log($"created: {worker.State}");
        worker.Start();

        // The entrypoint observes ticks through the reactive adapter, at the edge as intended.
        var ticks = 0;
        SignalTransmitter? tick = null;
        var subscription = env.Ep.Signals(cap => tick = new SignalTransmitter(env, cap))
            .Select(count => $"tick x{count}")
            .Subscribe(text =>
            {
                ticks++;
                env.Log($"{text}; worker {worker.State}");
                if (ticks == 1)
                {
                    worker.Pause();
                    env.Log($"paused: {worker.State}");
                    worker.Resume();
                    env.Log($"resumed: {worker.State}");
                    blockade.Wakeup();
                }
            });
        tick!.Submit();
        tick.Submit();
        GC.KeepAlive(subscription);
    }
}
