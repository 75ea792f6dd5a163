using Framework.Base;
using Framework.Base.Session;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Os.Dummy;

/// <summary>
/// The dynamic resource protocol with the parent (resource requests, yield requests, heartbeats)
/// as the dummy needs it, in one place.
/// </summary>
internal sealed class ParentResources(Env env)
{
    public void RespondToHeartbeats() => env.RespondToHeartbeats();

    public void HandleYieldRequests(Action onYield) => env.HandleYieldRequests(_ => onYield());

    public void YieldResponse() => env.YieldResponse();

    /// <summary>Asks the parent; <paramref name="onAvailable"/> runs once it upgraded the quota.</summary>
    public bool RequestResources(string args, Action onAvailable)
    {
        env.RequestResources(args, onAvailable);
        return true;
    }
}

/// <summary>Holds one RAM allocation (<c>consume_ram</c>).</summary>
internal sealed class RamConsumer(Env env)
{
    private Capability<IDataspace> _ds;
    private ulong _amount;

    public void Release()
    {
        if (_amount == 0)
            return;
        env.Log($"release {new NumberOfBytes(_amount)} bytes of memory");
        env.Pd.Free(_ds);
        _ds = default;
        _amount = 0;
    }

    /// <summary>False if the quota did not cover it (nothing is held then).</summary>
    public bool TryConsume(ulong amount, bool announce = true)
    {
        Release();
        if (announce)
            env.Log($"consume {new NumberOfBytes(amount)} bytes of memory");
        try
        {
            _ds = env.Pd.Alloc(amount);
        }
        catch (InsufficientRamQuotaException)
        {
            return false;
        }
        _amount = amount;
        return true;
    }
}

/// <summary>An RPC object that exists only to occupy a capability.</summary>
[RpcInterface]
internal partial interface ICapHolder
{
    [Rpc(0)] void Nop();
}

/// <summary>Holds up to 100 capabilities (<c>consume_caps</c>), each one managed RPC object.</summary>
internal sealed class CapConsumer(Env env)
{
    private const int Max = 100;

    private sealed class Holder : ICapHolder
    {
        public void Nop() { }
    }

    private readonly List<Holder> _objects = [];
    private ulong _amount;

    public void Release()
    {
        if (_amount == 0)
            return;
        env.Log($"release {_amount} caps");
        foreach (var o in _objects)
            env.Ep.Dissolve(o);
        _objects.Clear();
        _amount = 0;
    }

    /// <summary>
    /// False if the capability quota ran out on the way (what was created is kept, and
    /// <see cref="Continue"/> creates the rest once the parent gave more).
    /// </summary>
    public bool TryConsume(ulong amount)
    {
        Release();
        env.Log($"consume {amount} caps");
        _amount = amount;
        return Continue();
    }

    /// <summary>Creates the capabilities still missing from the current amount; false if the quota ran out.</summary>
    public bool Continue()
    {
        while (_objects.Count < (int)Math.Min(_amount, Max))
        {
            var holder = new Holder();
            try
            {
                env.Ep.Manage((ICapHolder)holder, ICapHolder.Dispatch);
            }
            catch (Exception e) when (e is InsufficientCapQuotaException or RpcException)
            {
                // Asking the parent takes a capability too (the resource-avail signal handler):
                // give one back so that the request can be made; it is re-created afterwards.
                if (_objects.Count > 0)
                {
                    env.Ep.Dissolve(_objects[^1]);
                    _objects.RemoveAt(_objects.Count - 1);
                }
                return false;
            }
            _objects.Add(holder);
        }
        return true;
    }

    /// <summary>Capabilities still to be created for the current amount.</summary>
    public ulong Missing => Math.Min(_amount, Max) - (ulong)_objects.Count;
}
