using System.Reactive.Linq;
using Framework.Rpc;

namespace Framework.Base;

/// <summary>
/// A signal handler: a signal context whose signals run <c>handler</c> on the entrypoint.
/// Submits that arrive before the handler runs coalesce; the handler sees their count.
/// </summary>
public sealed class SignalHandler : IDisposable
{
    private readonly Entrypoint _ep;
    private readonly Action<uint> _handler;
    private bool _disposed;

    public SignalHandler(Entrypoint ep, Action<uint> handler)
    {
        _ep = ep;
        _handler = handler;
        Capability = ep.ManageSignal(this);
    }

    public SignalHandler(Entrypoint ep, Action handler) : this(ep, _ => handler()) { }

    /// <summary>The signal context capability to hand to whoever should signal.</summary>
    public Capability Capability { get; }

    internal ulong Imprint { get; set; }

    /// <summary>Signals dispatched so far (each dispatch counts once, whatever its count).</summary>
    public int Dispatches { get; private set; }

    public static implicit operator Capability(SignalHandler handler) => handler.Capability;

    internal void Dispatch(uint count)
    {
        Dispatches++;
        _handler(count);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _ep.DissolveSignal(this);
    }
}

/// <summary>Submits signals to a context; never blocks, even for an untrusted receiver.</summary>
public sealed class SignalTransmitter(Env env, Capability context)
{
    /// <summary>False if the capability names no signal context (any more).</summary>
    public bool Submit(uint count = 1) => env.Platform.Submit(context, count);
}

/// <summary>Reactive adapters for the edges (tests, tools, UI) — not the scheduler of component state.</summary>
public static class SignalObservable
{
    /// <summary>
    /// A signal handler as an observable of coalesced counts, dispatched on the entrypoint.
    /// Disposing the subscription dissolves the context.
    /// </summary>
    public static IObservable<uint> Signals(this Entrypoint ep, Action<Capability> bind) =>
        Observable.Create<uint>(observer =>
        {
            var handler = new SignalHandler(ep, observer.OnNext);
            bind(handler.Capability);
            return handler;
        });
}
