namespace Framework.Kernel.Native.PcUefi.Components;

/// <summary>The server of Genode's hello tutorial, in ring 3: says hello, adds two numbers, answers null calls.</summary>
internal static class HelloServer
{
    public const int SayHello = 1;
    public const int Add = 2;
    public const int Nop = 3;

    /// <summary>Parameter flag: serve without the greeting (the client's own, intra-space server).</summary>
    public const ulong Quiet = 1UL << 32;

    /// <summary>Entry: the parameter is the endpoint this thread receives on.</summary>
    public static void Main(ulong utcb)
    {
        var lib = new UserLib(utcb);
        var endpoint = (int)(uint)lib.Parameter;
        bool quiet = (lib.Parameter & Quiet) != 0;
        if (!quiet)
        {
            lib.Log("creating root component");
        }

        bool reply = false;
        while (lib.ReplyAndWait(endpoint, reply) == 0)
        {
            switch (lib.Word(0))
            {
                case SayHello:
                    lib.Log("I am here... Hello.");
                    lib.SetLength(0);
                    break;
                case Add:
                    lib.SetWord(0, lib.Word(1) + lib.Word(2));
                    lib.SetLength(4);
                    break;
                default:
                    lib.SetLength(0);
                    break;
            }

            reply = true;
        }

        if (!quiet)
        {
            lib.Log("endpoint gone, exiting");
        }

        lib.Exit();
    }
}
