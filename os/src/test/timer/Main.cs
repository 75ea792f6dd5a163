using Framework.Base;
using Framework.Os.Api;

namespace Framework.Os.Test.Timer;

/// <summary>
/// In the spirit of Genode's 12.02 timer test: a two-second one-shot timeout, a periodic timeout,
/// timeouts multiplexed over one session, a closed session whose timeout must not fire, sleeping
/// threads of different periods, and a sleep on the entrypoint. Every line carries the elapsed
/// time, which on virtual time is exact, so the log is the same on every run.
/// </summary>
internal sealed class Test
{
    private readonly Env _env;
    private readonly TimerConnection _timer;
    private readonly TimerConnection _periodic;
    private readonly SignalHandler _oneShotHandler;
    private readonly SignalHandler _periodicHandler;
    private readonly SignalHandler _threadsDone;
    private readonly int[] _periods = [10, 25, 40];
    private readonly ulong[] _triggered;
    private int _finishedThreads;
    private int _ticks;

    public Test(Env env)
    {
        _env = env;
        _triggered = new ulong[_periods.Length];
        _timer = new TimerConnection(env);
        _periodic = new TimerConnection(env);
        _oneShotHandler = new SignalHandler(env.Ep, OneShotFired);
        _periodicHandler = new SignalHandler(env.Ep, PeriodicFired);
        _threadsDone = new SignalHandler(env.Ep, ThreadsDone);

        env.Log("--- timer test ---");
        env.Log("register two-seconds timeout...");
        _timer.Sigh(_oneShotHandler);
        _timer.TriggerOnce(2_000_000);

        // A session closed with a pending timeout: its signal must never arrive.
        var closed = new TimerConnection(env);
        closed.Sigh(new SignalHandler(env.Ep, () => env.Error("timeout of a closed session fired")));
        closed.TriggerOnce(500_000);
        closed.Dispose();
    }

    private void Log(string text) => _env.Log($"{_timer.ElapsedMs()} ms: {text}");

    private void OneShotFired()
    {
        Log("timeout fired");
        Log("periodic timeout every 100 ms");
        _periodic.Sigh(_periodicHandler);
        _periodic.TriggerPeriodic(100_000);
    }

    private void PeriodicFired(uint count)
    {
        _ticks++;
        Log($"periodic timeout {_ticks} (count {count})");
        if (_ticks < 5)
            return;
        _periodic.TriggerPeriodic(0);
        Multiplexed();
    }

    private void Multiplexed()
    {
        Log("three timeouts over one session: 300, 100, 200 ms");
        var timer = new TimerConnection(_env);
        var fired = 0;
        foreach (var ms in new[] { 300, 100, 200 })
        {
            timer.Schedule(TimeSpan.FromMilliseconds(ms), () =>
            {
                Log($"timeout after {ms} ms");
                if (++fired == 3)
                    StartThreads();
            });
        }
        // Cancelled before it fires: must stay silent.
        timer.Schedule(TimeSpan.FromMilliseconds(150), () => Log("cancelled timeout fired")).Dispose();
    }

    private void StartThreads()
    {
        Log($"{_periods.Length} threads sleep for one second each, in steps of {string.Join(", ", _periods)} ms");
        var done = new SignalTransmitter(_env, _threadsDone);
        for (var i = 0; i < _periods.Length; i++)
        {
            var index = i;
            new ComponentThread(_env, $"sleeper {_periods[i]}", () =>
            {
                using var timer = new TimerConnection(_env, $"sleeper {_periods[index]}");
                var start = timer.ElapsedMs();
                while (timer.ElapsedMs() - start + (ulong)_periods[index] <= 1000)
                {
                    timer.Sleep((ulong)_periods[index]);
                    _triggered[index]++;
                }
                Interlocked.Increment(ref _finishedThreads);
                done.Submit();
            }).Start();
        }
    }

    private void ThreadsDone()
    {
        if (Volatile.Read(ref _finishedThreads) < _periods.Length)
            return;
        for (var i = 0; i < _periods.Length; i++)
            Log($"timer (period {_periods[i]} ms) triggered {_triggered[i]} times -> slept {(ulong)_periods[i] * _triggered[i]} ms");
        Log("sleep 250 ms on the entrypoint");
        _timer.Sleep(250);
        Log("woke up");
        _env.Log("--- timer test finished ---");
        _env.Exit(0);
    }
}

public static class Component
{
    public static void Construct(Env env) => _ = new Test(env);
}
