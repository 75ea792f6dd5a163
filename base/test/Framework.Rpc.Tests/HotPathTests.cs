namespace Framework.Rpc.Tests;

/// <summary>The client call and the dispatch allocate nothing for value-typed signatures.</summary>
[TestFixture]
public sealed class HotPathTests
{
    [Test]
    public void ValueTypedCallsDoNotAllocate()
    {
        var world = new Fixture();
        var echo = new IEcho.Client(world.Serve<IEcho>(new EchoTarget(), IEcho.Dispatch));
        var point = new Point { X = 1, Y = 2 };
        Run(echo, point); // warm up: JIT, pools

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            Run(echo, point);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
    }

    private static void Run(IEcho.Client echo, Point point)
    {
        echo.Int32(5);
        echo.Struct(point);
        echo.Enum(Color.Green);
        echo.String(null);
        echo.Mixed(1, 2, 3, 4, 5, 6, 7, 8, true);
    }
}
