using System.Diagnostics;
using System.Runtime.CompilerServices;
using Framework.Test.Bench;

namespace Framework.Bench;

/// <summary>Host-side baselines, measured in the same process run as the figures they are compared with.</summary>
internal static class Baselines
{
    /// <summary>Runs <paramref name="batches"/> timed batches of <paramref name="iterations"/> after one untimed warm-up batch.</summary>
    public static Samples Batches(int batches, int iterations, Action<int> batch)
    {
        var samples = new Samples();
        batch(iterations);
        for (var b = 0; b < batches; b++)
        {
            var start = Stopwatch.GetTimestamp();
            batch(iterations);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations);
        }
        return samples;
    }

    /// <summary>The floor: the same session object called through its interface, in one thread.</summary>
    public static Samples DirectCall(int batches, int iterations)
    {
        IBenchSession session = Opaque(new BenchSession());
        return Batches(batches, iterations, n =>
        {
            for (var i = 0; i < n; i++)
                session.Null();
        });
    }

    /// <summary>Hides the concrete type from the JIT, so the call stays an interface call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IBenchSession Opaque(IBenchSession s) => s;

    /// <summary>Two host threads handing a turn back and forth with SemaphoreSlim: one round trip per iteration.</summary>
    public static Samples SemaphorePingPong(int batches, int iterations)
    {
        using var ping = new SemaphoreSlim(0);
        using var pong = new SemaphoreSlim(0);
        var stop = false;
        var peer = new Thread(() =>
        {
            while (true)
            {
                ping.Wait();
                if (Volatile.Read(ref stop))
                    return;
                pong.Release();
            }
        }) { IsBackground = true, Name = "ping-pong peer" };
        peer.Start();
        var samples = Batches(batches, iterations, n =>
        {
            for (var i = 0; i < n; i++)
            {
                ping.Release();
                pong.Wait();
            }
        });
        Volatile.Write(ref stop, true);
        ping.Release();
        peer.Join();
        return samples;
    }

    /// <summary>A host array of the same size filled in place: the memory-bandwidth floor of the dataspace figure.</summary>
    public static Samples Fill(int batches, int iterations, int size)
    {
        var bytes = new byte[size];
        byte value = 0;
        return Batches(batches, iterations, n =>
        {
            for (var i = 0; i < n; i++)
                bytes.AsSpan().Fill(++value);
        });
    }
}
