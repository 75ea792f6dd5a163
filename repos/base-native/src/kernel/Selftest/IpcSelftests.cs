namespace Framework.Kernel.Native.Selftest;

/// <summary>
/// Rendezvous IPC with real contexts: a call and its reply, badges, capability transfer,
/// revocation, and a server's death aborting its caller.
/// </summary>
internal sealed class IpcSelftests
{
    private int _endpoint;
    private int _selector;
    private int _replies;
    private SyscallStatus _clientStatus;
    private ulong _badgeSeen;
    private byte _replyByte;
    private int _capsReceived;

    public SelftestSuite Suite() => new("ipc", new SelftestCase[]
    {
        new("call_reply", CallReply),
        new("badge_and_capability", BadgeAndCapability),
        new("revoked_object", RevokedObject),
        new("server_death_aborts_caller", ServerDeathAbortsCaller),
    });

    // Serves requests forever: the reply is the request's first byte plus one.
    private void Echo(NativeKernel kernel, int thread)
    {
        var request = new IpcBuffer(new byte[64]);
        var reply = new IpcBuffer(new byte[64]);
        IpcBuffer? pending = null;
        while (kernel.ReplyAndWait(_endpoint, pending, request) == SyscallStatus.Ok)
        {
            _badgeSeen = request.Badge;
            _capsReceived = request.CapCount;
            reply.Data[0] = (byte)(request.Data[0] + 1);
            reply.Length = 1;
            pending = reply;
        }
    }

    // Takes one request and dies without replying.
    private void Dies(NativeKernel kernel, int thread)
    {
        var request = new IpcBuffer(new byte[64]);
        kernel.ReplyAndWait(_endpoint, null, request);
        kernel.KillThread(thread);
    }

    private void Client(NativeKernel kernel, int thread)
    {
        var message = new IpcBuffer(new byte[64]);
        message.Data[0] = 41;
        message.Length = 1;
        _clientStatus = kernel.Call(_selector, message);
        if (_clientStatus == SyscallStatus.Ok)
        {
            _replies++;
            _replyByte = message.Data[0];
        }
    }

    private void ClientWithCap(NativeKernel kernel, int thread)
    {
        var message = new IpcBuffer(new byte[64]);
        message.Data[0] = 1;
        message.Length = 1;
        message.Caps[0] = _selector;
        message.CapCount = 1;
        _clientStatus = kernel.Call(_selector, message);
    }

    private bool Setup(ISelftestMachine m, ulong badge, out int serverPd, out int clientPd)
    {
        NativeKernel k = m.Kernel;
        serverPd = (int)k.CreatePd(new PdMemory(32, 16)).Value;
        clientPd = (int)k.CreatePd(new PdMemory(32, 16)).Value;
        _endpoint = (int)k.CreateEndpoint(serverPd).Value;
        var obj = (int)k.MintObject(_endpoint, badge).Value;
        SyscallResult sel = k.InstallCap(clientPd, CapKind.Object, obj);
        _selector = (int)sel.Value;
        _replies = 0;
        _clientStatus = SyscallStatus.Failed;
        _badgeSeen = 0;
        _capsReceived = 0;
        return sel.IsSuccess;
    }

    private SyscallStatus CallReply(SelftestContext t)
    {
        ISelftestMachine? m = t.Machine;
        if (m == null)
        {
            return SyscallStatus.Unavailable;
        }

        if (!t.Check(Setup(m, 0x42, out int server, out int client), "setup"))
        {
            return SyscallStatus.Failed;
        }

        SchedulerSelftests.Start(m, server, 5, Echo);
        SchedulerSelftests.Start(m, client, 3, Client);
        m.RunUntilIdle();
        bool ok = t.CheckStatus(_clientStatus, SyscallStatus.Ok, "the call succeeds")
            && t.Check(_replies == 1 && _replyByte == 42, "the reply carries the server's answer")
            && t.Check(_badgeSeen == 0x42, "the server sees the object's badge");
        m.Kernel.DestroyPd(client);
        m.Kernel.DestroyPd(server);
        return ok ? SyscallStatus.Ok : SyscallStatus.Failed;
    }

    private SyscallStatus BadgeAndCapability(SelftestContext t)
    {
        ISelftestMachine? m = t.Machine;
        if (m == null)
        {
            return SyscallStatus.Unavailable;
        }

        if (!t.Check(Setup(m, 7, out int server, out int client), "setup"))
        {
            return SyscallStatus.Failed;
        }

        int usedBefore = m.Kernel.CapSlotsUsed(server);
        SchedulerSelftests.Start(m, server, 5, Echo);
        SchedulerSelftests.Start(m, client, 3, ClientWithCap);
        m.RunUntilIdle();
        bool ok = t.CheckStatus(_clientStatus, SyscallStatus.Ok, "the call succeeds")
            && t.Check(_badgeSeen == 7, "badge 7 arrives")
            && t.Check(_capsReceived == 1, "one capability arrives")
            && t.Check(m.Kernel.CapSlotsUsed(server) == usedBefore + 1, "it occupies one slot in the server's space");
        m.Kernel.DestroyPd(client);
        m.Kernel.DestroyPd(server);
        return ok ? SyscallStatus.Ok : SyscallStatus.Failed;
    }

    private SyscallStatus RevokedObject(SelftestContext t)
    {
        ISelftestMachine? m = t.Machine;
        if (m == null)
        {
            return SyscallStatus.Unavailable;
        }

        if (!t.Check(Setup(m, 1, out int server, out int client), "setup"))
        {
            return SyscallStatus.Failed;
        }

        m.Kernel.LookupCap(client, _selector, out _, out int obj);
        m.Kernel.RevokeObject(obj);
        SchedulerSelftests.Start(m, server, 5, Echo);
        SchedulerSelftests.Start(m, client, 3, Client);
        m.RunUntilIdle();
        bool ok = t.CheckStatus(_clientStatus, SyscallStatus.BadCapability, "a call through a revoked capability fails")
            && t.Check(_replies == 0, "no reply");
        m.Kernel.DestroyPd(client);
        m.Kernel.DestroyPd(server);
        return ok ? SyscallStatus.Ok : SyscallStatus.Failed;
    }

    private SyscallStatus ServerDeathAbortsCaller(SelftestContext t)
    {
        ISelftestMachine? m = t.Machine;
        if (m == null)
        {
            return SyscallStatus.Unavailable;
        }

        if (!t.Check(Setup(m, 1, out int server, out int client), "setup"))
        {
            return SyscallStatus.Failed;
        }

        SchedulerSelftests.Start(m, server, 5, Dies);
        SchedulerSelftests.Start(m, client, 3, Client);
        m.RunUntilIdle();
        bool ok = t.CheckStatus(_clientStatus, SyscallStatus.Aborted, "the caller learns that its server died");
        m.Kernel.DestroyPd(client);
        m.Kernel.DestroyPd(server);
        return ok ? SyscallStatus.Ok : SyscallStatus.Failed;
    }
}
