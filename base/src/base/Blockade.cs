using Framework.Rpc;

namespace Framework.Base;

/// <summary>
/// A kernel semaphore between the component's own threads (Genode's Blockade and Semaphore):
/// <see cref="Wakeup"/> never blocks; <see cref="Block"/> waits, optionally with a timeout.
/// </summary>
public sealed class Blockade
{
    private readonly Env _env;
    private readonly KernelCapability _semaphore;

    public Blockade(Env env, long initial = 0)
    {
        _env = env;
        _semaphore = env.Platform.CreateSemaphore(initial);
    }

    public void Wakeup() => _env.Platform.SemaphoreUp(_semaphore);

    /// <summary>Waits for a wakeup; false if <paramref name="timeout"/> passed first (virtual time).</summary>
    public bool Block(TimeSpan? timeout = null)
    {
        var us = timeout is { } t ? Math.Max(1UL, (ulong)(t.Ticks / 10)) : 0UL;
        return _env.Platform.SemaphoreDown(_semaphore, us);
    }
}
