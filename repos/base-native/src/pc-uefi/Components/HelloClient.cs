namespace Framework.Kernel.Native.PcUefi.Components;

/// <summary>
/// The client of the hello tutorial, in ring 3 and its own address space: calls the server through
/// IPC, prints the replies, measures the IPC and syscall round trips with the TSC, yields to let
/// the intruder run (and die), and shows that the server still answers.
/// </summary>
internal static unsafe class HelloClient
{
    public const int Rounds = 2000;

    /// <summary>
    /// Entry: the parameter holds two selectors of this component's capability space: the server's
    /// object (low half) and an object served by a thread of this very address space (high half).
    /// </summary>
    public static void Main(ulong utcb)
    {
        var lib = new UserLib(utcb);
        var server = (int)(uint)lib.Parameter;
        var local = (int)(lib.Parameter >> 32);

        lib.SetWord(0, HelloServer.SayHello);
        lib.SetLength(4);
        lib.Call(server);

        int sum = Add(ref lib, server, 13, 14);
        lib.Append("added 13 + 14 = ");
        lib.Append((ulong)sum);
        lib.Flush();

        // Null IPC round trip between two address spaces: call and reply, no payload.
        ulong* samples = lib.Data;
        for (int i = 0; i < Rounds; i++)
        {
            lib.SetWord(0, HelloServer.Nop);
            lib.SetLength(4);
            ulong t0 = UserLib.ReadTsc();
            lib.Call(server);
            samples[i] = UserLib.ReadTsc() - t0;
        }

        Report(ref lib, "ipc round trip (2 address spaces)", samples);

        for (int i = 0; i < Rounds; i++)
        {
            lib.SetWord(0, HelloServer.Nop);
            lib.SetLength(4);
            ulong t0 = UserLib.ReadTsc();
            lib.Call(local);
            samples[i] = UserLib.ReadTsc() - t0;
        }

        Report(ref lib, "ipc round trip (same address space)", samples);

        for (int i = 0; i < Rounds; i++)
        {
            ulong t0 = UserLib.ReadTsc();
            lib.Null();
            samples[i] = UserLib.ReadTsc() - t0;
        }

        Report(ref lib, "syscall round trip", samples);

        // Let the intruder run; it faults and is stopped.
        lib.Yield();

        sum = Add(ref lib, server, 2, 3);
        lib.Append("the server still answers: 2 + 3 = ");
        lib.Append((ulong)sum);
        lib.Flush();
        lib.Log("hello test completed");
        lib.Exit();
    }

    private static int Add(ref UserLib lib, int server, int a, int b)
    {
        lib.SetWord(0, HelloServer.Add);
        lib.SetWord(1, a);
        lib.SetWord(2, b);
        lib.SetLength(12);
        return lib.Call(server) == 0 ? lib.Word(0) : -1;
    }

    /// <summary>Median and best of the samples (sorted in place), and the mean.</summary>
    private static void Report(ref UserLib lib, string what, ulong* samples)
    {
        ulong total = 0;
        for (int i = 0; i < Rounds; i++)
        {
            total += samples[i];
            ulong v = samples[i];
            int j = i - 1;
            while (j >= 0 && samples[j] > v)
            {
                samples[j + 1] = samples[j];
                j--;
            }

            samples[j + 1] = v;
        }

        lib.Append("bench: ");
        lib.Append(what);
        lib.Append(": median ");
        lib.Append(samples[Rounds / 2]);
        lib.Append(" cycles, best ");
        lib.Append(samples[0]);
        lib.Append(", mean ");
        lib.Append(total / Rounds);
        lib.Append(" (");
        lib.Append((ulong)Rounds);
        lib.Append(" rounds, TSC)");
        lib.Flush();
    }
}
