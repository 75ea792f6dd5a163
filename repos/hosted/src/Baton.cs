namespace Framework.Hosted;

/// <summary>
/// The hand-off of the CPU to one host thread: spin briefly, then block.
/// </summary>
/// <remarks>
/// <para>
/// A switch between host threads is a pass here and a take there, and the thread that gave the
/// CPU away usually gets it back within a few microseconds. Blocking at once (SemaphoreSlim,
/// which also yields to other processes while it spins) makes every hand-off an OS wake-up,
/// which on a busy 2-core machine costs far more than the RPC itself. So the waiter spins on a
/// counter for a bounded time (pause instructions only) and parks only then; the passer signals
/// the OS only when the waiter has parked. At most the few threads that handed off within the
/// last spin window spin, never 1,000 idle ones.
/// </para>
/// <para>
/// Passes are counted, not flagged: a host thread can be passed twice before it takes once (a
/// server killed on a lent context is woken to unwind, and the caller below it may be resumed
/// before that happened), and each take consumes one pass. An earlier version kept a "parked"
/// flag next to the count; a passer delayed between reading and clearing it could release the
/// semaphore for a pass the owner had already taken by spinning, and so let two host threads run
/// at once (found by the bench's kernel IPC figure, about once in a million switches between
/// two host threads on a loaded machine; `BatonTests` runs rings of host threads under load).
/// </para>
/// </remarks>
public sealed class Baton
{
    /// <summary>Longest spin before parking (20 us): a null RPC round trip through a server fits, and an idle thread stops spinning at once.</summary>
    private static readonly long s_maxSpinTicks = System.Diagnostics.Stopwatch.Frequency / 50_000;

    /// <summary>Shortest spin (about 1 us): cheap enough to keep probing whether spinning pays again.</summary>
    private static readonly long s_minSpinTicks = System.Diagnostics.Stopwatch.Frequency / 1_000_000 + 1;

    /// <summary>
    /// The current spin budget, adapted like an adaptive mutex: doubled when a spin caught the
    /// pass, halved when it did not. When the machine is busy and the two threads do not run at
    /// the same time, spinning only burns the core the other thread needs; then the budget
    /// shrinks and a hand-off costs about a plain semaphore wake-up. Only the owner touches it.
    /// </summary>
    private long _spinTicks = s_maxSpinTicks;

    /// <summary>
    /// Where a waiter parks. SemaphoreSlim spins once more, yielding, before it blocks; on a
    /// loaded machine that second phase is what catches a pass when the passer and the waiter
    /// share one core (measured: a non-spinning event made a null RPC 25x slower there).
    /// </summary>
    private readonly SemaphoreSlim _park = new(0);

    /// <summary>
    /// Passes not taken yet, less one while the owner waits on <see cref="_park"/> (a benaphore:
    /// the count goes negative only when the owner blocks, and the pass that brings it back up
    /// releases it, exactly once).
    /// </summary>
    private int _passes;

    /// <summary>Gives the CPU to the owner of this baton (once per <see cref="Take"/>, or to let a killed thread unwind).</summary>
    public void Pass()
    {
        if (Interlocked.Increment(ref _passes) <= 0)
            _park.Release();
    }

    /// <summary>Waits until a <see cref="Pass"/> is there, then consumes it.</summary>
    public void Take()
    {
        var caught = Spin();
        _spinTicks = caught ? Math.Min(s_maxSpinTicks, _spinTicks * 2) : Math.Max(s_minSpinTicks, _spinTicks / 2);
        if (Interlocked.Decrement(ref _passes) < 0)
            _park.Wait();
    }

    private bool Spin()
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            // A normalised SpinWait(1) is some tens of nanoseconds: read the clock often enough
            // that a 1 us budget stays about 1 us.
            for (var i = 0; i < 8; i++)
            {
                if (Volatile.Read(ref _passes) > 0)
                    return true;
                Thread.SpinWait(1);
            }
            if (System.Diagnostics.Stopwatch.GetTimestamp() - start > _spinTicks)
                return false;
        }
    }
}
