namespace Framework.Rpc;

/// <summary>
/// Thrown into a thread whose component is being destroyed, to unwind its host stack. Code must
/// let it pass: a catch-all that swallows it would keep a dead thread running.
/// </summary>
public sealed class ThreadKilledException() : Exception("thread killed");
