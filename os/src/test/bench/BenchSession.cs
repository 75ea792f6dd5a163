using Framework.Base;
using Framework.Rpc;
using Framework.Util;

namespace Framework.Test.Bench;

/// <summary>The Bench session: the smallest RPCs of each shape, so that a round trip measures the path, not the work.</summary>
[RpcInterface("Bench")]
public partial interface IBenchSession
{
    /// <summary>The null RPC: no argument, no result.</summary>
    [Rpc(0)] void Null();

    /// <summary>
    /// A byte argument as large as every kernel carries (the bench sends <see cref="PayloadBytes"/>);
    /// returns its length so the server must look at it.
    /// </summary>
    [Rpc(1)] int Bytes([MaxBytes(PayloadBytes)] ReadOnlyMemory<byte> data);

    /// <summary>The largest byte argument that fits the portable message: opcode and length prefix take 8 bytes.</summary>
    public const int PayloadBytes = RpcLimits.PortableMessageBytes - 8;

    /// <summary>A capability argument: the kernel translates it into the server's capability space.</summary>
    [Rpc(2)] bool PassCap(Capability cap);
}

/// <summary>The session object. Public so that the harness can call it directly as the floor baseline.</summary>
public sealed class BenchSession : IBenchSession
{
    public void Null() { }

    public int Bytes(ReadOnlyMemory<byte> data) => data.Length;

    public bool PassCap(Capability cap) => cap.IsValid;
}

internal sealed class BenchRoot(Env env) : RootComponent<IBenchSession>(env, IBenchSession.Dispatch)
{
    protected override IBenchSession CreateSession(string args, SessionLabel label) => new BenchSession();
}
