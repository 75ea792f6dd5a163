using Framework.Rpc;

namespace Framework.Os.Api;

/// <summary>
/// The Timer service (Genode's Timer::Session): one timeout per session, signalled to the
/// context given to <see cref="Sigh"/>, and the time elapsed since boot.
/// </summary>
[RpcInterface("Timer")]
public partial interface ITimerSession
{
    /// <summary>Programs a one-shot timeout <paramref name="us"/> microseconds from now, replacing the previous one.</summary>
    [Rpc(0)] void TriggerOnce(ulong us);

    /// <summary>Programs a periodic timeout every <paramref name="us"/> microseconds; 0 stops it.</summary>
    [Rpc(1)] void TriggerPeriodic(ulong us);

    /// <summary>Registers the signal context submitted when the timeout fires.</summary>
    [Rpc(2)] void Sigh(Capability context);

    [Rpc(3)] ulong ElapsedMs();

    [Rpc(4)] ulong ElapsedUs();
}
